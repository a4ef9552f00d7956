"""Permission-matrix rows: the application, attachment, assessment and agreement pages.

Each URL is built on a fresh region sør 2010 programme (see boso/programmes/tests/seed.py)
with Drammen's application in the state the row needs. The coordinator is Drammen's
(3301, owning 0602 by lineage); the outsiders are Lillehammer's coordinator and region
øst's advisor. Admins are superusers and pass every permission.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only

PDF = b"%PDF-1.4\n%%EOF\n"
Users = Mapping[str, Any]


def _draft(users: Users, *, future_deadline: bool = False) -> Any:
    """Drammen's complete draft on a new call (deadline 31.03.2010 unless in the future)."""
    from django.utils import timezone

    from boso.municipalities.models import Region
    from boso.municipalities.selectors import municipality_get
    from boso.programmes import services
    from boso.programmes.choices import ContactRole
    from boso.programmes.tests.seed import DEADLINE, attach_decision, drammen_years

    advisor, coordinator = users["advisor"], users["coordinator"]
    programme = services.programme_create(
        region=Region.objects.get(slug="sor"),
        name="Matrise",
        start_year=2010,
        end_year=2014,
        application_deadline=DEADLINE,
        budgets={2010: Decimal(6_000_000)},
    )
    deadline = timezone.localdate() + datetime.timedelta(days=30) if future_deadline else None
    call = services.call_create(programme=programme, title="Matrise", deadline=deadline)
    drammen = municipality_get("0602", day=datetime.date(2010, 1, 1))
    services.call_invite(call=call, municipality=drammen, user=advisor)
    services.call_open(call=call, user=advisor)
    application = services.application_create(call=call, municipality=drammen)
    attach_decision(application)
    return services.application_save_draft(
        application=application,
        expected_version=1,
        needs_and_goals="Behov",
        target_groups="Bostedsløse",
        sub_projects="Boligskole",
        political_body="formannskap",
        political_decision_date=datetime.date(2010, 3, 23),
        political_case_number="sak 1/10",
        years=drammen_years(),
        contacts=[services.ContactInput(ContactRole.COORDINATOR, coordinator)],
    )


def _submitted(users: Users) -> Any:
    from boso.programmes import services
    from boso.programmes.tests.seed import BEFORE

    application = _draft(users)
    return services.application_submit(application=application, today=BEFORE)


def _approved(users: Users) -> Any:
    from boso.programmes import services

    application = _submitted(users)
    criteria = application.call.programme.assessment_criteria
    return services.application_decide(
        application=application,
        outcome="approve",
        scores=dict.fromkeys(criteria, 5),
        recommendation="Godt forankret.",
    )


def _agreement(users: Users) -> Any:
    from boso.programmes import services
    from boso.selection.models import Tier

    application = _approved(users).application
    return services.agreement_create(
        application=application,
        starts_on=datetime.date(2010, 1, 1),
        ends_on=datetime.date(2014, 12, 31),
        husbanken_obligations="Tilskudd og samlinger.",
        municipality_obligations="Egeninnsats og rapportering.",
        tier=Tier.objects.get(code="samarbeidsavtale"),
    )


def _attachment(users: Users) -> Any:
    from boso.programmes import services

    return services.attachment_add(
        application=_draft(users), upload=io.BytesIO(PDF), name="vedtak.pdf", kind="other"
    )


def _url(template: str, build: Callable[[Users], Any]) -> Callable[[Users], str]:
    return lambda users: template.format(pk=build(users).pk)


def _invitation(users: Users) -> Any:
    """An invitation to an open call with no application yet."""
    from boso.programmes.models import Invitation

    application = _draft(users, future_deadline=True)
    invitation = Invitation.objects.get(call=application.call)
    application.delete()
    return invitation


_HUSBANKEN = {"admin": 200, "advisor": 200}
_OWN = {"admin": 200, "advisor": 200, "coordinator": 200}
_OWN_SUBMITTED = {**_OWN, "reader": 200}

ROWS: list[Row] = [
    Row("application list", "/programmer/soknader/", logged_in(200)),
    Row(
        "application start",
        _url("/programmer/invitasjoner/{pk}/sok/", _invitation),
        only({"admin": 302, "coordinator": 302}),
        method="POST",
    ),
    Row("application draft", _url("/programmer/soknader/{pk}/", _draft), only(_OWN)),
    Row(
        "application submitted",
        _url("/programmer/soknader/{pk}/", _submitted),
        only(_OWN_SUBMITTED),
    ),
    Row(
        "application edit",
        _url("/programmer/soknader/{pk}/rediger/", _draft),
        only({"admin": 200, "coordinator": 200}),
    ),
    Row(
        "application edit, once submitted",
        _url("/programmer/soknader/{pk}/rediger/", _submitted),
        only({"admin": 200}),  # superusers pass every permission; the service still refuses
    ),
    Row(
        "application submit after the deadline",
        _url("/programmer/soknader/{pk}/send/", _draft),
        only({"admin": 400, "coordinator": 400}),
        method="POST",
    ),
    Row(
        "application reopen, no date",
        _url("/programmer/soknader/{pk}/gjenapne/", _submitted),
        only({"admin": 400, "advisor": 400}),
        method="POST",
    ),
    Row(
        "attachment upload, no file",
        _url("/programmer/soknader/{pk}/vedlegg/", _draft),
        only({"admin": 400, "coordinator": 400}),
        method="POST",
    ),
    Row("attachment download", _url("/programmer/vedlegg/{pk}/", _attachment), only(_OWN)),
    Row(
        "attachment delete",
        _url("/programmer/vedlegg/{pk}/slett/", _attachment),
        only({"admin": 302, "coordinator": 302}),
        method="POST",
    ),
    Row(
        "application pdf",
        _url("/programmer/soknader/{pk}/soknad.pdf", _submitted),
        only(_OWN_SUBMITTED),
    ),
    Row(
        "application assess",
        _url("/programmer/soknader/{pk}/vurder/", _submitted),
        only(_HUSBANKEN),
    ),
    Row(
        "decision letter pdf",
        _url("/programmer/vurderinger/{pk}/vedtaksbrev.pdf", _approved),
        only(_OWN_SUBMITTED),
    ),
    Row(
        "agreement create",
        lambda users: f"/programmer/soknader/{_approved(users).application_id}/avtale/ny/",
        only(_HUSBANKEN),
    ),
    Row("agreement", _url("/programmer/avtaler/{pk}/", _agreement), only(_OWN_SUBMITTED)),
    Row(
        "agreement sign, no dates",
        _url("/programmer/avtaler/{pk}/signer/", _agreement),
        only({"admin": 400, "advisor": 400}),
        method="POST",
    ),
    Row(
        "agreement pdf",
        _url("/programmer/avtaler/{pk}/avtale.pdf", _agreement),
        only(_OWN_SUBMITTED),
    ),
]
