from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with one message for every failure.

    It never says whether the username or the password was wrong.
    """

    error_messages = {
        "invalid_login": _("Feil brukernavn eller passord."),
        "inactive": _("Feil brukernavn eller passord."),
    }


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn på nøkkelen"),
        max_length=100,
        help_text=_("Hva nøkkelen brukes til, for eksempel «Rapportuttrekk»."),
    )
