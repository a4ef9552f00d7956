"""Permission-matrix rows: programmes and calls (see permissions.py).

Programmes and calls are read by every logged-in user; the advisor of the programme's
region (radgiver.sor) and admins manage them, the advisor of another region does not.
The invitation letter is Husbanken's (the region) and the invited municipality's.
Each row builds a fresh programme of region sør 2010, so the roles do not share state.
"""

from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only

_MANAGERS_GET = {"admin": 200, "advisor": 200}
_MANAGERS_POST = {"admin": 302, "advisor": 302}
# Every advisor may open the form for a new programme (for the own region only).
_ADVISORS = {"admin": 200, "advisor": 200, "advisor_other": 200}


def _sor(template: str, *, invited: bool = False) -> Callable[[Mapping[str, Any]], str]:
    """A URL of a new programme of region sør 2010 ({programme}) with a draft call
    ({call}); with Drammen (0602) invited ({invitation}) when `invited`."""

    def url(users: Mapping[str, Any]) -> str:
        import datetime

        from boso.municipalities.models import Region
        from boso.municipalities.selectors import municipality_get
        from boso.programmes import services

        advisor = users["advisor"]
        programme = services.programme_create(
            region=Region.objects.get(slug="sor"),
            name="Matriseprogram",
            start_year=2010,
            end_year=2014,
            application_deadline=datetime.date(2010, 3, 31),
            user=advisor,
        )
        call = services.call_create(programme=programme, title="Matriseutlysning", user=advisor)
        invitation_pk = 0
        if invited:
            drammen = municipality_get("0602", day=datetime.date(2010, 1, 1))
            invitation_pk = services.call_invite(call=call, municipality=drammen, user=advisor).pk
        return template.format(programme=programme.pk, call=call.pk, invitation=invitation_pk)

    return url


ROWS: list[Row] = [
    Row("programmes list", "/programmer/", logged_in(200)),
    Row("programme new", "/programmer/ny/", only(_ADVISORS)),
    Row(
        "programme new, empty form",
        "/programmer/ny/",
        only(dict.fromkeys(_ADVISORS, 400)),
        method="POST",
    ),
    Row("programme page", _sor("/programmer/{programme}/"), logged_in(200)),
    Row("programme page, unknown", "/programmer/999999/", logged_in(404)),
    Row(
        "programme activate",
        _sor("/programmer/{programme}/aktiver/"),
        only(_MANAGERS_POST),
        method="POST",
    ),
    Row(
        "programme close",
        _sor("/programmer/{programme}/avslutt/"),
        only(_MANAGERS_POST),
        method="POST",
    ),
    Row("call new", _sor("/programmer/{programme}/utlysninger/ny/"), only(_MANAGERS_GET)),
    Row(
        "call new, empty form",
        _sor("/programmer/{programme}/utlysninger/ny/"),
        only({"admin": 400, "advisor": 400}),
        method="POST",
    ),
    Row("call page", _sor("/programmer/utlysninger/{call}/", invited=True), logged_in(200)),
    Row(
        "call invite",
        _sor("/programmer/utlysninger/{call}/inviter/"),
        only(_MANAGERS_POST),
        method="POST",
        data={"municipality": "0602"},
    ),
    Row(
        "call invite from ranking",
        _sor("/programmer/utlysninger/{call}/inviter-fra-rangering/"),
        only(_MANAGERS_POST),
        method="POST",
    ),
    Row(
        "call open",
        _sor("/programmer/utlysninger/{call}/lys-ut/", invited=True),
        only(_MANAGERS_POST),
        method="POST",
    ),
    Row(
        "call close",
        _sor("/programmer/utlysninger/{call}/lukk/"),
        only(_MANAGERS_POST),
        method="POST",
    ),
    Row(
        "invitation letter",
        _sor("/programmer/invitasjoner/{invitation}/invitasjon.pdf", invited=True),
        only({"admin": 200, "advisor": 200, "coordinator": 200, "reader": 200}),
    ),
    Row(
        "invitation letter, unknown",
        "/programmer/invitasjoner/999999/invitasjon.pdf",
        logged_in(404),
    ),
]
