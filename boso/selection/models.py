"""Kommunepyramiden: challenge-index definitions, frozen scoring runs, tiers and decisions.

A definition is versioned: once a run has been computed from it, it is never
changed; an edit makes the next version. A run freezes the inputs and results as
they were, so a decision can be read years later after SSB revises its figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boso.selection.choices import Direction, MissingPolicy, Normalisation, Reason, Transform


class Tier(models.Model):
    """A level of the pyramid. Data, not code: Husbanken has used three and four levels."""

    code = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    level = models.PositiveSmallIntegerField(
        _("nivå"), help_text=_("0 er grunntilbudet; høyere nivå er høyere i pyramiden.")
    )
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("nivå i kommunepyramiden")
        verbose_name_plural = _("nivåer i kommunepyramiden")
        ordering = ["level"]

    def __str__(self) -> str:
        return self.name


class IndexDefinition(models.Model):
    """One version of a challenge index over a region's municipalities on a structure."""

    family = models.SlugField(_("kortnavn"), help_text=_("Felles for alle versjoner."))
    version = models.PositiveIntegerField(_("versjon"), default=1)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    region = models.ForeignKey(
        "municipalities.Region", on_delete=models.PROTECT, related_name="index_definitions"
    )
    structure_date = models.DateField(
        _("kommuneinndeling per"), help_text=_("Kommunene slik de var inndelt denne dagen.")
    )
    top_n = models.PositiveIntegerField(_("antall øverst (N)"), default=8)
    threshold = models.DecimalField(
        _("terskel for skår"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    min_population = models.PositiveIntegerField(_("minste folketall"), null=True, blank=True)
    suggested_tier = models.ForeignKey(
        Tier, on_delete=models.PROTECT, related_name="+", verbose_name=_("foreslått nivå")
    )
    base_tier = models.ForeignKey(
        Tier, on_delete=models.PROTECT, related_name="+", verbose_name=_("nivå for de andre")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indeksdefinisjon")
        verbose_name_plural = _("indeksdefinisjoner")
        ordering = ["family", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="index_family_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class Criterion(models.Model):
    definition = models.ForeignKey(
        IndexDefinition, on_delete=models.CASCADE, related_name="criteria"
    )
    indicator = models.ForeignKey("statistics.Indicator", on_delete=models.PROTECT)
    period = models.CharField(_("periode"), max_length=10)
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER_IS_WORSE
    )
    transform = models.CharField(
        _("omregning"), max_length=10, choices=Transform.choices, default=Transform.RAW
    )
    normalisation = models.CharField(
        _("normalisering"),
        max_length=10,
        choices=Normalisation.choices,
        default=Normalisation.ZSCORE,
    )
    weight = models.DecimalField(_("vekt"), max_digits=8, decimal_places=4, default=Decimal(1))
    missing = models.CharField(
        _("manglende tall"),
        max_length=10,
        choices=MissingPolicy.choices,
        default=MissingPolicy.FLAG,
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period} ×{self.weight}"


class ScoringRun(models.Model):
    """A computed ranking, frozen: inputs and results as they were on the day."""

    definition = models.ForeignKey(IndexDefinition, on_delete=models.PROTECT, related_name="runs")
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # The criteria as they were (indicator code, name, period, weight …), in order.
    criteria = models.JSONField(default=list)
    published = models.BooleanField(_("publisert"), default=False)

    class Meta:
        verbose_name = _("rangering")
        verbose_name_plural = _("rangeringer")
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"{self.definition} – {self.computed_at:%d.%m.%Y %H:%M}"


class RunRow(models.Model):
    """One municipality in a frozen run: its inputs, score, rank and contributions."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="rows")
    municipality_code = models.CharField(max_length=4)
    municipality_name = models.CharField(max_length=100)
    population = models.DecimalField(max_digits=12, decimal_places=0, null=True)
    rank = models.PositiveIntegerField(null=True)  # None: left out (missing figures)
    score = models.DecimalField(max_digits=14, decimal_places=6, null=True)
    values = models.JSONField(default=list)  # raw input per criterion (str or None)
    contributions = models.JSONField(default=list)  # weighted normalised value per criterion
    flags = models.JSONField(default=list)  # e.g. "median used for homeless_per_1000 2008"
    suggested_tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["rank", "municipality_code"]
        constraints = [
            models.UniqueConstraint(fields=["run", "municipality_code"], name="run_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.municipality_code} {self.municipality_name}"


class Decision(models.Model):
    """An advisor's decision on one municipality's tier, read against a frozen run."""

    run = models.ForeignKey(ScoringRun, on_delete=models.PROTECT, related_name="decisions")
    municipality_code = models.CharField(_("kommunenummer"), max_length=4)
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, verbose_name=_("nivå"))
    reason = models.CharField(_("begrunnelse"), max_length=20, choices=Reason.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(auto_now=True)
    published = models.BooleanField(_("publisert"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        constraints = [
            models.UniqueConstraint(fields=["run", "municipality_code"], name="decision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_code}: {self.tier}"


class SensitivityResult(models.Model):
    """How stable a run's ranking is when the weights wobble (Dirichlet draws around them).

    `results` holds one entry per ranked municipality: code, name, rank, probability
    of landing in the top N, and the 5th, 50th and 95th percentile of its rank.
    """

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="sensitivities")
    draws = models.PositiveIntegerField(_("trekninger"))
    concentration = models.FloatField(_("konsentrasjon"))
    computed_at = models.DateTimeField(auto_now_add=True)
    results = models.JSONField(default=list)

    class Meta:
        verbose_name = _("følsomhetsanalyse")
        verbose_name_plural = _("følsomhetsanalyser")
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"{self.run} – {self.draws} draws"
