"""Permission-matrix rows: the programmes API (see permissions.py).

Each row builds a fresh programme of region sør 2010 with Drammen's (0602) application
taken to the stage the row needs. Programmes and calls are read by every logged-in
user; what Drammen wrote or was granted by Husbanken and by Drammen only (readers once
it is submitted); writes by the coordinator (drafts) and the region's advisor
(decisions). Admins are superusers and pass every permission.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from boso.core.testing.matrix import Row, logged_in, only

STAGES = ("draft", "reopened", "submitted", "signed")


def drammen_draft(users: Mapping[str, Any]) -> Any:
    """An open call of a new region sør programme, and Drammen's complete draft."""
    from boso.municipalities.models import Region
    from boso.municipalities.selectors import municipality_get
    from boso.programmes import services
    from boso.programmes.choices import ContactRole, PoliticalBody
    from boso.programmes.tests.seed import DEADLINE, attach_decision, drammen_years

    advisor, coordinator = users["advisor"], users["coordinator"]
    programme = services.programme_create(
        region=Region.objects.get(slug="sor"),
        name="Matriseprogram region sør",
        start_year=2010,
        end_year=2014,
        application_deadline=DEADLINE,
        user=advisor,
    )
    call = services.call_create(programme=programme, title="Matriseutlysning", user=advisor)
    drammen = municipality_get("0602", day=datetime.date(2010, 1, 1))
    services.call_invite(call=call, municipality=drammen, user=advisor)
    services.call_open(call=call, user=advisor)
    application = services.application_create(call=call, municipality=drammen, user=coordinator)
    attach_decision(application)
    return services.application_save_draft(
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


def advance(application: Any, users: Mapping[str, Any], stage: str) -> dict[str, int]:
    """Take a draft on to `stage` (one of STAGES) the way the people would; return the
    ids a URL may need: programme, call, application, agreement, participation."""
    from boso.programmes import services
    from boso.programmes.choices import Outcome
    from boso.selection.models import Tier

    advisor, coordinator = users["advisor"], users["coordinator"]
    ids = {"programme": application.call.programme_id, "call": application.call_id}
    steps = STAGES[1 : STAGES.index(stage) + 1]
    if "reopened" in steps:
        # The 2010 deadline has passed: the advisor opens the draft for submission.
        until = datetime.date.today() + datetime.timedelta(days=30)
        services.application_reopen(application=application, until=until, user=advisor)
    if "submitted" in steps:
        services.application_submit(application=application, user=coordinator)
    if "signed" in steps:
        criteria = application.call.programme.assessment_criteria
        services.application_decide(
            application=application,
            outcome=Outcome.APPROVE,
            scores=dict.fromkeys(criteria, 5),
            recommendation="Innstilles innvilget.",
            user=advisor,
        )
        agreement = services.agreement_create(
            application=application,
            starts_on=datetime.date(2010, 6, 1),
            ends_on=datetime.date(2014, 12, 31),
            husbanken_obligations="Kompetansetilskudd og rådgivning.",
            municipality_obligations="Egeninnsats og rapportering.",
            tier=Tier.objects.get(code="samarbeidsavtale"),
            user=advisor,
        )
        participation = services.agreement_sign(
            agreement=agreement,
            municipality_signed_on=datetime.date(2010, 6, 10),
            husbanken_signed_on=datetime.date(2010, 6, 15),
            user=advisor,
        )
        ids |= {"agreement": agreement.pk, "participation": participation.pk}
    return ids | {"application": application.pk}


def _at(template: str, stage: str = "draft") -> Callable[[Mapping[str, Any]], str]:
    """A URL on Drammen's application at `stage` ({programme}, {call}, {application},
    {agreement}, {participation})."""

    def url(users: Mapping[str, Any]) -> str:
        return template.format(**advance(drammen_draft(users), users, stage))

    return url


API = "/api/v1/programmes"
_UNKNOWN = logged_in(404, anonymous=401)
# Husbanken's managers of region sør, and Drammen's own users.
_MANAGE = {"admin": 200, "advisor": 200}
_DRAMMEN = {"coordinator": 200, "reader": 200}


def _attachment_file(users: Mapping[str, Any]) -> str:
    """The file of an attachment to Drammen's draft."""
    import io

    from boso.programmes import services

    attachment = services.attachment_add(
        application=drammen_draft(users),
        upload=io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
        name="vedtak.pdf",
        kind="political_decision",
    )
    return f"{API}/attachments/{attachment.pk}/file"


ROWS: list[Row] = [
    Row("api programmes", API, logged_in(anonymous=401), api=True),
    Row(
        "api attachment file",
        _attachment_file,
        only({**_MANAGE, "coordinator": 200}, anonymous=401),
        api=True,
    ),
    Row("api attachment file, unknown", API + "/attachments/999999/file", _UNKNOWN, api=True),
    Row("api programme", _at(API + "/{programme}"), logged_in(anonymous=401), api=True),
    Row("api programme, unknown", API + "/999999", _UNKNOWN, api=True),
    Row("api call", _at(API + "/calls/{call}"), logged_in(anonymous=401), api=True),
    Row("api call, unknown", API + "/calls/999999", _UNKNOWN, api=True),
    # Lists answer every logged-in user, holding only what each may read.
    Row("api applications", _at(API + "/applications"), logged_in(anonymous=401), api=True),
    Row(
        "api application, draft",
        _at(API + "/applications/{application}"),
        only({**_MANAGE, "coordinator": 200}, anonymous=401),
        api=True,
    ),
    Row(
        "api application, submitted",
        _at(API + "/applications/{application}", "submitted"),
        only({**_MANAGE, **_DRAMMEN}, anonymous=401),
        api=True,
    ),
    Row("api application, unknown", API + "/applications/999999", _UNKNOWN, api=True),
    # The body is checked after the permission: `{}` lacks `version` (422).
    Row(
        "api application save",
        _at(API + "/applications/{application}"),
        only({"admin": 422, "coordinator": 422}, anonymous=401),
        method="PUT",
        api=True,
    ),
    Row(
        "api application submit",
        _at(API + "/applications/{application}/submit", "reopened"),
        only({"admin": 200, "coordinator": 200}, anonymous=401),
        method="POST",
        api=True,
    ),
    # The matrix posts a form; the endpoint reads JSON, so those allowed get 400.
    Row(
        "api application decision",
        _at(API + "/applications/{application}/decision", "submitted"),
        only({"admin": 400, "advisor": 400}, anonymous=401),
        method="POST",
        api=True,
    ),
    Row(
        "api agreement",
        _at(API + "/agreements/{agreement}", "signed"),
        only({**_MANAGE, **_DRAMMEN}, anonymous=401),
        api=True,
    ),
    Row("api agreement, unknown", API + "/agreements/999999", _UNKNOWN, api=True),
    Row(
        "api participations",
        _at(API + "/participations", "signed"),
        logged_in(anonymous=401),
        api=True,
    ),
    Row(
        "api participation",
        _at(API + "/participations/{participation}", "signed"),
        only({**_MANAGE, "advisor_other": 200, **_DRAMMEN}, anonymous=401),
        api=True,
    ),
    Row("api participation, unknown", API + "/participations/999999", _UNKNOWN, api=True),
    Row(
        "api instruments",
        API + "/instruments?municipality=0602&year=2009",
        only({**_MANAGE, "advisor_other": 200, **_DRAMMEN}, anonymous=401),
        api=True,
    ),
    Row(
        "api instruments, unknown municipality",
        API + "/instruments?municipality=0000&year=2009",
        _UNKNOWN,
        api=True,
    ),
]
