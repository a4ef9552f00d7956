"""Boligsosialt utviklingsprogram: programmes, calls, applications, assessments,
agreements, participation, grants and the register of Husbanken's other instruments.

Statuses change only through services (boso.programmes.services); each change is
written to StatusChange (from, to, by, at, comment), and django-simple-history keeps
every version of the rows themselves.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boso.programmes.choices import (
    AgreementStatus,
    ApplicationStatus,
    AttachmentKind,
    CallStatus,
    ContactRole,
    DisbursementStatus,
    InstrumentKind,
    InvitationSource,
    Outcome,
    ParticipationStatus,
    PoliticalBody,
    ProgrammeStatus,
    ReportKind,
)

# The rules of seed 000 (region sør 2010), the defaults of a new programme.
DEFAULT_MIN_OWN_SHARE = Decimal("0.30")
DEFAULT_MAX_OWN_SHARE = Decimal("0.50")
DEFAULT_GRANT_CAP = Decimal("1500000")
# Seed 004: the report for January–June came at the end of August.
DEFAULT_REPORT_DUE_DAYS = 60
DEFAULT_CRITERIA = [
    "Behov og mål",
    "Egeninnsats og vilje til ressursbruk",
    "Sammenheng med eksisterende prosjekter",
    "Politisk og administrativ forankring",
    "Evne, vilje og potensial",
]


def _user_fk(related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
    )


class Programme(models.Model):
    """A region's development programme over a period, with its own rules."""

    region = models.ForeignKey(
        "municipalities.Region", on_delete=models.PROTECT, related_name="programmes"
    )
    name = models.CharField(_("navn"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("første år"))
    end_year = models.PositiveSmallIntegerField(_("siste år"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    min_own_share = models.DecimalField(
        _("minste egeninnsats (andel)"),
        default=DEFAULT_MIN_OWN_SHARE,
        max_digits=5,
        decimal_places=4,
    )
    max_own_share = models.DecimalField(
        _("største egeninnsats (andel)"),
        default=DEFAULT_MAX_OWN_SHARE,
        max_digits=5,
        decimal_places=4,
    )
    grant_cap_per_year = models.DecimalField(
        _("største kompetansetilskudd per år"),
        default=DEFAULT_GRANT_CAP,
        max_digits=14,
        decimal_places=2,
    )
    application_deadline = models.DateField(_("søknadsfrist"))
    assessment_criteria = models.JSONField(_("vurderingskriterier"), default=list)
    report_due_days = models.PositiveSmallIntegerField(
        _("rapportfrist (dager etter periodens slutt)"),
        default=DEFAULT_REPORT_DUE_DAYS,
    )
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utviklingsprogram")
        verbose_name_plural = _("utviklingsprogrammer")
        ordering = ["-start_year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_year}–{self.end_year})"


class ProgrammeBudget(models.Model):
    """The programme's budget frame for one year (what Husbanken can grant in all)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("ramme"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budsjettramme")
        verbose_name_plural = _("budsjettrammer")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_budget_year")
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.year}"


class Call(models.Model):
    """An utlysning: who is invited, the deadline, the requirements and the gatherings."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="calls")
    title = models.CharField(_("tittel"), max_length=200)
    deadline = models.DateField(_("søknadsfrist"))
    requirements = models.TextField(_("krav til søknaden"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utlysning")
        verbose_name_plural = _("utlysninger")
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.title


class Gathering(models.Model):
    """A programme gathering (samling) the invited municipalities commit to attend."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="gatherings")
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    place = models.CharField(_("sted"), max_length=200, blank=True)
    title = models.CharField(_("tittel"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("samling")
        verbose_name_plural = _("samlinger")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.title or self.place} {self.starts_on}"


class Invitation(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="invitations")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("kilde"), max_length=20, choices=InvitationSource.choices)
    decision = models.ForeignKey(
        "selection.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    invited_by = _user_fk()
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        ordering = ["municipality__code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "municipality"], name="invitation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.call}: {self.municipality}"


class Application(models.Model):
    """A municipality's søknad to a call, written by its coordinator.

    `version` grows by one on every saved draft: a save from a stale form is refused
    (optimistic locking) instead of overwriting a colleague's work.
    """

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    version = models.PositiveIntegerField(default=1)
    needs_and_goals = models.TextField(_("behov og mål"), blank=True)
    target_groups = models.TextField(_("målgrupper"), blank=True)
    sub_projects = models.TextField(_("planlagte delprosjekter"), blank=True)
    existing_projects = models.TextField(
        _("eksisterende prosjekter som ses i sammenheng med programmet"), blank=True
    )
    political_body = models.CharField(
        _("vedtaksorgan"), max_length=20, choices=PoliticalBody.choices, blank=True
    )
    political_decision_date = models.DateField(_("vedtaksdato"), null=True, blank=True)
    political_case_number = models.CharField(
        _("saksnummer"), max_length=50, blank=True, help_text=_("For eksempel «sak 46/09».")
    )
    reopened_until = models.DateField(
        _("gjenåpnet til"),
        null=True,
        blank=True,
        help_text=_("Rådgiveren har åpnet for innsending etter fristen, til og med denne dagen."),
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    submitted_by = _user_fk()
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("søknad")
        verbose_name_plural = _("søknader")
        ordering = ["call", "municipality__code"]
        constraints = [
            models.UniqueConstraint(fields=["call", "municipality"], name="application_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality} – {self.call}"


class ApplicationYear(models.Model):
    """One year of an application's budget: grant asked for and own contribution.

    Own contribution in kroner = own_money + own_hours × hour_rate.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("år"))
    grant_requested = models.DecimalField(
        _("kompetansetilskudd søkt"), default=Decimal(0), max_digits=14, decimal_places=2
    )
    own_money = models.DecimalField(
        _("egeninnsats i penger"), default=Decimal(0), max_digits=14, decimal_places=2
    )
    own_hours = models.DecimalField(
        _("egeninnsats i arbeidstimer"), max_digits=10, decimal_places=1, default=Decimal(0)
    )
    hour_rate = models.DecimalField(
        _("timesats"), max_digits=10, decimal_places=2, default=Decimal(0)
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("søknadsår")
        verbose_name_plural = _("søknadsår")
        ordering = ["application", "year"]
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="application_year")
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.year}"

    @property
    def own_total(self) -> Decimal:
        return self.own_money + self.own_hours * self.hour_rate


class ApplicationContact(models.Model):
    """A contact role in the application, held by a user account (no other personal data)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("rolle"), max_length=20, choices=ContactRole.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.CharField(_("enhet"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kontaktrolle")
        verbose_name_plural = _("kontaktroller")
        ordering = ["application", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class Attachment(models.Model):
    """A document attached to an application (the political decision, other papers).

    The file lives outside the web root (settings.PROGRAMME_ATTACHMENT_DIR, under a
    random name) and is served only through a view that checks the permission. The
    type is what the content is, found by reading it, not what the name claims.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("type vedlegg"), max_length=30, choices=AttachmentKind.choices)
    name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("innholdstype"), max_length=120)
    size = models.PositiveBigIntegerField(_("størrelse (byte)"))
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=100, unique=True)
    uploaded_by = _user_fk()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["application", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """The advisor's assessment and decision on one submission; every round is kept."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assessments"
    )
    scores = models.JSONField(_("skår per kriterium"), default=dict)
    recommendation = models.TextField(_("innstilling"))
    outcome = models.CharField(_("beslutning"), max_length=20, choices=Outcome.choices)
    comment = models.TextField(_("kommentar til kommunen"), blank=True)
    assessed_by = _user_fk()
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vurdering")
        verbose_name_plural = _("vurderinger")
        ordering = ["application", "assessed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_outcome_display()}"


class Agreement(models.Model):
    """The samarbeidsavtale/programavtale that follows an approved application."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="agreement"
    )
    tier = models.ForeignKey("selection.Tier", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    husbanken_obligations = models.TextField(_("Husbankens forpliktelser"))
    municipality_obligations = models.TextField(_("kommunens forpliktelser"))
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_by_municipality_on = models.DateField(_("signert av kommunen"), null=True, blank=True)
    signed_by_husbanken_on = models.DateField(_("signert av Husbanken"), null=True, blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samarbeidsavtale")
        verbose_name_plural = _("samarbeidsavtaler")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.application.municipality}: {self.starts_on}–{self.ends_on}"


class Participation(models.Model):
    """A municipality taking part in a programme (programkommune) from start to end."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="participations"
    )
    tier = models.ForeignKey("selection.Tier", on_delete=models.PROTECT, related_name="+")
    agreement = models.OneToOneField(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="participation"
    )
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.ACTIVE,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programdeltakelse")
        verbose_name_plural = _("programdeltakelser")
        ordering = ["programme", "municipality__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} i {self.programme}"


class ReportingPeriod(models.Model):
    """One report a participating municipality owes: the period it covers and its
    deadline. Created from the agreement when it is signed; the reports themselves
    belong to the reporting capability."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="reporting_periods"
    )
    kind = models.CharField(_("rapport"), max_length=20, choices=ReportKind.choices)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    due_on = models.DateField(_("frist"))

    class Meta:
        verbose_name = _("rapporteringsperiode")
        verbose_name_plural = _("rapporteringsplan")
        ordering = ["participation", "due_on", "ends_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "kind", "starts_on"], name="reporting_period_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}–{self.ends_on}"


class GrantDecision(models.Model):
    """Husbanken's grant (tilsagn) to a participating municipality for one year."""

    participation = models.ForeignKey(
        Participation, on_delete=models.PROTECT, related_name="grants"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("tilsagn"), max_digits=14, decimal_places=2)
    decided_on = models.DateField(_("vedtaksdato"))
    reference = models.CharField(_("referanse"), max_length=100, blank=True)
    decided_by = _user_fk()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilskuddsvedtak")
        verbose_name_plural = _("tilskuddsvedtak")
        ordering = ["participation", "year"]
        constraints = [
            models.UniqueConstraint(fields=["participation", "year"], name="grant_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participation}: {self.year}"


class Disbursement(models.Model):
    """A payment asked for against a grant, and paid."""

    grant = models.ForeignKey(GrantDecision, on_delete=models.PROTECT, related_name="disbursements")
    requested_amount = models.DecimalField(_("anmodet beløp"), max_digits=14, decimal_places=2)
    requested_on = models.DateField(_("anmodet dato"))
    paid_amount = models.DecimalField(
        _("utbetalt beløp"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    paid_on = models.DateField(_("utbetalt dato"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DisbursementStatus.choices,
        default=DisbursementStatus.REQUESTED,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("utbetaling")
        verbose_name_plural = _("utbetalinger")
        ordering = ["grant", "requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.grant}: {self.requested_amount}"


class InstrumentRecord(models.Model):
    """Husbanken's other instruments used in a municipality in a year (aggregates only)."""

    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    kind = models.CharField(_("virkemiddel"), max_length=30, choices=InstrumentKind.choices)
    amount = models.DecimalField(_("beløp"), max_digits=14, decimal_places=2)
    count = models.PositiveIntegerField(_("antall saker"), null=True, blank=True)
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("virkemiddelbruk")
        verbose_name_plural = _("virkemiddelbruk")
        ordering = ["municipality__code", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "kind"], name="instrument_record_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.get_kind_display()}"


class StatusChange(models.Model):
    """One workflow transition of a programme, call, application, agreement, participation
    or disbursement: from, to, by whom, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("fra"), max_length=20, blank=True)
    to_status = models.CharField(_("til"), max_length=20)
    changed_by = _user_fk()
    changed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("statusendring")
        verbose_name_plural = _("statusendringer")
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.from_status or '–'} → {self.to_status}"

    def _label(self, status: str) -> str:
        """The status as people read it, from the choices of the model it belongs to."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        field = model._meta.get_field("status") if model else None
        choices = dict(getattr(field, "flatchoices", None) or [])
        return str(choices.get(status, status))

    @property
    def from_label(self) -> str:
        return self._label(self.from_status) if self.from_status else "–"

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)
