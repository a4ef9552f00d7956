"""The report's workflow: draft → submitted → returned with comments per section ↔
resubmitted → approved (locked); reopening an approved report makes the next version, a
draft copying everything, and keeps the approved one as it was. Each step is one
transaction and refuses, naming why, when the report is not in the state it needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.programmes.choices import ReportKind
from boso.reports.choices import ActualSource, ItemKind, ReportStatus, Section
from boso.reports.models import Report, SectionComment
from boso.reports.services import FINAL_MISSING, FINAL_TEXTS, claim_revision


def missing_sections(report: Report) -> dict[int, list[str]]:
    """What a submission needs, per section: section → messages (empty when complete)."""
    missing: dict[int, list[str]] = {}

    def need(section: Section, message: str) -> None:
        missing.setdefault(int(section), []).append(message)

    if not report.programme_name.strip():
        need(Section.GENERAL, _("Skriv programnavnet."))
    if not report.progress.strip():
        need(Section.PROGRESS, _("Beskriv utviklingen og fremdriften."))
    _missing_goals(report, need)
    if not report.organisation.strip() and not any(m.held for m in report.meetings.all()):
        need(Section.ORGANISATION, _("Fortell om organiseringen eller møtene som er holdt."))
    if not report.costs.exists():
        need(Section.ECONOMY, _("Før kostnadene for perioden."))
    if not report.learning.strip() and not report.stories.exists():
        need(Section.LEARNING, _("Skriv om læring og formidling, eller legg til en historie."))
    if report.period.kind == ReportKind.FINAL:
        for name in FINAL_TEXTS:
            if not getattr(report, name).strip():
                need(Section.PROGRESS, str(FINAL_MISSING[name]))
    return missing


def _missing_goals(report: Report, need: Any) -> None:
    activities = [i for i in report.items.all() if i.kind == ItemKind.ACTIVITY]
    if any(not i.status for i in activities):
        need(Section.GOALS, _("Gi hvert tiltak en status."))
    for actual in report.actuals.select_related("indicator"):
        if actual.source == ActualSource.REPORT and actual.value is None and not actual.comment:
            need(
                Section.GOALS,
                _("Før tallet for «%(name)s», eller si hvorfor det mangler.")
                % {"name": actual.indicator.name},
            )
    if not activities and not report.goals_comment.strip():
        need(Section.GOALS, _("Planen har ingen tiltak: skriv om mål og strategier."))


@transaction.atomic
def report_submit(*, report: Report, expected_revision: int, user: Any = None) -> Report:
    """Send the report to Husbanken; refused, naming every missing part, while a
    required section is empty (the draft is kept as it is)."""
    claim_revision(report, expected_revision)
    missing = missing_sections(report)
    if missing:
        raise ValidationError(
            {f"section-{section}": messages for section, messages in sorted(missing.items())}
        )
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.filled_on = timezone.localdate()
    report.filled_by = acting_user(user) or report.filled_by
    report.save()
    return report


@transaction.atomic
def report_return(*, report: Report, comments: Mapping[int, str], user: Any = None) -> Report:
    """Back to the coordinator with a comment on at least one section."""
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"report": _("Bare en innsendt rapport kan sendes tilbake.")})
    given = {int(s): t.strip() for s, t in comments.items() if t and t.strip()}
    if not given:
        raise ValidationError({"comments": _("Skriv en kommentar til minst én del.")})
    if set(given) - set(Section.values):
        raise ValidationError({"comments": _("Ukjent del av rapporten.")})
    author = acting_user(user)
    SectionComment.objects.bulk_create(
        SectionComment(report=report, section=s, text=t, author=author)
        for s, t in sorted(given.items())
    )
    report.status = ReportStatus.RETURNED
    report.revision += 1
    report.save()
    return report


@transaction.atomic
def report_approve(*, report: Report, user: Any = None) -> Report:
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"report": _("Bare en innsendt rapport kan godkjennes.")})
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.approved_by = acting_user(user)
    report.revision += 1
    report.save()
    return report


@transaction.atomic
def report_reopen(*, report: Report, user: Any = None) -> Report:
    """An approved report stays as it is; the next version is a draft copying all of it."""
    if report.status != ReportStatus.APPROVED:
        raise ValidationError({"report": _("Bare en godkjent rapport kan åpnes igjen.")})
    latest = Report.objects.filter(period=report.period).aggregate(n=Max("number"))["n"]
    if latest != report.number:
        raise ValidationError({"report": _("Det finnes allerede en nyere versjon.")})
    parts = _parts_of(report)
    report.pk, report.id = None, None
    report.number, report.status, report.revision = latest + 1, ReportStatus.DRAFT, 1
    report.submitted_at = report.approved_at = report.approved_by = None
    report.filled_by = acting_user(user) or report.filled_by
    report.save()
    for part in parts:
        part.pk, part.report = None, report
        part.save()
    return report


def _parts_of(report: Report) -> list[Any]:
    return [
        *report.items.all(),
        *report.actuals.all(),
        *report.meetings.all(),
        *report.costs.all(),
        *report.funding.all(),
        *report.stories.all(),
    ]
