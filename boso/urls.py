from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from boso.accounts import views as account_views
from boso.api.api import api
from boso.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", core_views.home, name="home"),
    path("", include("boso.municipalities.urls")),
    path("", include("boso.statistics.urls")),
    path("", include("boso.statistics.urls_facts")),
    path("", include("boso.selection.urls")),
    path("", include("boso.programmes.urls")),
    path("", include("boso.plans.urls")),
    path("", include("boso.reports.urls")),
    path("logg-inn/", account_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("konto/", account_views.account, name="account"),
    path("konto/nokler/<int:pk>/trekk-tilbake/", account_views.token_revoke, name="token-revoke"),
    path("brukere/", account_views.user_list, name="user-list"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "boso.core.views.bad_request"
handler403 = "boso.core.views.permission_denied"
handler404 = "boso.core.views.page_not_found"
handler500 = "boso.core.views.server_error"
