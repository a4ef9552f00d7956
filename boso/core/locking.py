"""Optimistic locking: two people saving the same row never overwrite each other
silently. A row carries a counter (`version` or `revision`); a form sends the value it
was read at; the save takes the next value only while the stored one is still that,
in one UPDATE, and otherwise raises ConflictError so the page can show both texts.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model


class ConflictError(ValidationError):
    """Saved by someone else since the page was opened. `current` is the row as it is
    stored now (None when it was deleted meanwhile, or when the caller did not ask)."""

    current: Any = None


def take_next(instance: Model, expected: int, *, message: str, field: str = "version") -> None:
    """Move `instance`'s counter from `expected` to the next value, or raise
    ConflictError with `message` (and the stored row) and write nothing."""
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if not rows.filter(**{field: expected}).update(**{field: expected + 1}):
        conflict = ConflictError(message, code="conflict")
        conflict.current = rows.first()
        raise conflict
    setattr(instance, field, expected + 1)
