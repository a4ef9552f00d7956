"""Two people saving the plan's texts at the same moment (issue 8): one wins, the other
gets the conflict page (409) with the text they typed, and the stored version moves on
by exactly one.

The saves run truly at once: two threads, each with its own client and database
connection, released together by a barrier, against a transactional database (so each
thread sees what the other commits; on SQLite a file copy of it, see
`concurrent.race_database`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from boso.plans.models import Plan
from boso.plans.tests.concurrent import post_at_once, race_database

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3  # each round is a fresh race at the next version


def _texts(plan: Plan, version: int, purpose: str) -> dict[str, Any]:
    return {
        "version": version,
        "title": plan.title,
        "vision": "Alle skal bo trygt og godt",
        "summary": "",
        "purpose": purpose,
        "mandate": "",
        "background": "",
        "status_and_challenges": "",
    }


def test_two_users_saving_the_plan_texts_at_once_one_wins(
    demo_data: None, plan: Plan, users: dict[str, Any], tmp_path: Path
) -> None:
    url = reverse("plans:edit-texts", args=[plan.pk])
    writers = {"coordinator": "Koordinatorens formål", "advisor": "Rådgiverens formål"}
    with race_database(tmp_path):
        _race(plan, url, writers, users)


def _race(plan: Plan, url: str, writers: dict[str, str], users: dict[str, Any]) -> None:
    for round_ in range(ROUNDS):
        version = Plan.objects.get(pk=plan.pk).version
        typed = {role: f"{text}, runde {round_}" for role, text in writers.items()}
        answers = post_at_once(
            [(users[role], url, _texts(plan, version, typed[role])) for role in writers]
        )
        by_role = dict(zip(writers, answers, strict=True))

        assert sorted(a.status_code for a in answers) == [302, 409]
        winner = next(r for r, a in by_role.items() if a.status_code == 302)
        loser = next(r for r, a in by_role.items() if a.status_code == 409)
        page = by_role[loser].content.decode()
        assert "lagret av noen andre" in page
        assert typed[loser] in page  # what the loser typed is kept in the form
        assert typed[winner] in page  # beside what is stored
        stored = Plan.objects.get(pk=plan.pk)
        assert stored.purpose == f"<p>{typed[winner]}</p>"
        assert stored.version == version + 1
        assert f'name="version" value="{version + 1}"' in page
