from django.db import models
from django.utils.translation import gettext_lazy as _


class Transform(models.TextChoices):
    RAW = "raw", _("Som den er")
    PER_1000 = "per_1000", _("Per 1000 innbyggere")
    LOG = "log", _("Logaritme")


class Normalisation(models.TextChoices):
    ZSCORE = "zscore", _("Standardisert (z-skår)")
    DECILE = "decile", _("Desiler 1–10 (som SSBs levekårsindeks)")
    MINMAX = "minmax", _("Min–maks (0–1)")


class MissingPolicy(models.TextChoices):
    EXCLUDE = "exclude", _("Utelat kommunen fra rangeringen")
    MEDIAN = "median", _("Bruk medianen, og merk kommunen")
    FLAG = "flag", _("Gi kriteriet null i bidrag, og merk kommunen")


class Direction(models.TextChoices):
    HIGHER_IS_WORSE = "higher", _("Høyere verdi = større utfordring")
    LOWER_IS_WORSE = "lower", _("Lavere verdi = større utfordring")


class Reason(models.TextChoices):
    CHALLENGES = "challenges", _("Store boligsosiale utfordringer")
    ROLE_MODEL = "role_model", _("Forbildekommune")
    ABILITY = "ability", _("Evne og vilje")
    CAPACITY = "capacity", _("Kapasitet")
    OTHER = "other", _("Annet")
