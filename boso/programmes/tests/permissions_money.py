"""Permission-matrix rows: money (see permissions.py).

Drammen's participation in region sør's 2010 programme, built afresh for each request:
Husbanken (admins, every advisor) and Drammen's own users read it; admins and the
advisor of region sør grant and pay; Drammen's coordinator may also ask for payment.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only

_READERS = dict.fromkeys(("admin", "advisor", "advisor_other", "coordinator", "reader"), 200)
_MANAGERS = dict.fromkeys(("admin", "advisor"), 302)
# An unknown id: 404 when logged in; anonymous visitors are sent to log in either way.
# The form fields of a request and a payment carry the grant's or the disbursement's id,
# which a row's fixed data cannot know: those rows post nothing, and the roles allowed
# get the refused form (400) while the others get 403.


def drammen_participation(users: Mapping[str, Any]) -> Any:
    """Drammen (0602) taking part in region sør's 2010 programme from 1 October 2010,
    with a grant of 750 000 for 2010 and a request of 250 000 against it."""
    from boso.municipalities.models import Region
    from boso.municipalities.selectors import municipality_get
    from boso.programmes import services
    from boso.programmes.choices import ContactRole, PoliticalBody
    from boso.programmes.tests.seed import DEADLINE, attach_decision, drammen_years
    from boso.programmes.tests.test_workflow import approved_participation

    advisor, coordinator = users["advisor"], users["coordinator"]
    drammen = municipality_get("0602", day=datetime.date(2010, 1, 1))
    programme = services.programme_create(
        region=Region.objects.get(slug="sor"),
        name="Boligsosialt utviklingsprogram region sør",
        start_year=2010,
        end_year=2014,
        application_deadline=DEADLINE,
        budgets={2010: Decimal(6_000_000), 2011: Decimal(12_000_000)},
        user=advisor,
    )
    call = services.call_create(programme=programme, title="Utlysning 2010", user=advisor)
    services.call_invite(call=call, municipality=drammen, user=advisor)
    services.call_open(call=call, user=advisor)
    application = services.application_create(call=call, municipality=drammen, user=coordinator)
    attach_decision(application)
    services.application_save_draft(
        application=application,
        expected_version=application.version,
        user=coordinator,
        needs_and_goals="Forebygge og bekjempe bostedsløshet.",
        target_groups="Bostedsløse med behov for bolig.",
        sub_projects="Ny boligsosial handlingsplan.",
        political_body=PoliticalBody.FORMANNSKAP,
        political_decision_date=datetime.date(2010, 3, 23),
        political_case_number="sak 46/10",
        years=drammen_years(),
        contacts=[services.ContactInput(ContactRole.COORDINATOR, coordinator, "Helse og sosial")],
    )
    participation = approved_participation(application, users)
    grant = services.grant_decide(
        participation=participation,
        year=2010,
        amount=Decimal(750_000),
        decided_on=datetime.date(2010, 10, 15),
        user=advisor,
    )
    services.disbursement_request(
        grant=grant, amount=Decimal(250_000), requested_on=datetime.date(2010, 11, 1)
    )
    return participation


def _money(template: str) -> Callable[[Mapping[str, Any]], str]:
    """A URL of a fresh participation ({participation}), its 2010 grant ({grant}) and
    the request against that grant ({disbursement})."""

    def url(users: Mapping[str, Any]) -> str:
        participation = drammen_participation(users)
        grant = participation.grants.get(year=2010)
        disbursement = grant.disbursements.get()
        return template.format(
            participation=participation.pk, grant=grant.pk, disbursement=disbursement.pk
        )

    return url


ROWS: list[Row] = [
    Row("money participation", _money("/programmer/deltakelser/{participation}/"), only(_READERS)),
    Row(
        "money participation, unknown",
        "/programmer/deltakelser/999999/",
        logged_in(404),
    ),
    Row(
        "money grant create",
        _money("/programmer/deltakelser/{participation}/tilsagn/"),
        only(_MANAGERS),
        method="POST",
        data={
            "tilsagn-year": "2011",
            "tilsagn-amount": "1 500 000",
            "tilsagn-decided_on": "15.01.2011",
            "tilsagn-reference": "sak 11/1",
        },
    ),
    Row(
        "money disbursement request",
        _money("/programmer/tilsagn/{grant}/anmodning/"),
        only(dict.fromkeys(("admin", "advisor", "coordinator"), 400)),
        method="POST",
    ),
    Row(
        "money disbursement pay",
        _money("/programmer/utbetalinger/{disbursement}/betal/"),
        only(dict.fromkeys(_MANAGERS, 400)),
        method="POST",
    ),
    Row("money instruments", "/programmer/virkemidler/0602/", only(_READERS)),
    Row(
        "money instruments, unknown municipality",
        "/programmer/virkemidler/9999/",
        logged_in(404),
    ),
    Row(
        "money instruments record",
        "/programmer/virkemidler/0602/",
        only(_MANAGERS),
        method="POST",
        data={
            "year": "2009",
            "kind": "start_loan",
            "amount": "25 000 000",
            "count": "48",
            "source": "Husbankens årsstatistikk 2009",
        },
    ),
]
