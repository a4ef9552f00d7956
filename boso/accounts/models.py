from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boso.accounts.choices import Role


class BosoUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: object
    ) -> User:
        # `createsuperuser` makes the first Husbanken administrator; the default role
        # (reader) would need a municipality and fail the scope constraint.
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person's account. Holds no personal data beyond name, e-mail and role."""

    objects = BosoUserManager()  # type: ignore[misc]

    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices, default=Role.READER)
    region = models.ForeignKey(
        "municipalities.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Husbanken-regionen en regional rådgiver arbeider i."),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Kommunen en koordinator eller leser hører til."),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            models.CheckConstraint(
                name="user_advisor_has_region",
                condition=~models.Q(role="advisor") | models.Q(region__isnull=False),
            ),
            models.CheckConstraint(
                name="user_municipal_role_has_municipality",
                condition=~models.Q(role__in=["coordinator", "reader"])
                | models.Q(municipality__isnull=False),
            ),
        ]

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100)
    prefix = models.CharField(_("kjennetegn"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
