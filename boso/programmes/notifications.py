"""E-mail to the people a programme step concerns (console backend in development,
SMTP in production; see docs/configuration.md).

Sent after the transaction commits, so nobody hears of a step that was rolled back;
a mail server that does not answer is logged and does not undo the step. Messages
go one per recipient, so nobody sees the other addresses.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import smtplib
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from boso.accounts.choices import Role
from boso.accounts.models import User
from boso.core.formatting import format_date
from boso.municipalities.models import Municipality, Region
from boso.municipalities.selectors import municipality_lineage_ids
from boso.programmes.models import Agreement, Application, Assessment, Call

logger = logging.getLogger(__name__)
_muted = contextvars.ContextVar("boso_programme_mail_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """No e-mail for the steps taken inside (the demo replays 2010; nobody is told)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def coordinators_of(municipality: Municipality) -> list[User]:
    """Active coordinators with an address, of this municipality under any number."""
    ids = municipality_lineage_ids(municipality) | {municipality.pk}
    return list(
        User.objects.filter(role=Role.COORDINATOR, municipality_id__in=ids, is_active=True).exclude(
            email=""
        )
    )


def advisors_of(region: Region) -> list[User]:
    return list(
        User.objects.filter(role=Role.ADVISOR, region=region, is_active=True).exclude(email="")
    )


def _link(name: str, pk: int) -> str:
    return settings.BOSO_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def _send(recipients: Iterable[User], subject: str, body: str) -> None:
    addresses = sorted({u.email for u in recipients})
    if not addresses:
        return
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in addresses]
    try:
        get_connection().send_messages(messages)
    except (OSError, smtplib.SMTPException):
        logger.exception("could not send %s e-mail(s): %s", len(messages), subject)


def _later(recipients: Iterable[User], subject: str, body: str) -> None:
    if _muted.get():
        return
    people = list(recipients)
    transaction.on_commit(lambda: _send(people, subject, body))


def call_opened(call: Call) -> None:
    """Every invited municipality's coordinators hear of the call and its deadline."""
    programme = call.programme
    with translation.override(settings.LANGUAGE_CODE):
        for invitation in call.invitations.select_related("municipality"):
            subject = _("Invitasjon: %(programme)s") % {"programme": programme.name}
            body = _(
                "%(municipality)s er invitert til å søke om deltakelse i %(programme)s "
                "(%(start)s–%(end)s).\n\nSøknadsfrist: %(deadline)s.\n\n"
                "Les invitasjonen og skriv søknaden her: %(link)s\n"
            ) % {
                "municipality": invitation.municipality.name,
                "programme": programme.name,
                "start": programme.start_year,
                "end": programme.end_year,
                "deadline": format_date(call.deadline),
                "link": _link("programmes:call", call.pk),
            }
            _later(coordinators_of(invitation.municipality), subject, body)


def application_submitted(application: Application) -> None:
    """The region's advisors hear that an application waits for their assessment."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Søknad sendt: %(municipality)s") % {
            "municipality": application.municipality.name
        }
        body = _(
            "%(municipality)s har sendt søknaden til %(call)s.\n\nVurder den her: %(link)s\n"
        ) % {
            "municipality": application.municipality.name,
            "call": application.call.title,
            "link": _link("programmes:application", application.pk),
        }
        _later(advisors_of(application.call.programme.region), subject, body)


def application_decided(assessment: Assessment) -> None:
    """The municipality's coordinators hear the decision, with the advisor's comment."""
    application = assessment.application
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Søknaden er behandlet: %(outcome)s") % {
            "outcome": application.get_status_display()
        }
        body = _("Søknaden fra %(municipality)s til %(call)s: %(outcome)s.\n\n") % {
            "municipality": application.municipality.name,
            "call": application.call.title,
            "outcome": application.get_status_display(),
        }
        if assessment.comment:
            body += _("Kommentar fra Husbanken:\n%(comment)s\n\n") % {"comment": assessment.comment}
        body += _("Se søknaden og vedtaksbrevet her: %(link)s\n") % {
            "link": _link("programmes:application", application.pk)
        }
        _later(coordinators_of(application.municipality), subject, body)


def agreement_signed(agreement: Agreement) -> None:
    """Both sides hear that the agreement is in force."""
    application = agreement.application
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Samarbeidsavtale signert: %(municipality)s") % {
            "municipality": application.municipality.name
        }
        body = _(
            "Samarbeidsavtalen mellom Husbanken og %(municipality)s gjelder fra %(start)s "
            "til %(end)s.\n\nAvtalen: %(link)s\n"
        ) % {
            "municipality": application.municipality.name,
            "start": format_date(agreement.starts_on),
            "end": format_date(agreement.ends_on),
            "link": _link("programmes:agreement", agreement.pk),
        }
        recipients = coordinators_of(application.municipality) + advisors_of(
            application.call.programme.region
        )
        _later(recipients, subject, body)
