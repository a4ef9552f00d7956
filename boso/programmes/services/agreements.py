"""Agreements (samarbeidsavtale) and the participation they create."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.programmes import notifications
from boso.programmes.choices import (
    AgreementStatus,
    ApplicationStatus,
    ParticipationStatus,
)
from boso.programmes.models import (
    Agreement,
    Application,
    Participation,
)
from boso.programmes.services.common import _today, _transition, status_log
from boso.programmes.services.reporting import reporting_schedule_create
from boso.selection.models import Tier


@transaction.atomic
def agreement_create(
    *,
    application: Application,
    starts_on: datetime.date,
    ends_on: datetime.date,
    husbanken_obligations: str,
    municipality_obligations: str,
    tier: Tier,
    user: Any = None,
) -> Agreement:
    """Draft the agreement for an approved application, within the programme's period."""
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationError(
            {"application": _("Bare en innvilget søknad kan gi en samarbeidsavtale.")}
        )
    if Agreement.objects.filter(application=application).exists():
        raise ValidationError({"application": _("Søknaden har allerede en avtale.")})
    programme = application.call.programme
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("Avtalen kan ikke slutte før den begynner.")
    elif starts_on.year < programme.start_year or ends_on.year > programme.end_year:
        errors["ends_on"] = _(
            "Avtaleperioden må ligge innenfor programperioden %(start)s–%(end)s."
        ) % {
            "start": programme.start_year,
            "end": programme.end_year,
        }
    if not husbanken_obligations.strip():
        errors["husbanken_obligations"] = _("Husbankens forpliktelser må fylles ut.")
    if not municipality_obligations.strip():
        errors["municipality_obligations"] = _("Kommunens forpliktelser må fylles ut.")
    if errors:
        raise ValidationError(errors)
    agreement = Agreement.objects.create(
        application=application,
        tier=tier,
        starts_on=starts_on,
        ends_on=ends_on,
        husbanken_obligations=husbanken_obligations.strip(),
        municipality_obligations=municipality_obligations.strip(),
        created_by=acting_user(user),
    )
    status_log(obj=agreement, from_status="", to_status=agreement.status, user=user)
    return agreement


@transaction.atomic
def agreement_sign(
    *,
    agreement: Agreement,
    municipality_signed_on: datetime.date,
    husbanken_signed_on: datetime.date,
    user: Any = None,
    today: datetime.date | None = None,
) -> Participation:
    """Both parties have signed: the agreement is in force and the municipality takes
    part in the programme from the agreement's start to its end, on its tier, with its
    reporting schedule."""
    latest = max(municipality_signed_on, husbanken_signed_on)
    if latest > _today(today):
        raise ValidationError({"signed_on": _("En signaturdato kan ikke være fram i tid.")})
    application = agreement.application
    programme = application.call.programme
    if Participation.objects.filter(
        programme=programme, municipality=application.municipality
    ).exists():
        raise ValidationError({"agreement": _("Kommunen deltar allerede i programmet.")})
    agreement.signed_by_municipality_on = municipality_signed_on
    agreement.signed_by_husbanken_on = husbanken_signed_on
    _transition(agreement, to=AgreementStatus.SIGNED, allowed=(AgreementStatus.DRAFT,), user=user)
    participation = Participation.objects.create(
        municipality=application.municipality,
        programme=programme,
        tier=agreement.tier,
        agreement=agreement,
        starts_on=agreement.starts_on,
        ends_on=agreement.ends_on,
    )
    status_log(obj=participation, from_status="", to_status=participation.status, user=user)
    reporting_schedule_create(participation=participation)
    notifications.agreement_signed(agreement)
    return participation


@transaction.atomic
def participation_end(
    *,
    participation: Participation,
    ends_on: datetime.date,
    withdrawn: bool = False,
    comment: str = "",
    user: Any = None,
) -> Participation:
    """End the participation (as planned, or because the municipality withdrew)."""
    if ends_on < participation.starts_on:
        raise ValidationError({"ends_on": _("Deltakelsen kan ikke slutte før den begynte.")})
    participation.ends_on = ends_on
    _transition(
        participation,
        to=ParticipationStatus.WITHDRAWN if withdrawn else ParticipationStatus.ENDED,
        allowed=(ParticipationStatus.ACTIVE,),
        user=user,
        comment=comment,
    )
    return participation


# Grants and money -----------------------------------------------------------------
