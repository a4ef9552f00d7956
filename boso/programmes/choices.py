from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    ACTIVE = "active", _("Aktivt")
    CLOSED = "closed", _("Avsluttet")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Under arbeid")
    OPEN = "open", _("Utlyst")
    CLOSED = "closed", _("Lukket")


class InvitationSource(models.TextChoices):
    DECISION = "decision", _("Fra beslutning i kommunepyramiden")
    MANUAL = "manual", _("Valgt for hånd")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt")
    INFO_REQUESTED = "info_requested", _("Returnert for mer informasjon")
    APPROVED = "approved", _("Innvilget")
    REJECTED = "rejected", _("Avslått")


class Outcome(models.TextChoices):
    """What the advisor decides on a submitted application."""

    APPROVE = "approve", _("Innvilge")
    REJECT = "reject", _("Avslå")
    MORE_INFO = "more_info", _("Be om mer informasjon")


class PoliticalBody(models.TextChoices):
    FORMANNSKAP = "formannskap", _("Formannskapet")
    KOMMUNESTYRE = "kommunestyre", _("Kommunestyret / bystyret")
    UTVALG = "utvalg", _("Hovedutvalg eller komité")
    OTHER = "other", _("Annet organ")


class ContactRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Programkoordinator")
    OWNER = "owner", _("Prosjekteier")
    CONTACT = "contact", _("Kontaktperson")
    ECONOMY = "economy", _("Økonomiansvarlig")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SIGNED = "signed", _("Signert")


class ParticipationStatus(models.TextChoices):
    ACTIVE = "active", _("Deltar")
    ENDED = "ended", _("Avsluttet")
    WITHDRAWN = "withdrawn", _("Trukket seg")


class DisbursementStatus(models.TextChoices):
    REQUESTED = "requested", _("Anmodet")
    PAID = "paid", _("Utbetalt")


class InstrumentKind(models.TextChoices):
    """Husbanken's instruments (virkemidler), as listed for Drammen 2009 in seed 000."""

    ONWARD_GRANT = "onward_grant", _("Tilskudd til videretildeling")
    RENTAL_HOUSING_GRANT = "rental_housing_grant", _("Tilskudd direkte – utleieboliger")
    COMPETENCE_GRANT = "competence_grant", _("Kompetansetilskudd")
    START_LOAN = "start_loan", _("Startlån")
    KINDERGARTEN_LOAN = "kindergarten_loan", _("Barnehagelån")
    BASIC_LOAN = "basic_loan", _("Grunnlån oppføring (bolig)")
    PLANNING_GRANT = "planning_grant", _("Prosjekteringstilskudd")
    HOUSING_ALLOWANCE = "housing_allowance", _("Bostøtte")
    OTHER = "other", _("Annet virkemiddel")


class ReportKind(models.TextChoices):
    """Seed 004: half-year reports, the year's report with the second half, and the
    final report (sluttrapport) over the whole period."""

    HALF_YEAR = "half_year", _("Halvårsrapport")
    ANNUAL = "annual", _("Årsrapport")
    FINAL = "final", _("Sluttrapport")


class AttachmentKind(models.TextChoices):
    POLITICAL_DECISION = "political_decision", _("Politisk vedtak")
    OTHER = "other", _("Annet vedlegg")
