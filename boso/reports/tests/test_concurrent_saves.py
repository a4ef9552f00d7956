"""Two coordinators saving the same report text at the same moment (issue 8): one wins,
the other gets the conflict page (409) with the text they typed, and the stored revision
moves on by exactly one.

The saves run truly at once: two threads, each with its own client and database
connection, released together by a barrier, against a transactional database (on SQLite
a file copy of it, see `boso.plans.tests.concurrent.race_database`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from boso.accounts.choices import Role
from boso.accounts.models import User
from boso.plans.tests.concurrent import post_at_once, race_database
from boso.reports.models import Report

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 3  # each round is a fresh race at the next revision


@pytest.fixture
def coordinators(demo_data: None, users: dict[str, Any]) -> dict[str, User]:
    """Drammen's coordinator and a second one: only coordinators write reports."""
    first = users["coordinator"]
    second = User.objects.create_user(
        username="koordinator2.drammen",
        role=Role.COORDINATOR,
        municipality=first.municipality,
    )
    return {"first": first, "second": second}


def test_two_coordinators_saving_a_report_text_at_once_one_wins(
    coordinators: dict[str, User], report: Report, tmp_path: Path
) -> None:
    url = f"/rapporter/{report.pk}/del/2/"
    with race_database(tmp_path):
        for round_ in range(ROUNDS):
            revision = Report.objects.get(pk=report.pk).revision
            typed = {who: f"Framdrift skrevet av {who}, runde {round_}." for who in coordinators}
            answers = post_at_once(
                [
                    (user, url, {"expected_revision": revision, "progress": typed[who]})
                    for who, user in coordinators.items()
                ]
            )
            by_who = dict(zip(coordinators, answers, strict=True))

            assert sorted(a.status_code for a in answers) == [302, 409]
            winner = next(w for w, a in by_who.items() if a.status_code == 302)
            loser = next(w for w, a in by_who.items() if a.status_code == 409)
            page = by_who[loser].content.decode()
            assert typed[loser] in page  # what the loser typed is kept in the form
            assert typed[winner] in page  # beside what is stored
            assert f'value="{revision + 1}"' in page
            stored = Report.objects.get(pk=report.pk)
            assert (stored.progress, stored.revision) == (typed[winner], revision + 1)
