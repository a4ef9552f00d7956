"""The report pages through the test client: the whole workflow, conflicts and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from boso.reports.choices import ReportStatus
from boso.reports.models import STORY_MAX_CHARS, Report


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _revision(report: Report) -> str:
    report.refresh_from_db()
    return str(report.revision)


def _fill(client: Client, report: Report) -> None:
    url = f"/rapporter/{report.pk}"
    rev = _revision(report)
    assert (
        client.post(
            f"{url}/del/2/", {"expected_revision": rev, "progress": "Godt i gang."}
        ).status_code
        == 302
    )
    data: dict[str, Any] = {"expected_revision": _revision(report)}
    for item in report.items.all():
        data[f"item-{item.pk}-status"] = "ongoing"
    for actual in report.actuals.all():
        data[f"actual-{actual.indicator_id}-comment"] = "Tallet kommer."
    assert client.post(f"{url}/mal/", data).status_code == 302
    rev = _revision(report)
    assert (
        client.post(
            f"{url}/del/4/", {"expected_revision": rev, "organisation": "Styringsgruppen møttes."}
        ).status_code
        == 302
    )
    economy = {
        "expected_revision": _revision(report),
        "cost-wages": "100 000",
        "stated_total": "100 000",
    }
    assert client.post(f"{url}/okonomi/", economy).status_code == 302
    rev = _revision(report)
    assert (
        client.post(
            f"{url}/del/6/", {"expected_revision": rev, "learning": "Vi har lært."}
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_the_whole_workflow(report: Report, users: dict[str, Any]) -> None:
    coordinator, advisor = _client(users["coordinator"]), _client(users["advisor"])
    url = f"/rapporter/{report.pk}/"
    refused = coordinator.post(f"{url}send-inn/", {"expected_revision": _revision(report)})
    assert refused.status_code == 400
    assert "Beskriv utviklingen og fremdriften." in refused.content.decode()
    assert "Før kostnadene for perioden." in refused.content.decode()

    _fill(coordinator, report)
    assert (
        coordinator.post(f"{url}send-inn/", {"expected_revision": _revision(report)}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    returned = advisor.post(f"{url}send-tilbake/", {"section-5": "Forklar lønnskostnadene."})
    assert returned.status_code == 302
    page = coordinator.get(url).content.decode()
    assert "Forklar lønnskostnadene." in page
    assert "Sendt tilbake" in page

    assert (
        coordinator.post(f"{url}send-inn/", {"expected_revision": _revision(report)}).status_code
        == 302
    )
    assert advisor.post(f"{url}godkjenn/").status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert coordinator.get(f"{url}del/2/").status_code == 403

    reopened = advisor.post(f"{url}apne-igjen/")
    second = Report.objects.get(period=report.period, number=2)
    assert reopened["Location"] == f"/rapporter/{second.pk}/"
    assert second.status == ReportStatus.DRAFT
    assert second.progress == "Godt i gang."
    assert coordinator.get(f"/rapporter/{second.pk}/del/2/").status_code == 200
    compare = coordinator.get(f"/rapporter/{second.pk}/sammenlign/{report.pk}/")
    assert compare.status_code == 200
    assert "uendret" in compare.content.decode()


@pytest.mark.django_db
def test_a_stale_save_keeps_the_typed_text(report: Report, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    stale = _revision(report)
    url = f"/rapporter/{report.pk}/del/2/"
    client.post(url, {"expected_revision": stale, "progress": "Lagret i en annen fane."})
    response = client.post(url, {"expected_revision": stale, "progress": "Min egen tekst."})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Min egen tekst." in page
    assert "Lagret i en annen fane." in page
    assert f'value="{_revision(report)}"' in page
    again = client.post(
        url, {"expected_revision": _revision(report), "progress": "Min egen tekst."}
    )
    assert again.status_code == 302
    report.refresh_from_db()
    assert report.progress == "Min egen tekst."


@pytest.mark.django_db
def test_a_story_over_a_page_is_refused_and_kept(report: Report, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    text = "x" * (STORY_MAX_CHARS + 1)
    data = {"expected_revision": _revision(report), "title": "Boligsosialt arbeid", "text": text}
    response = client.post(f"/rapporter/{report.pk}/historier/ny/", data)
    assert response.status_code == 400
    assert "en side er høyst" in response.content.decode()
    assert text in response.content.decode()
    assert not report.stories.exists()


@pytest.mark.django_db
def test_costs_not_adding_up_are_refused_and_kept(report: Report, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    data = {
        "expected_revision": _revision(report),
        "cost-wages": "90 000",
        "stated_total": "100 000",
    }
    response = client.post(f"/rapporter/{report.pk}/okonomi/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "men summen er oppgitt til" in page
    assert 'value="90 000"' in page
    assert not report.costs.exists()


@pytest.mark.django_db
def test_the_reader_sees_approved_reports_only(report: Report, users: dict[str, Any]) -> None:
    reader = _client(users["reader"])
    assert reader.get(f"/rapporter/{report.pk}/").status_code == 403
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
    assert reader.get(f"/rapporter/{report.pk}/").status_code == 200


@pytest.mark.django_db
def test_participation_page_offers_to_make_the_report(period: Any, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    page = client.get(f"/programmer/deltakelser/{period.participation_id}/").content.decode()
    assert f"/rapporteringsperioder/{period.pk}/rapport/ny/" in page
    made = client.post(f"/rapporteringsperioder/{period.pk}/rapport/ny/")
    report = Report.objects.get(period=period)
    assert made["Location"] == f"/rapporter/{report.pk}/"


@pytest.mark.django_db
def test_overdue_lists_periods_without_a_submitted_report(
    period: Any, users: dict[str, Any]
) -> None:
    page = _client(users["advisor"]).get("/rapporter/forfalte/").content.decode()
    assert "Drammen" in page
    assert _client(users["advisor_other"]).get("/rapporter/forfalte/").status_code == 200


@pytest.mark.django_db
def test_the_schedule_costs_the_same_queries_however_many_reports(
    participation: Any, plan: Any, users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from boso.reports import services

    client = _client(users["coordinator"])
    url = f"/programmer/deltakelser/{participation.pk}/"
    periods = list(participation.reporting_periods.order_by("due_on"))
    services.report_create(period=periods[0])
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for period in periods[1:]:
        services.report_create(period=period)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("Utkast") >= len(periods)


@pytest.mark.django_db
def test_autosave_keeps_the_draft_and_never_overwrites(
    report: Report, users: dict[str, Any]
) -> None:
    from boso.reports import services

    client = _client(users["coordinator"])
    url = f"/rapporter/{report.pk}/del/2/autolagre/"
    page = client.get(f"/rapporter/{report.pk}/del/2/").content.decode()
    assert f'hx-post="{url}"' in page
    answer = client.post(url, {"expected_revision": "1", "progress": "Første utkast."})
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "Lagret automatisk kl." in body
    assert 'name="expected_revision" value="2"' in body
    assert 'hx-swap-oob="true"' in body
    report.refresh_from_db()
    assert (report.progress, report.revision) == ("Første utkast.", 2)

    # Someone else saves; the next autosave from the old page saves nothing.
    services.report_save_texts(report=report, expected_revision=2, progress="Deres tekst.")
    stale = client.post(url, {"expected_revision": "2", "progress": "Min tekst."})
    assert "noen andre har lagret rapporten" in stale.content.decode()
    assert "hx-swap-oob" not in stale.content.decode()
    report.refresh_from_db()
    assert report.progress == "Deres tekst."
