"""Reports a participating municipality files for a reporting period (seed 004's
Vedlegg 1, *Skjema for rapportering*): six sections, created from the plan, sent to
Husbanken, returned with comments per section, resubmitted and approved.

Reports change only through boso.reports.services. `revision` grows by one on every
saved change, so a save from a stale page (or a second tab) is refused instead of
overwriting. An approved report is locked; reopening it makes the next version (a
draft copying everything), and every version is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boso.plans.choices import ActivityStatus, BudgetCategory, Funder, OrganisationBody
from boso.plans.models import Activity, Goal, Plan, PlanIndicator, Risk
from boso.programmes.models import Participation, Programme, ReportingPeriod
from boso.reports.choices import ActualSource, ItemKind, ReportStatus, Section, SynthesisStatus

# "Historie (maks 1 side)": a page of A4 in 11 pt holds some 3 500 characters.
STORY_MAX_CHARS = 3500


class Report(models.Model):
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    number = models.PositiveSmallIntegerField(_("versjon"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1, editable=False)

    # 1 General programme information, filled from the register when the report is made.
    programme_name = models.CharField(_("programnavn"), max_length=300)
    contract_partner = models.CharField(_("kontraktspartner"), max_length=200)
    coordinator_role = models.CharField(_("programkoordinator"), max_length=300, blank=True)
    programme_start = models.DateField(_("programstart"))
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filled_on = models.DateField(_("utfylt dato"), null=True, blank=True)
    # 2 Progress; 4 organisation and participation; 6 learning (an introduction to the stories).
    progress = models.TextField(_("utvikling og fremdrift"), blank=True)
    goals_comment = models.TextField(_("om mål, strategier og tiltak"), blank=True)
    organisation = models.TextField(_("organisering og deltakelse"), blank=True)
    learning = models.TextField(_("læring og formidling"), blank=True)
    # 5 Economy: costs up to a date, their stated total, and a forecast for the year.
    costs_as_of = models.DateField(_("regnskap per"), null=True, blank=True)
    stated_total = models.DecimalField(
        _("sum oppgitt"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    forecast_low = models.DecimalField(
        _("forventet forbruk, fra"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    forecast_high = models.DecimalField(
        _("forventet forbruk, til"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    economy_comment = models.TextField(_("om økonomien"), blank=True)
    # The final report (sluttrapport) only.
    results = models.TextField(_("resultater over hele perioden"), blank=True)
    into_operations = models.TextField(_("overført til ordinær drift"), blank=True)
    remaining = models.TextField(_("videre i neste boligsosiale handlingsplan"), blank=True)

    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        ordering = ["period_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        period = self.period
        return f"{period.get_kind_display()} {period.starts_on:%m.%Y}–{period.ends_on:%m.%Y}"


class ReportItem(models.Model):
    """Section 3: a goal, an activity or a risk of the plan, with its status and comment."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=10, choices=ItemKind.choices)
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True)
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True)
    risk = models.ForeignKey(Risk, on_delete=models.SET_NULL, null=True, blank=True)
    number = models.CharField(max_length=20, blank=True)  # "2.1" for goals, as in the plan
    title = models.CharField(_("tittel"), max_length=300)  # as the plan said it then
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, blank=True
    )
    comment = models.TextField(_("kommentar"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report_id", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ReportActual(models.Model):
    """Section 3: an indicator's actual for the period. Figures from the statistics
    store are shown and confirmed; the programme's own are entered."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actuals")
    indicator = models.ForeignKey(PlanIndicator, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=ActualSource.choices)
    period = models.CharField(_("periode"), max_length=20, blank=True)
    value = models.DecimalField(_("verdi"), max_digits=18, decimal_places=4, null=True, blank=True)
    confirmed = models.BooleanField(_("bekreftet"), default=False)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        ordering = ["report_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_actual_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value} ({self.period})"


class ReportMeeting(models.Model):
    """Section 4: meetings a body held in the period, and who took part, by role."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="meetings")
    body = models.CharField(_("organ"), max_length=20, choices=OrganisationBody.choices)
    held = models.PositiveSmallIntegerField(_("møter holdt"), default=0)
    participants = models.TextField(_("deltakere (roller)"), blank=True)

    class Meta:
        ordering = ["report_id", "body"]
        constraints = [
            models.UniqueConstraint(fields=["report", "body"], name="report_meeting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.held}"


class ReportCost(models.Model):
    """Section 5: costs by category up to `Report.costs_as_of`."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("kategori"), max_length=20, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("beløp"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["report_id", "category"]
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="report_cost_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"


class ReportFunding(models.Model):
    """Section 5: the year's funding by source."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(_("finansiering"), max_length=20, choices=Funder.choices)
    amount = models.DecimalField(_("beløp"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["report_id", "funder"]
        constraints = [
            models.UniqueConstraint(fields=["report", "funder"], name="report_funding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_funder_display()}: {self.amount}"


class ReportStory(models.Model):
    """Section 6: a story of learning or dissemination, at most one page."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("tittel"), max_length=200)
    told_on = models.DateField(_("dato"), null=True, blank=True)
    text = models.TextField(_("historien"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["report_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class SectionComment(models.Model):
    """Husbanken's comment on a section when it returns the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    section = models.PositiveSmallIntegerField(_("del"), choices=Section.choices)
    text = models.TextField(_("kommentar"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report_id", "created_at", "section"]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.text[:60]}"


class Synthesis(models.Model):
    """The region's synthesis for a period (seed 003, "2. halvår 2015"): an introduction,
    a paragraph per municipality and the region's tables, drafted from the approved
    reports, edited by the advisor and published. `figures` keeps the tables as they
    were drafted (money granted and spent by category, indicator movements), so a
    published synthesis does not change when a report is reopened later."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="syntheses")
    title = models.CharField(_("tittel"), max_length=200)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    introduction = models.TextField(_("innledning"), blank=True)
    closing = models.TextField(_("felles for flere kommuner"), blank=True)
    figures = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SynthesisStatus.choices, default=SynthesisStatus.DRAFT
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sammenstilling")
        verbose_name_plural = _("sammenstillinger")
        ordering = ["programme_id", "-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class SynthesisParagraph(models.Model):
    """A municipality's paragraph: drafted from its report, then the advisor's text."""

    synthesis = models.ForeignKey(Synthesis, on_delete=models.CASCADE, related_name="paragraphs")
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    heading = models.CharField(_("overskrift"), max_length=200)  # "Skien kommune"
    text = models.TextField(_("tekst"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["synthesis_id", "order", "pk"]

    def __str__(self) -> str:
        return self.heading
