"""E-mail to the people a step concerns, after the step commits, one per recipient."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from boso.programmes import notifications, services
from boso.programmes.tests.seed import BEFORE

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(users: dict[str, Any]) -> dict[str, str]:
    found = {}
    for role in ("advisor", "advisor_other", "coordinator", "coordinator_other", "reader"):
        users[role].email = f"{users[role].username}@test.invalid"
        users[role].save()
        found[role] = users[role].email
    return found


def _to(mail: list[Any]) -> list[str]:
    return sorted(address for message in mail for address in message.to)


def test_opening_a_call_tells_the_invited_coordinators(
    programme: Any,
    sor_run: Any,
    users: dict[str, Any],
    addresses: dict[str, str],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    call = services.call_create(programme=programme, title="Utlysning 2010")
    services.call_invite_from_decisions(call=call, run=sor_run)
    with django_capture_on_commit_callbacks(execute=True):
        services.call_open(call=call, user=users["advisor"])
    # Drammen (0602) is among the eight; its coordinator is on 3301 — same municipality.
    assert _to(mailoutbox) == [addresses["coordinator"]]
    assert "Søknadsfrist: 31.03.2010" in mailoutbox[0].body
    assert f"/programmer/utlysninger/{call.pk}/" in mailoutbox[0].body


def test_submission_tells_the_regions_advisors_only(
    draft: Any,
    users: dict[str, Any],
    addresses: dict[str, str],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)
    assert _to(mailoutbox) == [addresses["advisor"]]
    assert "Drammen" in mailoutbox[0].subject


def test_signing_tells_both_sides(
    draft: Any,
    users: dict[str, Any],
    addresses: dict[str, str],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from boso.selection.models import Tier

    services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)
    criteria = draft.call.programme.assessment_criteria
    services.application_decide(
        application=draft, outcome="approve", scores=dict.fromkeys(criteria, 4), recommendation="Ja"
    )
    agreement = services.agreement_create(
        application=draft,
        starts_on=datetime.date(2010, 1, 1),
        ends_on=datetime.date(2014, 12, 31),
        husbanken_obligations="Tilskudd",
        municipality_obligations="Rapportering",
        tier=Tier.objects.get(code="samarbeidsavtale"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_sign(
            agreement=agreement,
            municipality_signed_on=datetime.date(2010, 6, 14),
            husbanken_signed_on=datetime.date(2010, 6, 16),
        )
    assert _to(mailoutbox) == sorted([addresses["advisor"], addresses["coordinator"]])


def test_rolled_back_and_muted_steps_send_nothing(
    draft: Any,
    users: dict[str, Any],
    addresses: dict[str, str],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True), notifications.muted():
        services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)
    assert mailoutbox == []


def test_a_mail_server_that_fails_does_not_undo_the_step(
    draft: Any,
    users: dict[str, Any],
    addresses: dict[str, str],
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    caplog: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert "could not send" in caplog.text
