"""Reads for the development programmes: histories, balances and registers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch, QuerySet, Sum

from boso.accounts.predicates import is_admin, is_advisor, is_coordinator, is_municipal
from boso.municipalities.models import Municipality
from boso.municipalities.selectors import municipality_lineage_ids
from boso.programmes.choices import ApplicationStatus, CallStatus, DisbursementStatus
from boso.programmes.models import (
    Application,
    ApplicationContact,
    Assessment,
    Attachment,
    Call,
    InstrumentRecord,
    Invitation,
    Participation,
    Programme,
    StatusChange,
)


def status_history(obj: models.Model) -> QuerySet[StatusChange]:
    """Every transition of a programme, call, application, agreement, participation or
    disbursement, oldest first."""
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("changed_by")


def programme_list(*, region_id: int | None = None) -> QuerySet[Programme]:
    found = Programme.objects.select_related("region")
    return found.filter(region_id=region_id) if region_id else found


def call_applications(call: Call) -> QuerySet[Application]:
    return call.applications.select_related("municipality").prefetch_related("years")


@dataclass(frozen=True)
class YearBalance:
    year: int
    granted: Decimal
    requested: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        """What is granted and not yet paid."""
        return self.granted - self.paid


def participation_balance(participation: Participation) -> list[YearBalance]:
    """Granted, requested and paid per year, with the balance left to pay."""
    rows = []
    for grant in participation.grants.order_by("year"):
        sums = grant.disbursements.aggregate(
            requested=Sum("requested_amount"),
            paid=Sum("paid_amount", filter=models.Q(status=DisbursementStatus.PAID)),
        )
        rows.append(
            YearBalance(
                grant.year,
                grant.amount,
                sums["requested"] or Decimal(0),
                sums["paid"] or Decimal(0),
            )
        )
    return rows


def instruments_for(municipality: Municipality, year: int) -> QuerySet[InstrumentRecord]:
    return InstrumentRecord.objects.filter(municipality=municipality, year=year)


# Applications as each user may see them ----------------------------------------------


def _own_municipality_ids(user: Any) -> set[int]:
    if not getattr(user, "municipality_id", None):
        return set()
    return municipality_lineage_ids(user.municipality) | {user.municipality_id}


def applications_visible_to(user: Any) -> QuerySet[Application]:
    """What the user may read: admins all, an advisor the own region's, a municipality's
    users their own (readers once submitted) — the same as programmes.view_application."""
    found = Application.objects.select_related("call__programme__region", "municipality").order_by(
        "-call__deadline", "municipality__name"
    )
    if is_admin(user):
        return found
    if is_advisor(user):
        return found.filter(call__programme__region_id=user.region_id)
    ids = _own_municipality_ids(user) if is_municipal(user) else set()
    found = found.filter(municipality_id__in=ids)
    if not is_coordinator(user):
        found = found.exclude(status=ApplicationStatus.DRAFT)
    return found


def participations_visible_to(user: Any) -> QuerySet[Participation]:
    """The query form of programmes.view_money on participations: Husbanken all, a
    municipality's users their own."""
    found = Participation.objects.all()
    if is_admin(user) or is_advisor(user):
        return found
    return found.filter(
        municipality_id__in=_own_municipality_ids(user) if is_municipal(user) else set()
    )


def open_invitations_of(user: Any) -> QuerySet[Invitation]:
    """The municipal user's invitations to open calls, with any application started."""
    ids = _own_municipality_ids(user) if is_municipal(user) else set()
    return (
        Invitation.objects.filter(municipality_id__in=ids, call__status=CallStatus.OPEN)
        .select_related("call__programme", "municipality")
        .order_by("call__deadline")
    )


def application_of(invitation: Invitation) -> Application | None:
    return Application.objects.filter(
        call_id=invitation.call_id, municipality_id=invitation.municipality_id
    ).first()


def application_page(application: Application) -> Application:
    """The application with what its page shows, in a fixed number of queries."""
    return (
        Application.objects.select_related(
            "call__programme__region", "municipality", "submitted_by"
        )
        .prefetch_related(
            "years",
            Prefetch("contacts", queryset=ApplicationContact.objects.select_related("user")),
            Prefetch("attachments", queryset=Attachment.objects.select_related("uploaded_by")),
            Prefetch("assessments", queryset=Assessment.objects.select_related("assessed_by")),
        )
        .get(pk=application.pk)
    )


# --- Programme and call pages (views_programmes) -----------------------------------
# Imported here: this part was added after the module's first version.
from django.db.models.functions import Coalesce  # noqa: E402

from boso.programmes.models import GrantDecision  # noqa: E402
from boso.selection.models import ScoringRun  # noqa: E402


