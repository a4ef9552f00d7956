"""Shared by the programme services: the status log, the rules check and formatting."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.core.formatting import format_number
from boso.programmes.models import (
    StatusChange,
)

MIN_SCORE, MAX_SCORE = 1, 6


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _percent(share: Decimal) -> str:
    return f"{format_number(share * 100, 1)} %"


def _kroner(amount: Decimal) -> str:
    return f"{format_number(amount, 0)} kr"


def _transition(
    obj: models.Model, *, to: str, allowed: tuple[str, ...], user: Any, comment: str = ""
) -> None:
    """Move obj.status to `to` if it is in `allowed`; save it and log the change."""
    current: str = obj.status  # type: ignore[attr-defined]
    if current not in allowed:
        labels = dict(obj._meta.get_field("status").flatchoices)  # type: ignore[union-attr]
        raise ValidationError(
            {
                "status": _("Kan ikke gå fra «%(from)s» til «%(to)s».")
                % {"from": labels.get(current, current), "to": labels.get(to, to)}
            }
        )
    obj.status = to  # type: ignore[attr-defined]
    obj.save()
    status_log(obj=obj, from_status=current, to_status=to, user=user, comment=comment)


def status_log(
    *, obj: models.Model, from_status: str, to_status: str, user: Any = None, comment: str = ""
) -> StatusChange:
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_status=from_status,
        to_status=to_status,
        changed_by=acting_user(user),
        comment=comment.strip(),
    )


# Programmes ------------------------------------------------------------------------


def _check_rules(
    *,
    start_year: int,
    end_year: int,
    min_own_share: Decimal,
    max_own_share: Decimal,
    grant_cap_per_year: Decimal,
    budgets: dict[int, Decimal],
) -> None:
    errors: dict[str, str] = {}
    if end_year < start_year:
        errors["end_year"] = _("Siste år kan ikke være før første år.")
    if not (0 <= min_own_share <= max_own_share <= 1):
        errors["min_own_share"] = _(
            "Egeninnsatsen må være en andel mellom 0 og 1, og minste andel kan ikke være "
            "større enn største."
        )
    if grant_cap_per_year <= 0:
        errors["grant_cap_per_year"] = _("Taket for kompetansetilskudd må være større enn null.")
    outside = sorted(y for y in budgets if not start_year <= y <= end_year)
    if outside:
        errors["budgets"] = _("Budsjettrammen har år utenfor programperioden: %(years)s.") % {
            "years": ", ".join(str(y) for y in outside)
        }
    elif any(a < 0 for a in budgets.values()):
        errors["budgets"] = _("En budsjettramme kan ikke være negativ.")
    if errors:
        raise ValidationError(errors)
