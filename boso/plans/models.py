"""The programme plan of a participating municipality (seed 004: Lillehammer's
Programplan 2011): texts, the goal tree with activities on a month timeline, target
groups, sub-projects, organisation, risks, budget and the results framework.

Plans change only through boso.plans.services; `version` grows by one on every saved
change of the plan's texts, so a save from a stale page is refused instead of
overwriting a colleague's work.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boso.plans.choices import (
    ActivityStatus,
    BudgetCategory,
    Direction,
    Funder,
    GoalLevel,
    OrganisationBody,
    PlanStatus,
)


class Plan(models.Model):
    """One version of a participation's plan (Programplan 2011, Handlingsplan 2012–2014)."""

    participation = models.ForeignKey(
        "programmes.Participation", on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("tittel"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("første år"))
    last_year = models.PositiveSmallIntegerField(_("siste år"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    # Rich text, sanitised on save (boso.plans.services.sanitise).
    summary = models.TextField(_("sammendrag"), blank=True)
    purpose = models.TextField(_("formål"), blank=True)
    mandate = models.TextField(_("mandat"), blank=True)
    background = models.TextField(_("bakgrunn"), blank=True)
    status_and_challenges = models.TextField(_("status og utfordringer"), blank=True)
    vision = models.CharField(_("visjon"), max_length=300, blank=True)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programplan")
        verbose_name_plural = _("programplaner")
        ordering = ["participation_id", "first_year", "pk"]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A main goal (hovedmål) or a sub-goal (delmål) under one."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    level = models.CharField(_("nivå"), max_length=10, choices=GoalLevel.choices)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Grows by one on every save through the services: an edit made on an older
    # version is refused as a conflict instead of overwriting (see services._claim).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """A tiltak on the month timeline: who does it, when, and how it serves the goal."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("tiltak"), max_length=300)
    responsible_unit = models.CharField(_("ansvarlig enhet"), max_length=200, blank=True)
    starts_on = models.DateField(_("fra måned"))  # always the first day of the month
    ends_on = models.DateField(_("til måned"))  # the first day of the last month
    expected_result = models.TextField(_("forventet resultat"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    order = models.PositiveSmallIntegerField(default=0)
    # Grows by one on every save through the services: an edit made on an older
    # version is refused as a conflict instead of overwriting (see services._claim).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["goal_id", "starts_on", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class TargetGroup(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="target_groups")
    name = models.CharField(_("målgruppe"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("målgruppe")
        verbose_name_plural = _("målgrupper")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class SubProject(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sub_projects")
    name = models.CharField(_("delprosjekt"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("delprosjekt")
        verbose_name_plural = _("delprosjekter")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class OrganisationMember(models.Model):
    """A seat in the organisation, held by a role title (and a user account where the
    person has one) — no other personal data."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="members")
    body = models.CharField(_("organ"), max_length=20, choices=OrganisationBody.choices)
    role_title = models.CharField(_("rolle"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    leads = models.BooleanField(_("leder"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("medlem")
        verbose_name_plural = _("organisering")
        ordering = ["plan_id", "body", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.role_title}"


class Risk(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("risiko"))
    likelihood = models.PositiveSmallIntegerField(_("sannsynlighet (1–5)"))
    consequence = models.PositiveSmallIntegerField(_("konsekvens (1–5)"))
    mitigation = models.TextField(_("tiltak for å redusere risikoen"), blank=True)
    owner_role = models.CharField(_("ansvarlig rolle"), max_length=200, blank=True)
    # Grows by one on every save through the services: an edit made on an older
    # version is refused as a conflict instead of overwriting (see services._claim).
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risiko")
        verbose_name_plural = _("risikoer")
        ordering = ["plan_id", "-likelihood", "-consequence", "pk"]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def score(self) -> int:
        return self.likelihood * self.consequence


class BudgetLine(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("år"))
    funder = models.CharField(_("finansiering"), max_length=20, choices=Funder.choices)
    category = models.CharField(_("kategori"), max_length=20, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("beløp"), max_digits=14, decimal_places=2)
    note = models.CharField(_("merknad"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("budsjett")
        ordering = ["plan_id", "year", "funder", "category", "pk"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_funder_display()} {self.get_category_display()}"


class PlanIndicator(models.Model):
    """An indicator on a goal: from the catalogue (actuals from the statistics store) or
    the programme's own (actuals from reports), with a baseline and targets."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    # PROTECT: a goal cannot be deleted while indicators hang on it.
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="indicators")
    catalogue = models.ForeignKey(
        "statistics.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("indikator"), max_length=300)
    unit = models.CharField(_("enhet"), max_length=50, blank=True)
    direction = models.CharField(_("retning"), max_length=10, choices=Direction.choices)
    cumulative = models.BooleanField(
        _("kumulativ"),
        default=False,
        help_text=_("Tallene for periodene legges sammen (for eksempel antall hjulpet)."),
    )
    baseline_value = models.DecimalField(
        _("utgangsverdi"), null=True, blank=True, max_digits=18, decimal_places=4
    )
    baseline_period = models.CharField(_("utgangsperiode"), max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # as Goal.version
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["plan_id", "goal_id", "pk"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="targets")
    period = models.CharField(_("periode"), max_length=20)
    value = models.DecimalField(_("mål"), max_digits=18, decimal_places=4)

    class Meta:
        verbose_name = _("målverdi")
        verbose_name_plural = _("målverdier")
        ordering = ["indicator_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="indicator_target_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period}"


class IndicatorActual(models.Model):
    """An actual of a programme's own indicator for a period (from a report)."""

    indicator = models.ForeignKey(PlanIndicator, on_delete=models.CASCADE, related_name="actuals")
    period = models.CharField(_("periode"), max_length=20)
    value = models.DecimalField(_("faktisk verdi"), max_digits=18, decimal_places=4)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("faktisk verdi")
        verbose_name_plural = _("faktiske verdier")
        ordering = ["indicator_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="indicator_actual_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period}"
