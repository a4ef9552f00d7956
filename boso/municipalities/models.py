"""The municipality register: KLASS 131 versions and changes, counties and Husbanken's regions.

A Municipality row is one code over one unbroken stretch of time. A code that
survives a merger (1103 Stavanger in 2020) starts a new row, because the
territory behind the number changed; the change table links the rows.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MunicipalityVersion(models.Model):
    """One version of SSB's classification 131 (Standard for kommuneinndeling)."""

    klass_id = models.PositiveIntegerField(_("KLASS-id"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"), db_index=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    items_loaded = models.BooleanField(_("kommuneliste lastet"), default=False)

    class Meta:
        verbose_name = _("kommuneinndeling")
        verbose_name_plural = _("kommuneinndelinger")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    """A county (fylke) as coded in one period; 30 Viken existed 2020–2023."""

    code = models.CharField(_("fylkesnummer"), max_length=2)
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="county_code_from_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Region(models.Model):
    """A Husbanken region: data, not code, because Husbanken has reorganised."""

    slug = models.SlugField(_("kortnavn"), unique=True)
    name = models.CharField(_("navn"), max_length=100)
    office = models.CharField(_("regionkontor"), max_length=100, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Husbanken-region")
        verbose_name_plural = _("Husbanken-regioner")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionCounty(models.Model):
    """A county belongs to a region from one date to another."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="county_links")
    county_code = models.CharField(_("fylkesnummer"), max_length=2)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fylke i region")
        verbose_name_plural = _("fylker i regioner")
        ordering = ["region", "county_code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.region}: {self.county_code}"


class RegionMunicipality(models.Model):
    """A municipality placed in a region directly, over what its county says.

    Needed where a county was split between regions: 30 Viken (2020–2023) held
    municipalities of region øst and of region sør.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="municipality_links")
    municipality_code = models.CharField(_("kommunenummer"), max_length=4)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommune i region")
        verbose_name_plural = _("kommuner i regioner")
        ordering = ["region", "municipality_code", "valid_from"]

    def __str__(self) -> str:
        return f"{self.region}: {self.municipality_code}"


class Municipality(models.Model):
    code = models.CharField(_("kommunenummer"), max_length=4, db_index=True)
    name = models.CharField(_("navn"), max_length=100)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    # False when the code was already in use before the earliest loaded version and
    # no change in the change table tells when it began.
    valid_from_exact = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="municipality_code_from_unique"
            )
        ]
        indexes = [models.Index(fields=["valid_from", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def county_code(self) -> str:
        return self.code[:2]

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class MunicipalityName(models.Model):
    """The name a municipality had in one version (names change: Trondheim - Tråante)."""

    version = models.ForeignKey(
        MunicipalityVersion, on_delete=models.CASCADE, related_name="entries"
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("navn"), max_length=100)
    # Case-folded name: SQLite's LIKE folds only ASCII, so "ålesund" must be stored folded
    # for search to behave the same on SQLite and PostgreSQL.
    search_key = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "municipality"], name="municipality_name_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class MunicipalityChange(models.Model):
    """A row of KLASS 131's change table: old code → new code on a date."""

    old_code = models.CharField(_("gammelt nummer"), max_length=4, db_index=True)
    old_name = models.CharField(_("gammelt navn"), max_length=100)
    new_code = models.CharField(_("nytt nummer"), max_length=4, db_index=True)
    new_name = models.CharField(_("nytt navn"), max_length=100)
    occurred = models.DateField(_("endringsdato"), db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kommuneendring")
        verbose_name_plural = _("kommuneendringer")
        ordering = ["occurred", "old_code", "new_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["old_code", "new_code", "occurred"], name="municipality_change_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.old_code} {self.old_name} → {self.new_code} {self.new_name} ({self.occurred})"
        )
