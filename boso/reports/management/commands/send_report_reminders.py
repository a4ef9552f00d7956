"""E-mail reminders of reports owed to Husbanken (run daily, e.g. from cron)."""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from boso.accounts.models import User
from boso.core.formatting import format_date
from boso.municipalities.models import Region
from boso.programmes.models import ReportingPeriod
from boso.programmes.notifications import advisors_of, coordinators_of
from boso.reports import schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "E-mail the coordinators of every municipality with a report due within --days "
        "days that is not yet submitted, and each region's advisors a list of the overdue "
        "ones. Not idempotent: every run sends again, so run it once a day at most."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=14, help="remind of deadlines this many days ahead"
        )
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, help="the date to count from (YYYY-MM-DD)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        # Messages go out when the transaction commits, as the programme e-mails do.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            soon = list(schedule.due_soon(today, options["days"]))
            for period in soon:
                _remind(period)
            late = list(schedule.overdue(today))
            by_region: dict[Region, list[ReportingPeriod]] = defaultdict(list)
            for period in late:
                by_region[period.participation.programme.region].append(period)
            for region, periods in by_region.items():
                _tell_advisors(region, periods, today)
        self.stdout.write(f"reminders sent: {len(soon)} due soon, {len(late)} overdue")


def _describe(period: ReportingPeriod) -> str:
    return _("%(kind)s for %(start)s–%(end)s") % {
        "kind": period.get_kind_display(),
        "start": format_date(period.starts_on),
        "end": format_date(period.ends_on),
    }


def _link(period: ReportingPeriod) -> str:
    path = reverse("programmes:participation", args=[period.participation_id])
    return settings.BOSO_BASE_URL.rstrip("/") + path


def _remind(period: ReportingPeriod) -> None:
    """The municipality's coordinators hear of the deadline."""
    participation = period.participation
    subject = _("Påminnelse: rapport til Husbanken innen %(due)s") % {
        "due": format_date(period.due_on)
    }
    body = _(
        "%(report)s fra %(municipality)s i %(programme)s skal sendes til Husbanken "
        "innen %(due)s.\n\nRapporteringsplanen: %(link)s\n"
    ) % {
        "report": _describe(period),
        "municipality": participation.municipality.name,
        "programme": participation.programme.name,
        "due": format_date(period.due_on),
        "link": _link(period),
    }
    _later(coordinators_of(participation.municipality), subject, body)


def _tell_advisors(region: Region, periods: list[ReportingPeriod], today: datetime.date) -> None:
    """One message per advisor listing the region's overdue reports."""
    subject = _("Rapporter på overtid i %(region)s: %(count)s") % {
        "region": region.name,
        "count": len(periods),
    }
    lines = [
        _("- %(municipality)s: %(report)s, frist %(due)s")
        % {
            "municipality": p.participation.municipality.name,
            "report": _describe(p),
            "due": format_date(p.due_on),
        }
        for p in periods
    ]
    body = _("Disse rapportene er ikke sendt inn per %(today)s:\n\n%(lines)s\n") % {
        "today": format_date(today),
        "lines": "\n".join(lines),
    }
    _later(advisors_of(region), subject, body)


def _later(recipients: Iterable[User], subject: str, body: str) -> None:
    addresses = sorted({u.email for u in recipients})
    if addresses:
        transaction.on_commit(lambda: _send(addresses, subject, body))


def _send(addresses: list[str], subject: str, body: str) -> None:
    """One message per recipient, so nobody sees the other addresses."""
    messages = [EmailMessage(subject=subject, body=body, to=[a]) for a in addresses]
    try:
        get_connection().send_messages(messages)
    except (OSError, smtplib.SMTPException):
        # A mail server that does not answer is logged; tomorrow's run tries again.
        logger.exception("could not send %s reminder(s): %s", len(messages), subject)
