from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Godkjent")


class GoalLevel(models.TextChoices):
    MAIN = "main", _("Hovedmål")
    SUB = "sub", _("Delmål")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ONGOING = "ongoing", _("Pågår")
    DONE = "done", _("Gjennomført")
    POSTPONED = "postponed", _("Utsatt")
    CANCELLED = "cancelled", _("Avlyst")


class OrganisationBody(models.TextChoices):
    """Seed 004's organisation: owner, steering group, project group, reference group."""

    OWNER = "owner", _("Prosjekteier")
    STEERING = "steering", _("Styringsgruppe")
    PROJECT = "project", _("Prosjektgruppe")
    REFERENCE = "reference", _("Referansegruppe")


class Funder(models.TextChoices):
    MUNICIPALITY = "municipality", _("Kommunen")
    HUSBANKEN = "husbanken", _("Husbanken")
    OTHER = "other", _("Andre")


class BudgetCategory(models.TextChoices):
    """The cost categories of seed 004's report form (Vedlegg 1, section 5)."""

    WAGES = "wages", _("Lønn inkl. sosiale kostnader")
    TRAVEL = "travel", _("Reise og opphold")
    CONSULTANTS = "consultants", _("Konsulenter")
    OTHER = "other", _("Andre kostnader")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Høyere er bedre")
    DECREASE = "decrease", _("Lavere er bedre")


class Progress(models.TextChoices):
    ON_TRACK = "on_track", _("I rute")
    AT_RISK = "at_risk", _("Risiko for avvik")
    OFF_TRACK = "off_track", _("Ikke i rute")
    NO_DATA = "no_data", _("Mangler tall")
