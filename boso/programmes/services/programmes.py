"""Programmes and calls (utlysning): creating, opening, inviting, closing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.municipalities.models import Municipality, Region
from boso.programmes import notifications
from boso.programmes.choices import (
    CallStatus,
    InvitationSource,
    ProgrammeStatus,
)
from boso.programmes.models import (
    DEFAULT_CRITERIA,
    DEFAULT_GRANT_CAP,
    DEFAULT_MAX_OWN_SHARE,
    DEFAULT_MIN_OWN_SHARE,
    DEFAULT_REPORT_DUE_DAYS,
    Call,
    Gathering,
    Invitation,
    Programme,
    ProgrammeBudget,
)
from boso.programmes.services.common import _check_rules, _transition, status_log
from boso.selection import selectors as selection_selectors
from boso.selection.models import ScoringRun


@transaction.atomic
def programme_create(
    *,
    region: Region,
    name: str,
    start_year: int,
    end_year: int,
    application_deadline: datetime.date,
    budgets: dict[int, Decimal] | None = None,
    min_own_share: Decimal = DEFAULT_MIN_OWN_SHARE,
    max_own_share: Decimal = DEFAULT_MAX_OWN_SHARE,
    grant_cap_per_year: Decimal = DEFAULT_GRANT_CAP,
    report_due_days: int = DEFAULT_REPORT_DUE_DAYS,
    assessment_criteria: list[str] | None = None,
    user: Any = None,
) -> Programme:
    """A new programme (planned) with its rules and its budget frame per year."""
    budgets = budgets or {}
    if not 1 <= report_due_days <= 365:
        raise ValidationError(
            {"report_due_days": _("Rapportfristen må være mellom 1 og 365 dager.")}
        )
    _check_rules(
        start_year=start_year,
        end_year=end_year,
        min_own_share=min_own_share,
        max_own_share=max_own_share,
        grant_cap_per_year=grant_cap_per_year,
        budgets=budgets,
    )
    programme = Programme.objects.create(
        region=region,
        name=name.strip(),
        start_year=start_year,
        end_year=end_year,
        application_deadline=application_deadline,
        min_own_share=min_own_share,
        max_own_share=max_own_share,
        grant_cap_per_year=grant_cap_per_year,
        report_due_days=report_due_days,
        assessment_criteria=list(assessment_criteria or DEFAULT_CRITERIA),
        created_by=acting_user(user),
    )
    for year, amount in sorted(budgets.items()):
        ProgrammeBudget.objects.create(programme=programme, year=year, amount=amount)
    status_log(obj=programme, from_status="", to_status=programme.status, user=user)
    return programme


@transaction.atomic
def programme_activate(*, programme: Programme, user: Any = None) -> Programme:
    _transition(
        programme,
        to=ProgrammeStatus.ACTIVE,
        allowed=(ProgrammeStatus.PLANNED,),
        user=user,
    )
    return programme


@transaction.atomic
def programme_close(*, programme: Programme, user: Any = None, comment: str = "") -> Programme:
    _transition(
        programme,
        to=ProgrammeStatus.CLOSED,
        allowed=(ProgrammeStatus.PLANNED, ProgrammeStatus.ACTIVE),
        user=user,
        comment=comment,
    )
    return programme


# Calls ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GatheringInput:
    starts_on: datetime.date
    ends_on: datetime.date
    place: str = ""
    title: str = ""


@transaction.atomic
def call_create(
    *,
    programme: Programme,
    title: str,
    deadline: datetime.date | None = None,
    requirements: str = "",
    gatherings: list[GatheringInput] | None = None,
    user: Any = None,
) -> Call:
    """A call under work; the deadline is the programme's unless another is given."""
    if programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError({"programme": _("Programmet er avsluttet.")})
    for g in gatherings or []:
        if g.ends_on < g.starts_on:
            raise ValidationError({"gatherings": _("En samling kan ikke slutte før den begynner.")})
    call = Call.objects.create(
        programme=programme,
        title=title.strip(),
        deadline=deadline or programme.application_deadline,
        requirements=requirements.strip(),
        created_by=acting_user(user),
    )
    for g in gatherings or []:
        Gathering.objects.create(
            call=call, starts_on=g.starts_on, ends_on=g.ends_on, place=g.place, title=g.title
        )
    status_log(obj=call, from_status="", to_status=call.status, user=user)
    return call


@transaction.atomic
def call_invite(*, call: Call, municipality: Municipality, user: Any = None) -> Invitation:
    """Invite one municipality chosen by hand (an existing invitation is kept as it is)."""
    if call.status == CallStatus.CLOSED:
        raise ValidationError({"call": _("Utlysningen er lukket.")})
    invitation, _created = Invitation.objects.get_or_create(
        call=call,
        municipality=municipality,
        defaults={"source": InvitationSource.MANUAL, "invited_by": acting_user(user)},
    )
    return invitation


@transaction.atomic
def call_invite_from_decisions(
    *, call: Call, run: ScoringRun, user: Any = None
) -> list[Invitation]:
    """Invite every municipality whose published decision on the run puts it above the
    run's base tier (satsingskommune, samarbeidsavtale …). Returns the new invitations."""
    if call.status == CallStatus.CLOSED:
        raise ValidationError({"call": _("Utlysningen er lukket.")})
    definition = run.definition
    if not run.published:
        raise ValidationError({"run": _("Rangeringen er ikke publisert.")})
    if definition.region_id != call.programme.region_id:
        raise ValidationError({"run": _("Rangeringen gjelder en annen region enn programmet.")})
    decisions = run.decisions.filter(
        published=True, tier__level__gt=definition.base_tier.level
    ).select_related("tier", "run__definition")
    created = []
    for decision in decisions.order_by("municipality_code"):
        municipality = selection_selectors.decision_municipality(decision)
        if municipality is None:
            continue
        invitation, was_created = Invitation.objects.get_or_create(
            call=call,
            municipality=municipality,
            defaults={
                "source": InvitationSource.DECISION,
                "decision": decision,
                "invited_by": acting_user(user),
            },
        )
        if was_created:
            created.append(invitation)
    return created


@transaction.atomic
def call_open(*, call: Call, user: Any = None) -> Call:
    """Publish the call to the invited municipalities."""
    if not call.invitations.exists():
        raise ValidationError({"invitations": _("Inviter minst én kommune før utlysningen.")})
    if call.programme.status == ProgrammeStatus.CLOSED:
        raise ValidationError({"programme": _("Programmet er avsluttet.")})
    _transition(call, to=CallStatus.OPEN, allowed=(CallStatus.DRAFT,), user=user)
    notifications.call_opened(call)
    return call


@transaction.atomic
def call_close(*, call: Call, user: Any = None, comment: str = "") -> Call:
    _transition(
        call,
        to=CallStatus.CLOSED,
        allowed=(CallStatus.DRAFT, CallStatus.OPEN),
        user=user,
        comment=comment,
    )
    return call


# Applications --------------------------------------------------------------------