def programme_overview() -> QuerySet[Programme]:
    """Every programme by region, with its number of calls and of participants.

    Counted in subqueries, so two joined counts do not multiply each other.
    """
    calls = (
        Call.objects.filter(programme=models.OuterRef("pk"))
        .values("programme")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    participants = (
        Participation.objects.filter(programme=models.OuterRef("pk"))
        .values("programme")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return (
        Programme.objects.select_related("region")
        .annotate(
            call_count=Coalesce(models.Subquery(calls), 0),
            participant_count=Coalesce(models.Subquery(participants), 0),
        )
        .order_by("region__name", "-start_year", "name")
    )


@dataclass(frozen=True)
class BudgetYear:
    year: int
    frame: Decimal | None
    granted: Decimal

    @property
    def left(self) -> Decimal | None:
        """What is left of the frame after the grants (None without a frame)."""
        return None if self.frame is None else self.frame - self.granted


def programme_budget_years(programme: Programme) -> list[BudgetYear]:
    """The budget frame per year with what is granted so far, summed in the database
    (two queries whatever the number of municipalities)."""
    frames = dict(programme.budgets.values_list("year", "amount"))
    granted = dict(
        GrantDecision.objects.filter(participation__programme=programme)
        .values("year")
        .annotate(total=Sum("amount"))
        .values_list("year", "total")
    )
    years = set(range(programme.start_year, programme.end_year + 1)) | set(frames) | set(granted)
    return [
        BudgetYear(year, frames.get(year), granted.get(year) or Decimal(0))
        for year in sorted(years)
    ]


def programme_calls(programme: Programme) -> QuerySet[Call]:
    """The programme's calls with their number of invitations and applications."""
    invitations = (
        Invitation.objects.filter(call=models.OuterRef("pk"))
        .values("call")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    applications = (
        Application.objects.filter(call=models.OuterRef("pk"))
        .values("call")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return programme.calls.annotate(
        invitation_count=Coalesce(models.Subquery(invitations), 0),
        application_count=Coalesce(models.Subquery(applications), 0),
    ).order_by("-deadline", "-pk")


def programme_participations(programme: Programme) -> QuerySet[Participation]:
    return programme.participations.select_related("municipality", "tier", "programme__region")


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    application: Application | None


def call_invitation_rows(call: Call) -> list[InvitationRow]:
    """Each invitation of the call with the invited municipality's application, if any
    (two queries)."""
    invitations = call.invitations.select_related(
        "municipality", "decision__tier", "call__programme__region"
    )
    applications = {
        a.municipality_id: a
        for a in call.applications.select_related("municipality", "call__programme__region")
    }
    return [InvitationRow(i, applications.get(i.municipality_id)) for i in invitations]


def published_runs_for(programme: Programme) -> QuerySet[ScoringRun]:
    """Published kommunepyramide runs of the programme's region, newest first."""
    return (
        ScoringRun.objects.filter(definition__region=programme.region_id, published=True)
        .select_related("definition")
        .order_by("-computed_at")
    )


# Money pages: participation, grants, disbursements, other instruments ---------------
# Imported here: this part was added after the module's first version.
from boso.programmes.choices import InstrumentKind  # noqa: E402


def money_participations() -> QuerySet[Participation]:
    """Participations with what the money page and its permission checks read."""
    return Participation.objects.select_related(
        "municipality", "programme__region", "tier", "agreement"
    )


@dataclass(frozen=True)
class BalanceSheet:
    """A participation's years (granted, requested, paid, balance) and their totals."""

    years: list[YearBalance]

    @property
    def granted(self) -> Decimal:
        return sum((y.granted for y in self.years), Decimal(0))

    @property
    def requested(self) -> Decimal:
        return sum((y.requested for y in self.years), Decimal(0))

    @property
    def paid(self) -> Decimal:
        return sum((y.paid for y in self.years), Decimal(0))

    @property
    def balance(self) -> Decimal:
        return self.granted - self.paid


def participation_balance_sheet(participation: Participation) -> BalanceSheet:
    """Granted, requested and paid per year with totals: one query however many grants
    and disbursements there are (participation_balance asks once per grant)."""
    rows = (
        GrantDecision.objects.filter(participation=participation)
        .order_by("year")
        .annotate(
            requested=Sum("disbursements__requested_amount"),
            paid=Sum(
                "disbursements__paid_amount",
                filter=models.Q(disbursements__status=DisbursementStatus.PAID),
            ),
        )
        .values_list("year", "amount", "requested", "paid")
    )
    return BalanceSheet(
        [
            YearBalance(year, amount, requested or Decimal(0), paid or Decimal(0))
            for year, amount, requested, paid in rows
        ]
    )


def participation_grants(participation: Participation) -> QuerySet[GrantDecision]:
    """The participation's grants by year with their disbursements (two queries)."""
    return (
        GrantDecision.objects.filter(participation=participation)
        .order_by("year")
        .prefetch_related("disbursements")
    )


def instrument_years(municipality: Municipality) -> list[int]:
    """The years with any instrument figure for the municipality, newest first."""
    return list(
        InstrumentRecord.objects.filter(municipality=municipality)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def instrument_register(
    municipality: Municipality, *, year: int | None = None
) -> list[InstrumentRecord]:
    """The municipality's instrument figures (one year or all), by year and then in the
    order Husbanken lists its instruments (InstrumentKind)."""
    records = InstrumentRecord.objects.filter(municipality=municipality)
    if year is not None:
        records = records.filter(year=year)
    order = {kind: index for index, kind in enumerate(InstrumentKind.values)}
    return sorted(records, key=lambda r: (-r.year, order.get(r.kind, len(order))))
