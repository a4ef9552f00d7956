from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boso.accounts import selectors, services
from boso.accounts.forms import ApiTokenForm, LoginForm
from boso.accounts.models import ApiToken
from boso.core.permissions import permission_required

NEW_TOKEN_KEY = "boso_new_api_token"  # noqa: S105 (a session key, not a secret)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
@permission_required("accounts.view_own_account")
def account(request: HttpRequest) -> HttpResponse:
    """The user's own page: role, scope and personal API tokens."""
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.api_token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Post/redirect/get, so a reload cannot make a second token; the raw token
            # waits in the session for exactly one page view.
            request.session[NEW_TOKEN_KEY] = raw
            return redirect("account")
    new_token = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    tokens = selectors.api_tokens_of(request.user)  # type: ignore[arg-type]
    context = {"form": form, "tokens": tokens, "new_token": new_token}
    return render(request, "accounts/account.html", context)


@require_POST
@permission_required("accounts.manage_own_tokens")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's token is a 404, not a 403: its existence is not ours to reveal.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(
        request, _("API-nøkkelen «%(name)s» er trukket tilbake.") % {"name": token.name}
    )
    return redirect("account")


@permission_required("accounts.view_user_list")
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", {"users": selectors.user_list()})
