"""The programme demo: region sør's 2010 programme with Drammen's application, agreement and
money (seeds 000 and 002), and region øst's first group of 2009 with Lillehammer (seed 004).

Everything is written through boso.programmes.services, with no e-mail (the demo replays
2009–2010; nobody is told) and in one transaction. A re-run finds each step done and writes
nothing. Which value comes from which seed, and which are assumptions: data/SEEDS.md.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify

from boso.accounts.models import User
from boso.core.formatting import format_date
from boso.demo.programme_story import (
    DRAMMEN,
    DRAMMEN_BUDGET,
    DRAMMEN_INSTRUMENTS_2009,
    DRAMMEN_PAYMENTS_2010,
    HOUR_RATE,
    INSTRUMENT_SOURCE,
    OST,
    SOR,
    TIER,
    D,
    DemoApplication,
    DemoProgramme,
)
from boso.documents.renderers import render_pdf
from boso.municipalities.models import Municipality, Region
from boso.municipalities.selectors import municipality_get
from boso.programmes import choices, notifications, services
from boso.programmes.models import (
    Agreement,
    Application,
    Assessment,
    Call,
    Disbursement,
    GrantDecision,
    InstrumentRecord,
    Participation,
    Programme,
    StatusChange,
)
from boso.programmes.services import YearInput
from boso.selection.models import ScoringRun, Tier


@dataclass(frozen=True)
class ProgrammesSummary:
    programmes: int
    invitations: int
    applications: int
    participations: int
    grants: int
    created: int  # rows written by this run (0 on a re-run)

    def line(self) -> str:
        return (
            f"{self.programmes} programmes, {self.invitations} invitations, "
            f"{self.applications} applications, {self.participations} participations, "
            f"{self.grants} grant decisions ({self.created} new rows)"
        )


def _rows() -> int:
    tables = (Programme, Call, Application, Agreement, Participation, GrantDecision)
    return sum(m._default_manager.count() for m in (*tables, Disbursement, InstrumentRecord))


def _user(username: str) -> User:
    return User.objects.get(username=username)


def demo_load_programmes() -> ProgrammesSummary:
    """Both programmes as the seeds tell them, muted and all or nothing; safe to re-run.
    Needs the accounts and the selection demo (region sør's published run)."""
    before = _rows()
    with transaction.atomic(), notifications.muted():
        participations: dict[str, Participation] = {}
        calls = []
        for spec in (SOR, OST):
            call = _call(_programme(spec), spec)
            calls.append(call)
            for wanted in spec.applications:
                application = _application(call, spec, wanted)
                participations[wanted.code] = _agreement(application, spec, wanted)
        grants = _drammen_money(participations[DRAMMEN.code])
        _instruments(municipality_get(DRAMMEN.code, day=D(2009, 1, 1)))
    return ProgrammesSummary(
        programmes=len(calls),
        invitations=sum(c.invitations.count() for c in calls),
        applications=sum(c.applications.count() for c in calls),
        participations=len(participations),
        grants=len(grants),
        created=_rows() - before,
    )


def _programme(spec: DemoProgramme) -> Programme:
    region = Region.objects.get(slug=spec.region)
    programme = (
        Programme.objects.filter(region=region, name=spec.name, start_year=spec.years[0])
        .order_by("pk")
        .first()
    )
    if programme is None:
        programme = services.programme_create(
            region=region,
            name=spec.name,
            start_year=spec.years[0],
            end_year=spec.years[1],
            application_deadline=spec.deadline,
            budgets=spec.budgets,
            user=_user(spec.advisor),
        )
    if programme.status == choices.ProgrammeStatus.PLANNED:
        services.programme_activate(programme=programme, user=_user(spec.advisor))
    return programme


def _call(programme: Programme, spec: DemoProgramme) -> Call:
    advisor = _user(spec.advisor)
    call = programme.calls.filter(title=spec.call_title).order_by("pk").first()
    if call is None:
        call = services.call_create(
            programme=programme,
            title=spec.call_title,
            requirements=spec.requirements,
            gatherings=list(spec.gatherings),
            user=advisor,
        )
    if not call.invitations.exists():
        _invite(call, spec, advisor)
    if call.status == choices.CallStatus.DRAFT:
        services.call_open(call=call, user=advisor)
    return call


def _invite(call: Call, spec: DemoProgramme, advisor: User) -> None:
    if spec.invite_family:
        run = ScoringRun.objects.get(
            definition__family=spec.invite_family, definition__version=1, published=True
        )
        services.call_invite_from_decisions(call=call, run=run, user=advisor)
    for code in spec.invite_codes:
        municipality = municipality_get(code, day=spec.structure_day)
        services.call_invite(call=call, municipality=municipality, user=advisor)


def _application(call: Call, spec: DemoProgramme, wanted: DemoApplication) -> Application:
    municipality = municipality_get(wanted.code, day=spec.structure_day)
    coordinator = _user(wanted.coordinator)
    application = Application.objects.filter(call=call, municipality=municipality).first()
    if application is None:
        application = services.application_create(
            call=call, municipality=municipality, user=coordinator
        )
    if application.status == choices.ApplicationStatus.DRAFT:
        _write(application, wanted, coordinator)
        _attach_decision(application, wanted, coordinator)
        services.application_submit(
            application=application, user=coordinator, today=wanted.submitted_on
        )
        for status in (choices.ApplicationStatus.DRAFT, choices.ApplicationStatus.SUBMITTED):
            _backdate(application, status, wanted.submitted_on)
    if application.status == choices.ApplicationStatus.SUBMITTED:
        criteria = call.programme.assessment_criteria
        assessment = services.application_decide(
            application=application,
            outcome=choices.Outcome.APPROVE,
            scores=dict(zip(criteria, wanted.scores, strict=True)),
            recommendation=wanted.recommendation,
            user=_user(spec.advisor),
        )
        _backdate(application, choices.ApplicationStatus.APPROVED, wanted.decided_on)
        Assessment.objects.filter(pk=assessment.pk).update(assessed_at=_noon(wanted.decided_on))
    # Last: the decision saves the application, with the time stamped on submission.
    Application.objects.filter(pk=application.pk).update(submitted_at=_noon(wanted.submitted_on))
    application.refresh_from_db()
    return application


def _attach_decision(application: Application, wanted: DemoApplication, user: User) -> None:
    """A submission needs the decision document. The seeds quote the decision but do
    not hold it: the demo attaches a page saying so, with what the seed says."""
    if application.attachments.filter(kind=choices.AttachmentKind.POLITICAL_DECISION).exists():
        return
    body, day, case = wanted.decision
    pdf = render_pdf(
        "demo/political_decision.html",
        {
            "municipality": application.municipality.name,
            "body": choices.PoliticalBody(body).label,
            "day": format_date(day),
            "case": case,
            "text": wanted.decision_text,
            "source": wanted.decision_source,
        },
    )
    services.attachment_add(
        application=application,
        upload=io.BytesIO(pdf),
        name=f"vedtak-{slugify(application.municipality.name)}-{day.isoformat()}.pdf",
        kind=choices.AttachmentKind.POLITICAL_DECISION,
        user=user,
    )


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=ZoneInfo("Europe/Oslo"))


