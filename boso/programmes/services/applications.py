"""Writes for the development programmes. Every status change goes through here and
is logged in StatusChange; a refused write raises ValidationError naming the field and
leaves nothing half saved (each service runs in one transaction).

The own-contribution share (egeninnsats) is of the whole budget over the whole period:

    share = Σ (own_money + own_hours × hour_rate) / Σ (own contribution + grant_requested)

summed over every year of the application. Seed 002 shows why it cannot be per year:
Drammen puts in no money in 2010–2012 and 685 000 / 800 000 in 2013 / 2014, against
4 950 000 from Husbanken; valued work time (seed 000: "penger + arbeidstid m.v. kan
medregnes") is what lifts the share into the programme's range.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.core.formatting import format_date
from boso.core.locking import take_next
from boso.municipalities.models import Municipality
from boso.municipalities.selectors import municipality_lineage_ids
from boso.programmes import notifications
from boso.programmes.choices import (
    ApplicationStatus,
    AttachmentKind,
    CallStatus,
    ContactRole,
    Outcome,
    PoliticalBody,
)
from boso.programmes.models import (
    Application,
    ApplicationContact,
    ApplicationYear,
    Assessment,
    Call,
    Programme,
)
from boso.programmes.services.common import (
    MAX_SCORE,
    MIN_SCORE,
    _kroner,
    _percent,
    _today,
    _transition,
    status_log,
)


@dataclass(frozen=True)
class YearInput:
    year: int
    grant_requested: Decimal = Decimal(0)
    own_money: Decimal = Decimal(0)
    own_hours: Decimal = Decimal(0)
    hour_rate: Decimal = Decimal(0)


@dataclass(frozen=True)
class ContactInput:
    role: str
    user: Any
    unit: str = ""


EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.INFO_REQUESTED)
TEXT_FIELDS = ("needs_and_goals", "target_groups", "sub_projects", "existing_projects")
DECISION_FIELDS = ("political_body", "political_decision_date", "political_case_number")


@transaction.atomic
def application_create(*, call: Call, municipality: Municipality, user: Any = None) -> Application:
    """An empty draft for an invited municipality on an open call."""
    if call.status != CallStatus.OPEN:
        raise ValidationError({"call": _("Utlysningen er ikke åpen for søknader.")})
    if not call.invitations.filter(municipality=municipality).exists():
        raise ValidationError(
            {
                "municipality": _("%(name)s er ikke invitert til denne utlysningen.")
                % {"name": municipality.name}
            }
        )
    if Application.objects.filter(call=call, municipality=municipality).exists():
        raise ValidationError(
            {
                "municipality": _("%(name)s har allerede en søknad på denne utlysningen.")
                % {"name": municipality.name}
            }
        )
    application = Application.objects.create(
        call=call, municipality=municipality, created_by=acting_user(user)
    )
    status_log(obj=application, from_status="", to_status=application.status, user=user)
    return application


def _check_years_format(programme: Programme, years: list[YearInput]) -> None:
    """What even a draft must respect: one row per year, in the period, no negatives."""
    seen: set[int] = set()
    for y in years:
        if y.year in seen:
            raise ValidationError({"years": _("Året %(year)s står to ganger.") % {"year": y.year}})
        seen.add(y.year)
        if not programme.start_year <= y.year <= programme.end_year:
            raise ValidationError(
                {
                    "years": _("%(year)s er utenfor programperioden %(start)s–%(end)s.")
                    % {"year": y.year, "start": programme.start_year, "end": programme.end_year}
                }
            )
        if min(y.grant_requested, y.own_money, y.own_hours, y.hour_rate) < 0:
            raise ValidationError(
                {
                    "years": _("%(year)s: beløp, timer og timesats kan ikke være negative.")
                    % {"year": y.year}
                }
            )


def _check_draft_input(
    application: Application,
    years: list[YearInput] | None,
    contacts: list[ContactInput] | None,
    fields: dict[str, Any],
) -> None:
    unknown = set(fields) - set(TEXT_FIELDS) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown application fields: {sorted(unknown)}")
    if application.status not in EDITABLE:
        raise ValidationError(
            {
                "status": _("En søknad med status «%(status)s» kan ikke endres.")
                % {"status": application.get_status_display()}
            }
        )
    if fields.get("political_body") and fields["political_body"] not in PoliticalBody.values:
        raise ValidationError({"political_body": _("Ukjent vedtaksorgan.")})
    own = municipality_lineage_ids(application.municipality) | {application.municipality_id}
    for c in contacts or []:
        if c.role not in ContactRole.values:
            raise ValidationError({"contacts": _("Ukjent kontaktrolle.")})
        # Contact roles are held by the municipality's own accounts, nobody else's.
        if getattr(c.user, "municipality_id", None) not in own:
            raise ValidationError(
                {
                    "contacts": _("%(user)s hører ikke til %(name)s.")
                    % {"user": c.user, "name": application.municipality.name}
                }
            )
    if years is not None:
        _check_years_format(application.call.programme, years)


@transaction.atomic
def application_save_draft(
    *,
    application: Application,
    expected_version: int,
    user: Any = None,
    years: list[YearInput] | None = None,
    contacts: list[ContactInput] | None = None,
    **fields: Any,
) -> Application:
    """Save what the coordinator has written so far; the programme's rules are checked
    on submission, not here. `years` and `contacts`, when given, replace the old rows.

    Raises ConflictError when the application was saved since `expected_version`.
    """
    _check_draft_input(application, years, contacts, fields)
    take_next(
        application,
        expected_version,
        message=_(
            "Søknaden er lagret av noen andre siden du åpnet den. Last den inn på nytt "
            "og gjør endringene igjen."
        ),
    )
    for name, value in fields.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    application.save()
    if years is not None:
        application.years.all().delete()
        ApplicationYear.objects.bulk_create(
            ApplicationYear(
                application=application,
                year=y.year,
                grant_requested=y.grant_requested,
                own_money=y.own_money,
                own_hours=y.own_hours,
                hour_rate=y.hour_rate,
            )
            for y in years
        )
    if contacts is not None:
        application.contacts.all().delete()
        ApplicationContact.objects.bulk_create(
            ApplicationContact(application=application, role=c.role, user=c.user, unit=c.unit)
            for c in contacts
        )
    return application


@dataclass(frozen=True)
class Budget:
    own: Decimal
    grant: Decimal
    share: Decimal | None  # None when the total is zero


def application_budget(application: Application) -> Budget:
    """Own contribution and grant asked for over all years, and the own share of the
    total (see the module docstring for the formula)."""
    years = list(application.years.all())
    own = sum((y.own_total for y in years), Decimal(0))
    grant = sum((y.grant_requested for y in years), Decimal(0))
    total = own + grant
    return Budget(own, grant, (own / total) if total else None)


def application_problems(
    application: Application, *, today: datetime.date | None = None
) -> dict[str, list[str]]:
    """Everything that stops the application from being submitted, by field."""
    today = _today(today)
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    labels = {
        "needs_and_goals": _("Behov og mål"),
        "target_groups": _("Målgrupper"),
        "sub_projects": _("Planlagte delprosjekter"),
    }
    for field, label in labels.items():
        if not getattr(application, field).strip():
            add(field, _("%(field)s må fylles ut.") % {"field": label})
    _decision_problems(application, today, add)
    _contact_problems(application, add)
    _budget_problems(application, add)
    if application.status == ApplicationStatus.DRAFT and not _open_for(application, today):
        add(
            "deadline",
            _("Søknadsfristen %(day)s er passert; rådgiveren kan gjenåpne søknaden.")
            % {"day": format_date(application.call.deadline)},
        )
    return problems


Add = Callable[[str, str], None]


def _decision_problems(application: Application, today: datetime.date, add: Add) -> None:
    if not application.political_body:
        add("political_body", _("Politisk vedtak: velg organet som vedtok deltakelsen."))
    if application.political_decision_date is None:
        add("political_decision_date", _("Politisk vedtak: vedtaksdatoen mangler."))
    elif application.political_decision_date > today:
        add("political_decision_date", _("Politisk vedtak: vedtaksdatoen er fram i tid."))
    if not application.political_case_number.strip():
        add(
            "political_case_number",
            _("Politisk vedtak: saksnummeret mangler (f.eks. «sak 46/09»)."),
        )
    if not application.attachments.filter(kind=AttachmentKind.POLITICAL_DECISION).exists():
        add(
            "political_decision_document",
            _("Politisk vedtak: legg ved vedtaket som vedlegg (PDF eller kontordokument)."),
        )


def _contact_problems(application: Application, add: Add) -> None:
    if not application.contacts.filter(role=ContactRole.COORDINATOR).exists():
        add("contacts", _("Kontaktroller: oppgi programkoordinator."))


def _budget_problems(application: Application, add: Add) -> None:
    programme = application.call.programme
    years = list(application.years.all())
    if not years:
        add("years", _("Budsjett: oppgi kompetansetilskudd og egeninnsats for minst ett år."))
    for y in years:
        if y.grant_requested > programme.grant_cap_per_year:
            add(
                "grant_requested",
                _("Kompetansetilskudd %(year)s: %(amount)s er over taket på %(cap)s per år.")
                % {
                    "year": y.year,
                    "amount": _kroner(y.grant_requested),
                    "cap": _kroner(programme.grant_cap_per_year),
                },
            )
        if y.own_hours and not y.hour_rate:
            add(
                "hour_rate",
                _("Egeninnsats %(year)s: arbeidstimer trenger en timesats.") % {"year": y.year},
            )
    budget = application_budget(application)
    share = budget.share
    if (
        years
        and share is not None
        and not (programme.min_own_share <= share <= programme.max_own_share)
    ):
        add(
            "own_contribution",
            _(
                "Egeninnsats: %(share)s av samlet budsjett (%(own)s av %(total)s) er "
                "utenfor programmets krav på %(min)s–%(max)s."
            )
            % {
                "share": _percent(share),
                "own": _kroner(budget.own),
                "total": _kroner(budget.own + budget.grant),
                "min": _percent(programme.min_own_share),
                "max": _percent(programme.max_own_share),
            },
        )


def _open_for(application: Application, today: datetime.date) -> bool:
    if today <= application.call.deadline:
        return True
    return application.reopened_until is not None and today <= application.reopened_until


@transaction.atomic
def application_submit(
    *, application: Application, user: Any = None, today: datetime.date | None = None
) -> Application:
    """Send the application to Husbanken: every rule is checked, all problems at once.
    A refused submission leaves the draft exactly as it was."""
    if application.status not in EDITABLE:
        raise ValidationError(
            {
                "status": _("En søknad med status «%(status)s» kan ikke sendes.")
                % {"status": application.get_status_display()}
            }
        )
    problems = application_problems(application, today=today)
    if problems:
        raise ValidationError(problems)
    application.submitted_at = timezone.now()
    application.submitted_by = acting_user(user)
    _transition(application, to=ApplicationStatus.SUBMITTED, allowed=EDITABLE, user=user)
    notifications.application_submitted(application)
    return application


@transaction.atomic
def application_reopen(
    *,
    application: Application,
    until: datetime.date,
    comment: str = "",
    user: Any = None,
    today: datetime.date | None = None,
) -> Application:
    """Let the coordinator change and (re)submit after the deadline, up to `until`.
    A submitted application goes back to draft."""
    if until < _today(today):
        raise ValidationError({"until": _("Datoen for gjenåpning kan ikke være passert.")})
    application.reopened_until = until
    if application.status == ApplicationStatus.DRAFT:
        application.save()
        status_log(
            obj=application,
            from_status=ApplicationStatus.DRAFT,
            to_status=ApplicationStatus.DRAFT,
            user=user,
            comment=comment or _("Gjenåpnet til %(day)s.") % {"day": format_date(until)},
        )
        return application
    _transition(
        application,
        to=ApplicationStatus.DRAFT,
        allowed=(ApplicationStatus.SUBMITTED,),
        user=user,
        comment=comment or _("Gjenåpnet til %(day)s.") % {"day": format_date(until)},
    )
    return application


_OUTCOME_STATUS = {
    Outcome.APPROVE: ApplicationStatus.APPROVED,
    Outcome.REJECT: ApplicationStatus.REJECTED,
    Outcome.MORE_INFO: ApplicationStatus.INFO_REQUESTED,
}


@transaction.atomic
def application_decide(
    *,
    application: Application,
    outcome: str,
    scores: dict[str, int],
    recommendation: str,
    comment: str = "",
    user: Any = None,
) -> Assessment:
    """Score a submitted application on the programme's criteria, recommend and decide.
    Asking for more information sends it back to the coordinator with the comment."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Ukjent beslutning.")})
    criteria = application.call.programme.assessment_criteria
    missing = [c for c in criteria if c not in scores]
    if missing:
        raise ValidationError(
            {"scores": _("Skår mangler for: %(names)s.") % {"names": ", ".join(missing)}}
        )
    unknown = [c for c in scores if c not in criteria]
    if unknown:
        raise ValidationError(
            {"scores": _("Ukjente kriterier: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    if any(not MIN_SCORE <= int(s) <= MAX_SCORE for s in scores.values()):
        raise ValidationError(
            {
                "scores": _("En skår må være fra %(min)s til %(max)s.")
                % {"min": MIN_SCORE, "max": MAX_SCORE}
            }
        )
    if not recommendation.strip():
        raise ValidationError({"recommendation": _("Skriv en innstilling.")})
    if outcome == Outcome.MORE_INFO and not comment.strip():
        raise ValidationError(
            {"comment": _("Skriv hva kommunen må utdype når søknaden sendes tilbake.")}
        )
    _transition(
        application,
        to=_OUTCOME_STATUS[Outcome(outcome)],
        allowed=(ApplicationStatus.SUBMITTED,),
        user=user,
        comment=comment,
    )
    assessment = Assessment.objects.create(
        application=application,
        scores={c: int(scores[c]) for c in criteria},
        recommendation=recommendation.strip(),
        outcome=outcome,
        comment=comment.strip(),
        assessed_by=acting_user(user),
    )
    notifications.application_decided(assessment)
    return assessment


# Agreements and participation ------------------------------------------------------
