from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user account is for; the scope (region or municipality) follows from it."""

    ADMIN = "admin", _("Husbanken-administrator")
    ADVISOR = "advisor", _("Regional rådgiver")
    COORDINATOR = "coordinator", _("Kommunal programkoordinator")
    READER = "reader", _("Kommunal leser")


# Roles whose scope is one Husbanken region, and those scoped to one municipality.
REGION_ROLES = frozenset({Role.ADVISOR})
MUNICIPALITY_ROLES = frozenset({Role.COORDINATOR, Role.READER})
