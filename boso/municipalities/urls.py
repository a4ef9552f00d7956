from django.urls import path

from boso.municipalities import views

app_name = "municipalities"

urlpatterns = [
    path("kommuner/", views.municipality_list, name="list"),
    path("kommuner/<str:code>/", views.municipality_detail, name="detail"),
    path("regioner/", views.region_list, name="region-list"),
    path("regioner/<slug:slug>/", views.region_detail, name="region-detail"),
]