def _backdate(obj: Any, status: str, day: datetime.date) -> None:
    """The demo tells 2009–2010: date the step in the log on the story's day, not on
    the day the demo was loaded (the services stamp the current time)."""
    StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, to_status=status
    ).update(changed_at=_noon(day))


def _write(application: Application, wanted: DemoApplication, coordinator: User) -> None:
    body, day, case = wanted.decision
    years = [
        YearInput(year, grant, money, hours, HOUR_RATE if hours else Decimal(0))
        for year, (grant, money, hours) in sorted(wanted.budget.items())
    ]
    services.application_save_draft(
        application=application,
        expected_version=application.version,
        user=coordinator,
        years=years,
        contacts=[services.ContactInput(choices.ContactRole.COORDINATOR, coordinator, wanted.unit)],
        political_body=body,
        political_decision_date=day,
        political_case_number=case,
        **wanted.texts,
    )


def _agreement(
    application: Application, spec: DemoProgramme, wanted: DemoApplication
) -> Participation:
    advisor = _user(spec.advisor)
    agreement = Agreement.objects.filter(application=application).first()
    if agreement is None:
        agreement = services.agreement_create(
            application=application,
            starts_on=wanted.period[0],
            ends_on=wanted.period[1],
            husbanken_obligations=spec.duties[0],
            municipality_obligations=spec.duties[1],
            tier=Tier.objects.get(code=TIER),
            user=advisor,
        )
    if agreement.status == choices.AgreementStatus.DRAFT:
        municipality_day, husbanken_day = wanted.signed
        return services.agreement_sign(
            agreement=agreement,
            municipality_signed_on=municipality_day,
            husbanken_signed_on=husbanken_day,
            user=advisor,
            today=max(wanted.signed),
        )
    # A demo loaded before schedules existed gets one now (made once, then kept).
    services.reporting_schedule_create(participation=agreement.participation)
    return agreement.participation


def _drammen_money(participation: Participation) -> list[GrantDecision]:
    """One grant a year with seed 002's Husbanken figures (2010's on signing, the others in
    January), and 2010's two payments."""
    advisor = _user(SOR.advisor)
    grants = []
    for year, (amount, _money, _hours) in sorted(DRAMMEN_BUDGET.items()):
        grant = participation.grants.filter(year=year).first() or services.grant_decide(
            participation=participation,
            year=year,
            amount=amount,
            decided_on=DRAMMEN.signed[1] if year == 2010 else D(year, 1, 15),  # assumption
            user=advisor,
        )
        grants.append(grant)
    if not grants[0].disbursements.exists():
        for requested_on, amount, paid_on in DRAMMEN_PAYMENTS_2010:
            disbursement = services.disbursement_request(
                grant=grants[0], amount=amount, requested_on=requested_on, user=advisor
            )
            services.disbursement_pay(disbursement=disbursement, paid_on=paid_on, user=advisor)
    return grants


def _instruments(municipality: Municipality) -> None:
    """Drammen's instruments in 2009; rows already as the seed says are left alone, so a
    re-run adds no history."""
    for kind, amount in DRAMMEN_INSTRUMENTS_2009.items():
        have = InstrumentRecord.objects.filter(municipality=municipality, year=2009, kind=kind)
        if have.filter(amount=amount, count=None, source=INSTRUMENT_SOURCE).exists():
            continue
        services.instrument_record_save(
            municipality=municipality,
            year=2009,
            kind=kind,
            amount=amount,
            source=INSTRUMENT_SOURCE,
        )
