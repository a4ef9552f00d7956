from collections.abc import Mapping
from typing import Any

from boso.accounts.services import api_token_create
from boso.core.testing.matrix import LOGIN, Row, everyone, logged_in, only


def _revoke_url(users: Mapping[str, Any]) -> str:
    # The token belongs to the Drammen coordinator; everybody else must get a 404.
    token, _raw = api_token_create(user=users["coordinator"], name="matrise")
    return f"/konto/nokler/{token.pk}/trekk-tilbake/"


ROWS = [
    Row("login page", "/logg-inn/", {**everyone(200), **logged_in(302, anonymous=200)}),
    Row("logout", "/logg-ut/", everyone(302), method="POST"),
    Row("account", "/konto/", logged_in(200)),
    Row("create token", "/konto/", logged_in(302), method="POST", data={"name": "matrise"}),
    Row(
        "revoke token",
        _revoke_url,
        only({"coordinator": 302}, others=404, anonymous=LOGIN),
        method="POST",
    ),
    Row("user list", "/brukere/", only({"admin": 200})),
    Row("api me", "/api/v1/me", logged_in(200, anonymous=401), api=True),
]
