"""The printed papers of a development programme, as PDF/A: the invitation letter, the
application as filed, the decision letter and the cooperation agreement.

Objects in, bytes out: no request objects. Each `*_context` fetches what its template
needs in a fixed number of queries, and formats numbers and dates the Norwegian way,
so the templates only place text.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, format_number
from boso.documents.renderers import render_pdf
from boso.municipalities.models import Municipality, Region
from boso.programmes import selectors, services
from boso.programmes.choices import (
    AgreementStatus,
    ApplicationStatus,
    CallStatus,
    Outcome,
    ReportKind,
)
from boso.programmes.models import (
    Agreement,
    Application,
    ApplicationYear,
    Assessment,
    Invitation,
    Programme,
)

NBSP = "\u00a0"
TEMPLATES = "programmes/documents/"


# --- Formatting ---------------------------------------------------------------------


def kroner(amount: Decimal) -> str:
    """1 500 000 kr (no break inside)."""
    return f"{format_number(amount, 0)}{NBSP}kr"


def percent(share: Decimal, decimals: int | None = None) -> str:
    """A share as a Norwegian percentage: 0.3 → "30 %", 0.31106 → "31,1 %" (1 decimal)."""
    value = share * 100
    text = (
        format_number(value, decimals) if decimals is not None else format_number(value.normalize())
    )
    return f"{text}{NBSP}%"


def file_size(size: int) -> str:
    if size < 1024:
        return f"{format_number(size)}{NBSP}byte"
    if size < 1024 * 1024:
        return f"{format_number(Decimal(size) / 1024, 0)}{NBSP}kB"
    return f"{format_number(Decimal(size) / 1024 / 1024, 1)}{NBSP}MB"


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(moment).date() if moment else None


def _municipality(municipality: Municipality) -> str:
    return _("%(name)s kommune") % {"name": municipality.name}


def _husbanken(region: Region) -> str:
    """ "Husbanken region sør" from the region "Region sør"."""
    name = region.name
    if name.lower().startswith("region "):
        name = "region " + name[len("region ") :]
    return _("Husbanken %(region)s") % {"region": name}


def _letterhead(region: Region, day: datetime.date | None) -> dict[str, str]:
    return {
        "sender": _husbanken(region),
        "region": region.name,
        "office": _("Regionkontor %(office)s") % {"office": region.office} if region.office else "",
        "date": format_date(day),
    }


def _link(name: str, pk: int) -> str:
    return settings.BOSO_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def _programme_rules(programme: Programme) -> dict[str, str]:
    return {
        "min_share": percent(programme.min_own_share),
        "max_share": percent(programme.max_own_share),
        "share_range": f"{format_number((programme.min_own_share * 100).normalize())}–"
        f"{percent(programme.max_own_share)}",
        "grant_cap": kroner(programme.grant_cap_per_year),
        "period": f"{programme.start_year}–{programme.end_year}",
    }


# --- The budget of an application ---------------------------------------------------


@dataclass(frozen=True)
class BudgetLine:
    """One year (or the sum) of an application's budget, formatted."""

    label: str
    grant: str
    own_money: str
    own_hours: str
    hour_rate: str
    hours_value: str
    own_total: str
    total: str


def _hours(value: Decimal) -> str:
    return format_number(value.normalize()) if value else "0"


def budget_lines(years: Iterable[ApplicationYear]) -> tuple[list[BudgetLine], BudgetLine]:
    """The lines per year and the sum line; hour rates are not summed."""
    lines = []
    sums = dict.fromkeys(("grant", "money", "hours", "value", "own"), Decimal(0))
    for y in years:
        value = y.own_hours * y.hour_rate
        lines.append(
            BudgetLine(
                str(y.year),
                kroner(y.grant_requested),
                kroner(y.own_money),
                _hours(y.own_hours),
                kroner(y.hour_rate) if y.own_hours else "",
                kroner(value),
                kroner(y.own_total),
                kroner(y.own_total + y.grant_requested),
            )
        )
        for key, amount in zip(
            sums, (y.grant_requested, y.own_money, y.own_hours, value, y.own_total), strict=True
        ):
            sums[key] += amount
    total = BudgetLine(
        _("Sum"),
        kroner(sums["grant"]),
        kroner(sums["money"]),
        _hours(sums["hours"]),
        "",
        kroner(sums["value"]),
        kroner(sums["own"]),
        kroner(sums["own"] + sums["grant"]),
    )
    return lines, total


def share_summary(application: Application) -> dict[str, Any]:
    """The computed own share against the programme's rule, in words."""
    programme = application.call.programme
    budget = services.application_budget(application)
    rules = _programme_rules(programme)
    if budget.share is None:
        return {"share": "", "within": False, "text": _("Budsjettet er tomt.")}
    within = programme.min_own_share <= budget.share <= programme.max_own_share
    text = _(
        "Egeninnsatsen er %(share)s av samlet budsjett (%(own)s av %(total)s). "
        "Programmets krav er %(range)s av samlet budsjett for hele perioden: %(verdict)s."
    ) % {
        "share": percent(budget.share, 1),
        "own": kroner(budget.own),
        "total": kroner(budget.own + budget.grant),
        "range": rules["share_range"],
        "verdict": _("innenfor kravet") if within else _("utenfor kravet"),
    }
    return {"share": percent(budget.share, 1), "within": within, "text": text}


