from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Antall")
    AMOUNT = "amount", _("Beløp i kroner")
    RATE = "rate", _("Rate (teller/nevner)")
    INDEX = "index", _("Indeks")


class Direction(models.TextChoices):
    """Which way is worse: for homelessness higher is worse; for nothing in particular, none."""

    HIGHER_IS_WORSE = "higher", _("Høyere er verre")
    LOWER_IS_WORSE = "lower", _("Lavere er verre")
    NEUTRAL = "neutral", _("Nøytral")


class RegionLevel(models.TextChoices):
    COUNTRY = "country", _("Hele landet")
    COUNTY = "county", _("Fylke")
    MUNICIPALITY = "municipality", _("Kommune")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Forhåndsvist")
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Importerer")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Feilet")


class SourceFormat(models.TextChoices):
    JSONSTAT = "jsonstat", "JSON-stat 2.0"
    PXWEB_CSV = "pxweb_csv", _("PxWeb CSV")
    SPREADSHEET = "spreadsheet", _("Regnearkmal")


# SSB's status symbols. A figure with a symbol and no value is kept as such: never 0.
SSB_STATUS_SYMBOLS = {
    ".": "Lar seg ikke føre opp",
    "..": "Tall mangler",
    "...": "Tall kan ikke offentliggjøres ennå",
    ":": "Vises ikke av konfidensialitetshensyn",
    "-": "Null",
}
