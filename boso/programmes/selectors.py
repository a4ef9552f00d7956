"""Reads for the development programmes: histories, balances and registers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet, Sum

from boso.municipalities.models import Municipality
from boso.programmes.choices import DisbursementStatus
from boso.programmes.models import (
    Application,
    Call,
    InstrumentRecord,
    Participation,
    Programme,
    StatusChange,
)


def status_history(obj: models.Model) -> QuerySet[StatusChange]:
    """Every transition of a programme, call, application, agreement, participation or
    disbursement, oldest first."""
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("changed_by")


def programme_list(*, region_id: int | None = None) -> QuerySet[Programme]:
    found = Programme.objects.select_related("region")
    return found.filter(region_id=region_id) if region_id else found


def call_applications(call: Call) -> QuerySet[Application]:
    return call.applications.select_related("municipality").prefetch_related("years")


@dataclass(frozen=True)
class YearBalance:
    year: int
    granted: Decimal
    requested: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        """What is granted and not yet paid."""
        return self.granted - self.paid


def participation_balance(participation: Participation) -> list[YearBalance]:
    """Granted, requested and paid per year, with the balance left to pay."""
    rows = []
    for grant in participation.grants.order_by("year"):
        sums = grant.disbursements.aggregate(
            requested=Sum("requested_amount"),
            paid=Sum("paid_amount", filter=models.Q(status=DisbursementStatus.PAID)),
        )
        rows.append(
            YearBalance(
                grant.year,
                grant.amount,
                sums["requested"] or Decimal(0),
                sums["paid"] or Decimal(0),
            )
        )
    return rows


def instruments_for(municipality: Municipality, year: int) -> QuerySet[InstrumentRecord]:
    return InstrumentRecord.objects.filter(municipality=municipality, year=year)
