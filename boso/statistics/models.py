"""The indicator catalogue and the observation store.

An observation is one figure: indicator × region × period × further dimensions,
with a Decimal value or none, and SSB's status symbol. Regions are codes as the
source gave them: "0" the country, two digits a county, four a municipality.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boso.statistics.choices import Direction, ImportStatus, IndicatorKind, SourceFormat


class Indicator(models.Model):
    code = models.CharField(_("kode"), max_length=64, unique=True)
    name_nb = models.CharField(_("navn (bokmål)"), max_length=200)
    name_en = models.CharField(_("navn (engelsk)"), max_length=200, blank=True)
    unit = models.CharField(_("enhet"), max_length=50, blank=True)
    kind = models.CharField(
        _("type"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.COUNT
    )
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    multiplier = models.DecimalField(
        _("multiplikator"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For rater: 1000 for «per 1000 innbyggere», 100 for prosent."),
    )
    direction = models.CharField(
        _("retning"), max_length=10, choices=Direction.choices, default=Direction.NEUTRAL
    )
    decimals = models.PositiveSmallIntegerField(_("desimaler"), default=0)
    source = models.CharField(_("kilde"), max_length=200, blank=True)
    source_table = models.CharField(_("kildetabell"), max_length=20, blank=True)
    definition = models.TextField(_("definisjon"), blank=True)
    # The fact sheet is a page of key figures, not the whole catalogue: a national
    # catalogue holds hundreds of indicators, each with its own page.
    on_fact_sheet = models.BooleanField(
        _("på faktaarket"),
        default=True,
        help_text=_("Vises på kommunenes faktaark. Alle indikatorer har sin egen side."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="indicator_rate_has_parts",
                condition=~models.Q(kind="rate")
                | (models.Q(numerator__isnull=False) & models.Q(denominator__isnull=False))
                | models.Q(numerator__isnull=True, denominator__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_nb} ({self.code})"

    @property
    def is_derived_rate(self) -> bool:
        return self.kind == IndicatorKind.RATE and self.numerator_id is not None


class ImportProfile(models.Model):
    """How a statistics-bank table maps to catalogue indicators and named dimensions."""

    name = models.SlugField(_("navn"), unique=True)
    table_id = models.CharField(_("tabell"), max_length=20, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    # {"Personer1": "population"}: statistic variable (ContentsCode) → indicator code
    indicators = models.JSONField(_("indikatorer"), default=dict, blank=True)
    # {"Alder": "age"}: source dimension id → the name used in dimension keys
    dimensions = models.JSONField(_("dimensjoner"), default=dict, blank=True)
    # The dimension holding regions, for tables that do not mark one (role.geo).
    geo_dimension = models.CharField(_("regiondimensjon"), max_length=64, blank=True)
    # {"00": "0", "01": ""}: source region code → region code; "" skips it (with the reason)
    region_map = models.JSONField(_("regionkoder"), default=dict, blank=True)
    skip_reason = models.CharField(_("grunn for å hoppe over"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("importprofil")
        verbose_name_plural = _("importprofiler")

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    source = models.CharField(_("kilde"), max_length=500)
    source_format = models.CharField(
        _("format"), max_length=20, choices=SourceFormat.choices, blank=True
    )
    table_id = models.CharField(_("tabell"), max_length=20, blank=True)
    title = models.CharField(_("tittel"), max_length=300, blank=True)
    source_updated = models.DateTimeField(_("oppdatert hos kilden"), null=True, blank=True)
    profile = models.ForeignKey(ImportProfile, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    stored_file = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cells_total = models.PositiveIntegerField(default=0)
    cells_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("importkjøring")
        verbose_name_plural = _("importkjøringer")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} ({self.get_status_display()})"

    def summary_line(self) -> str:
        return (
            f"created {self.created} / updated {self.updated} / "
            f"unchanged {self.unchanged} / skipped {self.skipped}"
        )


class Observation(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    region = models.CharField(_("region"), max_length=8)
    period = models.CharField(_("periode"), max_length=10)
    period_start = models.DateField(_("periodestart"))
    dimension_key = models.CharField(_("dimensjoner"), max_length=200, blank=True, default="")
    value = models.DecimalField(_("verdi"), max_digits=24, decimal_places=6, null=True)
    status = models.CharField(_("status"), max_length=3, blank=True, default="")
    # Provenance only: no database constraint, because checking it for every row of an
    # 800,000-row import doubles the merge on PostgreSQL. Django still sets it to null
    # when a run is deleted through the ORM.
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, db_constraint=False
    )
    updated_at = models.DateTimeField(_("oppdatert"))

    class Meta:
        verbose_name = _("observasjon")
        verbose_name_plural = _("observasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period", "dimension_key"],
                name="observation_key",
            )
        ]
        indexes = [
            models.Index(fields=["region", "indicator", "period_start"], name="obs_region_ind"),
            models.Index(fields=["indicator", "period_start"], name="obs_indicator_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.region} {self.period} = {self.value}{self.status}"

    @property
    def numeric(self) -> Decimal | None:
        return self.value


class ObservationRevision(models.Model):
    """The figure an import replaced: revised statistics keep their history."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    status = models.CharField(max_length=3, blank=True, default="")
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )

    class Meta:
        ordering = ["-replaced_at"]

    def __str__(self) -> str:
        return f"{self.observation_id} was {self.value}{self.status}"