# --- Invitation letter --------------------------------------------------------------


def _invitation_day(invitation: Invitation) -> datetime.date:
    """The day the letter goes out: when the call opened, or the invitation if later."""
    invited = _local_day(invitation.invited_at) or timezone.localdate()
    opened = selectors.status_history(invitation.call).filter(to_status=CallStatus.OPEN).last()
    return max(invited, _local_day(opened.changed_at) or invited) if opened else invited


def _subject(programme: Programme) -> str:
    # The demo programmes are called "Boligsosialt utviklingsprogram region …": do not
    # say "utviklingsprogram" twice.
    if "utviklingsprogram" in programme.name.lower():
        return _("Invitasjon til %(programme)s") % {"programme": programme.name}
    return _("Invitasjon til boligsosialt utviklingsprogram %(programme)s") % {
        "programme": programme.name
    }


def _gathering_days(starts_on: datetime.date, ends_on: datetime.date) -> str:
    if starts_on == ends_on:
        return format_date(starts_on)
    return f"{format_date(starts_on)}–{format_date(ends_on)}"


def invitation_context(invitation: Invitation) -> dict[str, Any]:
    invitation = (
        Invitation.objects.select_related(
            "call__programme__region", "municipality", "decision__tier"
        )
        .prefetch_related("call__gatherings")
        .get(pk=invitation.pk)
    )
    call = invitation.call
    programme = call.programme
    municipality = _municipality(invitation.municipality)
    return {
        "letter": _letterhead(programme.region, _invitation_day(invitation)),
        "recipient": municipality,
        "municipality": municipality,
        "subject": _subject(programme),
        "doc_name": _("Invitasjon – %(municipality)s") % {"municipality": municipality},
        "programme": programme,
        "call": call,
        "rules": _programme_rules(programme),
        "tier": invitation.decision.tier.name if invitation.decision else "",
        "criteria": list(programme.assessment_criteria),
        "gatherings": [
            {"days": _gathering_days(g.starts_on, g.ends_on), "title": g.title, "place": g.place}
            for g in call.gatherings.all()
        ],
        "deadline": format_date(call.deadline),
        "link": _link("programmes:call", call.pk),
    }


def invitation_pdf(invitation: Invitation) -> bytes:
    return render_pdf(TEMPLATES + "invitation.html", invitation_context(invitation))


# --- The application as filed -------------------------------------------------------


def _application(pk: int) -> Application:
    return (
        Application.objects.select_related(
            "call__programme__region", "municipality", "submitted_by"
        )
        .prefetch_related("years", "contacts__user", "attachments")
        .get(pk=pk)
    )


def _text_sections(application: Application) -> list[tuple[str, str]]:
    return [
        (_("Behov og mål"), application.needs_and_goals),
        (_("Målgrupper"), application.target_groups),
        (_("Planlagte delprosjekter"), application.sub_projects),
        (
            _("Eksisterende prosjekter som ses i sammenheng med programmet"),
            application.existing_projects,
        ),
    ]


def application_context(application: Application) -> dict[str, Any]:
    application = _application(application.pk)
    programme = application.call.programme
    municipality = _municipality(application.municipality)
    lines, total = budget_lines(application.years.all())
    return {
        "application": application,
        "programme": programme,
        "municipality": municipality,
        "municipality_code": application.municipality.code,
        "husbanken": _husbanken(programme.region),
        "doc_name": _("Søknad – %(municipality)s – %(call)s")
        % {"municipality": municipality, "call": application.call.title},
        "is_draft": application.status == ApplicationStatus.DRAFT,
        "submitted": format_date(_local_day(application.submitted_at)),
        "deadline": format_date(application.call.deadline),
        "sections": _text_sections(application),
        "budget_lines": lines,
        "budget_total": total,
        "share": share_summary(application),
        "rules": _programme_rules(programme),
        "decision_date": format_date(application.political_decision_date),
        "contacts": [
            {
                "role": c.get_role_display(),
                "unit": c.unit,
                "name": c.user.get_full_name() or c.user.username,
            }
            for c in application.contacts.all()
        ],
        "attachments": [
            {"name": a.name, "kind": a.get_kind_display(), "size": file_size(a.size)}
            for a in application.attachments.all()
        ],
        "printed": format_date(timezone.localdate()),
    }


def application_pdf(application: Application) -> bytes:
    return render_pdf(TEMPLATES + "application.html", application_context(application))


# --- Decision letter ----------------------------------------------------------------


