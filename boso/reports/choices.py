from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """draft → submitted → returned ↔ resubmitted → approved (locked). Reopening an
    approved report makes a new version, a draft; the approved one stays as it was."""

    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt inn")
    RETURNED = "returned", _("Sendt tilbake")
    APPROVED = "approved", _("Godkjent")


class Section(models.IntegerChoices):
    """The six sections of seed 004's report form (Vedlegg 1)."""

    GENERAL = 1, _("1 Generell programinformasjon")
    PROGRESS = 2, _("2 Kort beskrivelse av programmet, utvikling og fremdrift")
    GOALS = 3, _("3 Mål, strategier, tiltak og risikofaktorer")
    ORGANISATION = 4, _("4 Organisering av arbeidet og deltakelse")
    ECONOMY = 5, _("5 Økonomi")
    LEARNING = 6, _("6 Læring og formidling")


class ItemKind(models.TextChoices):
    """What a line of section 3 reports on: a goal, an activity or a risk of the plan."""

    GOAL = "goal", _("Mål")
    ACTIVITY = "activity", _("Tiltak")
    RISK = "risk", _("Risiko")


class ActualSource(models.TextChoices):
    STATISTICS = "statistics", _("Statistikk")
    REPORT = "report", _("Rapport")


class SynthesisStatus(models.TextChoices):
    """A synthesis is drafted from the approved reports, edited by the advisor and
    published; a published synthesis is locked."""

    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")
