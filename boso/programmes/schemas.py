"""The shapes of the programmes API (boso/programmes/api.py): what goes in and out.

Amounts and shares are decimals, written as strings in JSON ("1500000.00", "0.3000")
so no øre is lost on the way; the input accepts numbers or strings.

Simple shapes are read straight from the model objects (django-ninja reads attributes
and the resolve_* methods); the endpoints build the rest.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from boso.api.schemas import PageFilters, RowId
from boso.programmes import selectors, services
from boso.programmes.choices import (
    ApplicationStatus,
    ContactRole,
    Outcome,
    ParticipationStatus,
    PoliticalBody,
    ProgrammeStatus,
)
from boso.programmes.models import (
    Application,
    ApplicationContact,
    ApplicationYear,
    Attachment,
    InstrumentRecord,
    Participation,
    Programme,
    StatusChange,
)
from boso.programmes.selectors import YearBalance

Json = dict[str, Any]
CENTS = Decimal("0.01")  # kroner and øre: hours × rate would give three decimals


def username(user: Any) -> str | None:
    """The username of an author field (null when the account is gone)."""
    return user.username if user else None


# Out shapes --------------------------------------------------------------------------


class RegionRef(Schema):
    slug: str
    name: str


class MunicipalityRef(Schema):
    code: str
    name: str


class RulesOut(Schema):
    min_own_share: Decimal = Field(description="least own contribution, a share (0.3 = 30 %)")
    max_own_share: Decimal = Field(description="largest own contribution, a share")
    grant_cap_per_year: Decimal = Field(description="most competence grant a year, NOK")


class BudgetOut(Schema):
    year: int
    amount: Decimal


class CallRef(Schema):
    id: int
    title: str
    status: str
    deadline: datetime.date


class ProgrammeOut(Schema):
    id: int
    name: str
    region: RegionRef
    start_year: int
    end_year: int
    status: str = Field(description="planned, active or closed")
    rules: RulesOut
    application_deadline: datetime.date
    budgets: list[BudgetOut] = Field(description="the budget frame per year")
    assessment_criteria: list[str]


class ProgrammeDetailOut(ProgrammeOut):
    calls: list[CallRef]


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    count: int


class ProgrammeRef(Schema):
    id: int
    name: str


class GatheringOut(Schema):
    starts_on: datetime.date
    ends_on: datetime.date
    place: str
    title: str


class InvitationOut(Schema):
    id: int
    municipality: MunicipalityRef
    source: str = Field(description="decision (from kommunepyramiden) or manual")
    invited_at: datetime.datetime


class CallOut(Schema):
    id: int
    programme: ProgrammeRef
    title: str
    status: str = Field(description="draft, open or closed")
    deadline: datetime.date
    requirements: str
    gatherings: list[GatheringOut]
    invitations: list[InvitationOut] = Field(
        description="the invitations the caller may see: all for Husbanken, the own for a "
        "municipality"
    )


class YearOut(Schema):
    year: int
    grant_requested: Decimal
    own_money: Decimal
    own_hours: Decimal
    hour_rate: Decimal
    own_total: Decimal = Field(description="own_money + own_hours × hour_rate")

    @staticmethod
    def resolve_own_total(year: ApplicationYear) -> Decimal:
        return year.own_total.quantize(CENTS)


class BudgetTotalsOut(Schema):
    own: Decimal = Field(description="own contribution over all years, NOK")
    grant: Decimal = Field(description="competence grant asked for over all years, NOK")
    total: Decimal
    own_share: Decimal | None = Field(description="own / total (4 decimals); null when 0")


class PoliticalDecisionOut(Schema):
    body: str = Field(description="formannskap, kommunestyre, utvalg, other or ''")
    date: datetime.date | None
    case_number: str


class ContactOut(Schema):
    role: str
    username: str
    unit: str

    @staticmethod
    def resolve_username(contact: ApplicationContact) -> str:
        return contact.user.username


class AttachmentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int = Field(description="bytes")
    download_url: str = Field(description="the file itself, for the same token or session")

    @staticmethod
    def resolve_download_url(attachment: Attachment) -> str:
        return reverse("api:attachment_file", args=[attachment.pk])


class AssessmentOut(Schema):
    id: int
    outcome: str = Field(description="approve, reject or more_info")
    comment: str
    assessed_at: datetime.datetime
    scores: dict[str, int] | None = Field(
        description="score per criterion; null unless the caller may assess"
    )
    recommendation: str | None = Field(description="null unless the caller may assess")


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    changed_by: str | None = Field(description="username")
    changed_at: datetime.datetime
    comment: str

    @staticmethod
    def resolve_changed_by(change: StatusChange) -> str | None:
        return username(change.changed_by)


class ApplicationSummaryOut(Schema):
    id: int
    call: CallRef
    programme: int
    municipality: MunicipalityRef
    status: str = Field(description="draft, submitted, info_requested, approved or rejected")
    version: int
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime
    budget: BudgetTotalsOut


class ApplicationOut(ApplicationSummaryOut):
    needs_and_goals: str
    target_groups: str
    sub_projects: str
    existing_projects: str
    political_decision: PoliticalDecisionOut
    reopened_until: datetime.date | None
    submitted_by: str | None = Field(description="username")
    created_at: datetime.datetime
    years: list[YearOut]
    contacts: list[ContactOut]
    attachments: list[AttachmentOut]
    assessments: list[AssessmentOut]
    history: list[StatusChangeOut]


class ApplicationPage(Schema):
    items: list[ApplicationSummaryOut]
    count: int


class TierRef(Schema):
    code: str
    name: str


class AgreementOut(Schema):
    id: int
    application: int
    programme: ProgrammeRef
    municipality: MunicipalityRef
    tier: TierRef
    starts_on: datetime.date
    ends_on: datetime.date
    husbanken_obligations: str
    municipality_obligations: str
    status: str = Field(description="draft or signed")
    signed_by_municipality_on: datetime.date | None
    signed_by_husbanken_on: datetime.date | None
    participation: int | None
    history: list[StatusChangeOut]


class ParticipationSummaryOut(Schema):
    id: int
    programme: ProgrammeRef
    municipality: MunicipalityRef
    tier: TierRef
    agreement: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    status: str = Field(description="active, ended or withdrawn")


class DisbursementOut(Schema):
    id: int
    requested_amount: Decimal
    requested_on: datetime.date
    paid_amount: Decimal | None
    paid_on: datetime.date | None
    status: str = Field(description="requested or paid")


class GrantOut(Schema):
    id: int
    year: int
    amount: Decimal
    decided_on: datetime.date
    reference: str
    disbursements: list[DisbursementOut]


class BalanceOut(Schema):
    year: int
    granted: Decimal
    requested: Decimal
    paid: Decimal
    balance: Decimal = Field(description="granted and not yet paid")

    # Sums come back from the database without their scale on SQLite ("400000").
    @staticmethod
    def resolve_requested(row: YearBalance) -> Decimal:
        return row.requested.quantize(CENTS)

    @staticmethod
    def resolve_paid(row: YearBalance) -> Decimal:
        return row.paid.quantize(CENTS)

    @staticmethod
    def resolve_balance(row: YearBalance) -> Decimal:
        return row.balance.quantize(CENTS)


class ReportingPeriodOut(Schema):
    kind: str = Field(description="half_year, annual or final")
    starts_on: datetime.date
    ends_on: datetime.date
    due_on: datetime.date


class ParticipationOut(ParticipationSummaryOut):
    grants: list[GrantOut]
    balance: list[BalanceOut]
    reporting_schedule: list[ReportingPeriodOut] = Field(
        description="the reports the agreement asks for, with their deadlines"
    )
    history: list[StatusChangeOut]


class ParticipationPage(Schema):
    items: list[ParticipationSummaryOut]
    count: int


class InstrumentOut(Schema):
    kind: str
    label: str = Field(description="the instrument's Norwegian name")
    amount: Decimal
    count: int | None = Field(description="number of cases, where known")
    source: str

    @staticmethod
    def resolve_label(record: InstrumentRecord) -> str:
        return str(record.get_kind_display())


class InstrumentsOut(Schema):
    municipality: MunicipalityRef
    year: int
    records: list[InstrumentOut]


class ProblemOut(Schema):
    field: str = Field(description="the field the problem is about; '__all__' for none")
    message: str


class ProblemsOut(Schema):
    detail: list[ProblemOut]


# In ----------------------------------------------------------------------------------


class ProgrammeFilters(PageFilters):
    region: str = Field("", description="a region's slug, such as sor")
    status: ProgrammeStatus | None = None


class ApplicationFilters(PageFilters):
    call: RowId | None = Field(None, description="a call's id")
    status: ApplicationStatus | None = None
    municipality: str = Field("", description="a municipality number, such as 0602")


class ParticipationFilters(PageFilters):
    programme: RowId | None = Field(None, description="a programme's id")
    municipality: str = Field("", description="a municipality number, such as 0602")
    status: ParticipationStatus | None = None


class InstrumentFilters(Schema):
    municipality: str = Field(description="a municipality number, such as 0602")
    year: int = Field(ge=1900, le=2100)


class YearIn(Schema):
    year: int
    grant_requested: Decimal = Decimal(0)
    own_money: Decimal = Decimal(0)
    own_hours: Decimal = Decimal(0)
    hour_rate: Decimal = Decimal(0)


class ContactIn(Schema):
    role: ContactRole
    username: str
    unit: str = ""


class ApplicationDraftIn(Schema):
    """A draft to save. Fields left out keep their value; `years` and `contacts`, when
    given, replace all the rows."""

    version: int = Field(description="the version you read; if it has changed since: 409")
    needs_and_goals: str = ""
    target_groups: str = ""
    sub_projects: str = ""
    existing_projects: str = ""
    political_body: PoliticalBody | Literal[""] = ""
    political_decision_date: datetime.date | None = None
    political_case_number: str = Field("", description="such as «sak 46/09»")
    years: list[YearIn] | None = None
    contacts: list[ContactIn] | None = None


class DecisionIn(Schema):
    outcome: Outcome
    scores: dict[str, int] = Field(description="criterion → score from 1 to 6, every criterion")
    recommendation: str
    comment: str = Field("", description="to the municipality; needed with more_info")


# Out: the dicts the endpoints answer; their simple parts are model objects --------


def programme_out(p: Programme) -> Json:
    return {
        "id": p.pk,
        "name": p.name,
        "region": p.region,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "status": p.status,
        "rules": p,
        "application_deadline": p.application_deadline,
        "budgets": p.budgets.all(),
        "assessment_criteria": list(p.assessment_criteria),
    }


def _budget(a: Application) -> Json:
    budget = services.application_budget(a)
    share = budget.share
    return {
        "own": budget.own.quantize(CENTS),
        "grant": budget.grant.quantize(CENTS),
        "total": (budget.own + budget.grant).quantize(CENTS),
        "own_share": None if share is None else share.quantize(Decimal("0.0001")),
    }


def application_summary(a: Application) -> Json:
    return {
        "id": a.pk,
        "call": a.call,
        "programme": a.call.programme_id,
        "municipality": a.municipality,
        "status": a.status,
        "version": a.version,
        "submitted_at": a.submitted_at,
        "updated_at": a.updated_at,
        "budget": _budget(a),
    }


def _assessments(a: Application, *, internal: bool) -> list[Json]:
    # Scores and the recommendation are Husbanken's working notes; the municipality
    # reads the outcome and the comment written to it.
    return [
        {
            "id": s.pk,
            "outcome": s.outcome,
            "comment": s.comment,
            "assessed_at": s.assessed_at,
            "scores": s.scores if internal else None,
            "recommendation": s.recommendation if internal else None,
        }
        for s in a.assessments.all()
    ]


def application_out(a: Application, *, internal: bool) -> Json:
    return {
        **application_summary(a),
        "needs_and_goals": a.needs_and_goals,
        "target_groups": a.target_groups,
        "sub_projects": a.sub_projects,
        "existing_projects": a.existing_projects,
        "political_decision": {
            "body": a.political_body,
            "date": a.political_decision_date,
            "case_number": a.political_case_number,
        },
        "reopened_until": a.reopened_until,
        "submitted_by": username(a.submitted_by),
        "created_at": a.created_at,
        "years": a.years.all(),
        "contacts": a.contacts.all(),
        "attachments": a.attachments.all(),
        "assessments": _assessments(a, internal=internal),
        "history": selectors.status_history(a),
    }


def participation_summary(p: Participation) -> Json:
    return {
        "id": p.pk,
        "programme": p.programme,
        "municipality": p.municipality,
        "tier": p.tier,
        "agreement": p.agreement_id,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "status": p.status,
    }