def _decision_texts(assessment: Assessment, husbanken: str, municipality: str) -> dict[str, str]:
    programme = assessment.application.call.programme
    names = {"husbanken": husbanken, "municipality": municipality, "programme": programme.name}
    if assessment.outcome == Outcome.APPROVE:
        return {
            "subject": _("Vedtak om deltakelse i %(programme)s: innvilget") % names,
            "decision": _(
                "%(husbanken)s innvilger søknaden fra %(municipality)s om deltakelse i "
                "%(programme)s."
            )
            % names,
        }
    if assessment.outcome == Outcome.REJECT:
        return {
            "subject": _("Vedtak om deltakelse i %(programme)s: avslått") % names,
            "decision": _(
                "%(husbanken)s avslår søknaden fra %(municipality)s om deltakelse i %(programme)s."
            )
            % names,
        }
    return {
        # Not a decision on the application: it goes back to the municipality.
        "subject": _("Søknad om deltakelse i %(programme)s: behov for mer informasjon") % names,
        "decision": _(
            "%(husbanken)s trenger mer informasjon før søknaden fra %(municipality)s om "
            "deltakelse i %(programme)s kan avgjøres, og sender den tilbake til kommunen."
        )
        % names,
    }


def decision_context(assessment: Assessment) -> dict[str, Any]:
    assessment = (
        Assessment.objects.select_related(
            "application__call__programme__region", "application__municipality"
        )
        .prefetch_related("application__years")
        .get(pk=assessment.pk)
    )
    application = assessment.application
    programme = application.call.programme
    husbanken = _husbanken(programme.region)
    municipality = _municipality(application.municipality)
    years = list(application.years.all())
    return {
        "letter": _letterhead(programme.region, _local_day(assessment.assessed_at)),
        "recipient": municipality,
        "municipality": municipality,
        "husbanken": husbanken,
        "doc_name": _("Vedtaksbrev – %(municipality)s") % {"municipality": municipality},
        "assessment": assessment,
        "application": application,
        "programme": programme,
        "outcome": assessment.outcome,
        **_decision_texts(assessment, husbanken, municipality),
        "submitted": format_date(_local_day(application.submitted_at)),
        "grants": [(y.year, kroner(y.grant_requested)) for y in years],
        "grant_total": kroner(sum((y.grant_requested for y in years), Decimal(0))),
        "reopened_until": format_date(application.reopened_until),
        "link": _link("programmes:application", application.pk),
    }


def decision_pdf(assessment: Assessment) -> bytes:
    return render_pdf(TEMPLATES + "decision.html", decision_context(assessment))


# --- Cooperation agreement ----------------------------------------------------------


def _approved_on(application: Application) -> str:
    approvals = [a for a in application.assessments.all() if a.outcome == Outcome.APPROVE]
    return format_date(_local_day(approvals[-1].assessed_at)) if approvals else ""


def _schedule(agreement: Agreement, programme: Any) -> list[tuple[str, str, str]]:
    """The reports the agreement asks for (what signing creates), as printed rows."""
    labels = dict(ReportKind.choices)
    return [
        (str(labels[kind]), f"{format_date(start)}–{format_date(end)}", format_date(due))
        for kind, start, end, due in services.schedule_for(
            starts_on=agreement.starts_on,
            ends_on=agreement.ends_on,
            due_days=programme.report_due_days,
        )
    ]


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    agreement = (
        Agreement.objects.select_related(
            "application__call__programme__region", "application__municipality", "tier"
        )
        .prefetch_related("application__years", "application__assessments")
        .get(pk=agreement.pk)
    )
    application = agreement.application
    programme = application.call.programme
    husbanken = _husbanken(programme.region)
    municipality = _municipality(application.municipality)
    years = list(application.years.all())
    return {
        "agreement": agreement,
        "application": application,
        "programme": programme,
        "region": programme.region,
        "husbanken": husbanken,
        "municipality": municipality,
        "municipality_code": application.municipality.code,
        "doc_name": _("Samarbeidsavtale – %(municipality)s og %(husbanken)s")
        % {"municipality": municipality, "husbanken": husbanken},
        "is_draft": agreement.status == AgreementStatus.DRAFT,
        "period": f"{format_date(agreement.starts_on)}–{format_date(agreement.ends_on)}",
        "submitted": format_date(_local_day(application.submitted_at)),
        "approved": _approved_on(application),
        "decision_date": format_date(application.political_decision_date),
        "grants": [(y.year, kroner(y.grant_requested)) for y in years],
        "grant_total": kroner(sum((y.grant_requested for y in years), Decimal(0))),
        "schedule": _schedule(agreement, programme),
        "signed_by_husbanken": format_date(agreement.signed_by_husbanken_on),
        "signed_by_municipality": format_date(agreement.signed_by_municipality_on),
        "printed": format_date(timezone.localdate()),
    }


def agreement_pdf(agreement: Agreement) -> bytes:
    return render_pdf(TEMPLATES + "agreement.html", agreement_context(agreement))
