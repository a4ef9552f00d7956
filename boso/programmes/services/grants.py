"""Yearly competence grants, disbursements and the register of other instruments."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.municipalities.models import Municipality
from boso.programmes.choices import (
    DisbursementStatus,
    InstrumentKind,
    ParticipationStatus,
)
from boso.programmes.models import (
    Disbursement,
    GrantDecision,
    InstrumentRecord,
    Participation,
    ProgrammeBudget,
)
from boso.programmes.services.common import _kroner, _transition, status_log


@transaction.atomic
def grant_decide(
    *,
    participation: Participation,
    year: int,
    amount: Decimal,
    decided_on: datetime.date,
    reference: str = "",
    user: Any = None,
) -> GrantDecision:
    """The year's grant to a participating municipality: within the participation's
    years, at most the programme's cap, and within the programme's frame for the year."""
    programme = participation.programme
    if participation.status != ParticipationStatus.ACTIVE:
        raise ValidationError({"participation": _("Kommunen deltar ikke lenger i programmet.")})
    if not participation.starts_on.year <= year <= participation.ends_on.year:
        raise ValidationError(
            {"year": _("%(year)s er utenfor deltakelsens periode.") % {"year": year}}
        )
    if amount <= 0:
        raise ValidationError({"amount": _("Tilsagnet må være større enn null.")})
    if amount > programme.grant_cap_per_year:
        raise ValidationError(
            {
                "amount": _("Tilsagnet %(amount)s er over taket på %(cap)s per år.")
                % {"amount": _kroner(amount), "cap": _kroner(programme.grant_cap_per_year)}
            }
        )
    if GrantDecision.objects.filter(participation=participation, year=year).exists():
        raise ValidationError(
            {"year": _("Det er allerede gitt tilsagn for %(year)s.") % {"year": year}}
        )
    frame = ProgrammeBudget.objects.filter(programme=programme, year=year).first()
    if frame is not None:
        used = GrantDecision.objects.filter(
            participation__programme=programme, year=year
        ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if used + amount > frame.amount:
            raise ValidationError(
                {
                    "amount": _(
                        "Tilsagnet går over programmets ramme for %(year)s: %(left)s igjen."
                    )
                    % {"year": year, "left": _kroner(frame.amount - used)}
                }
            )
    return GrantDecision.objects.create(
        participation=participation,
        year=year,
        amount=amount,
        decided_on=decided_on,
        reference=reference.strip(),
        decided_by=acting_user(user),
    )


@transaction.atomic
def disbursement_request(
    *, grant: GrantDecision, amount: Decimal, requested_on: datetime.date, user: Any = None
) -> Disbursement:
    """Ask for a payment; all requests together cannot exceed the grant."""
    if amount <= 0:
        raise ValidationError({"amount": _("Beløpet må være større enn null.")})
    asked = grant.disbursements.aggregate(s=Sum("requested_amount"))["s"] or Decimal(0)
    if asked + amount > grant.amount:
        raise ValidationError(
            {
                "amount": _("Anmodningen går over tilsagnet: %(left)s igjen.")
                % {"left": _kroner(grant.amount - asked)}
            }
        )
    disbursement = Disbursement.objects.create(
        grant=grant, requested_amount=amount, requested_on=requested_on
    )
    status_log(obj=disbursement, from_status="", to_status=disbursement.status, user=user)
    return disbursement


@transaction.atomic
def disbursement_pay(
    *,
    disbursement: Disbursement,
    paid_on: datetime.date,
    amount: Decimal | None = None,
    user: Any = None,
) -> Disbursement:
    """Record the payment (the requested amount unless another, not larger, is paid)."""
    amount = disbursement.requested_amount if amount is None else amount
    if not 0 < amount <= disbursement.requested_amount:
        raise ValidationError(
            {"amount": _("Utbetalt beløp må være over null og ikke over det anmodede.")}
        )
    if paid_on < disbursement.requested_on:
        raise ValidationError({"paid_on": _("Utbetalingen kan ikke være før anmodningen.")})
    disbursement.paid_amount = amount
    disbursement.paid_on = paid_on
    _transition(
        disbursement,
        to=DisbursementStatus.PAID,
        allowed=(DisbursementStatus.REQUESTED,),
        user=user,
    )
    return disbursement


@transaction.atomic
def instrument_record_save(
    *,
    municipality: Municipality,
    year: int,
    kind: str,
    amount: Decimal,
    count: int | None = None,
    source: str = "",
) -> InstrumentRecord:
    """Record (or correct, with history) one instrument's use in a municipality and year."""
    if kind not in InstrumentKind.values:
        raise ValidationError({"kind": _("Ukjent virkemiddel.")})
    if amount < 0:
        raise ValidationError({"amount": _("Beløpet kan ikke være negativt.")})
    record, _created = InstrumentRecord.objects.update_or_create(
        municipality=municipality,
        year=year,
        kind=kind,
        defaults={"amount": amount, "count": count, "source": source.strip()},
    )
    return record
