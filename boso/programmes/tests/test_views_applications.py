"""The application pages: the coordinator starts, writes, saves and submits; the advisor
reopens, assesses and decides; conflicts and bad input keep what was typed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from boso.programmes import services
from boso.programmes.choices import ApplicationStatus
from boso.programmes.forms_applications import agreement_initial
from boso.programmes.models import Application, Invitation
from boso.programmes.tests.seed import attach_decision

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form_data(application: Application, **changes: Any) -> dict[str, Any]:
    """What the edit page posts: Drammen's texts and budget (seed 002) in Norwegian form."""
    data: dict[str, Any] = {
        "version": application.version,
        "needs_and_goals": "Forebygge og bekjempe bostedsløshet.",
        "target_groups": "Bostedsløse med behov for bolig.",
        "sub_projects": "Ny boligsosial handlingsplan. Boligskole for 17–23 år.",
        "existing_projects": "Fjell 2020",
        "political_body": "formannskap",
        "political_decision_date": "23.03.2010",
        "political_case_number": "sak 20/10",
        "years-TOTAL_FORMS": "5",
        "years-INITIAL_FORMS": "5",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "1",
        "contacts-0-role": "coordinator",
        "contacts-0-user": _coordinator_pk(),
        "contacts-0-unit": "Helse og sosial",
    }
    grants = ["750 000", "1 500 000", "1 500 000", "700 000", "500 000"]
    money = ["", "", "", "685 000", "800 000"]
    for i, year in enumerate(range(2010, 2015)):
        data[f"years-{i}-year"] = year
        data[f"years-{i}-grant_requested"] = grants[i]
        data[f"years-{i}-own_money"] = money[i]
        data[f"years-{i}-own_hours"] = "1 500" if year == 2010 else ""
        data[f"years-{i}-hour_rate"] = "500" if year == 2010 else ""
    data.update(changes)
    return data


def _coordinator_pk() -> int:
    from boso.accounts.models import User

    return User.objects.get(username="koordinator.drammen").pk


def _start(open_call: Any, users: dict[str, Any]) -> Application:
    invitation = Invitation.objects.get(call=open_call)
    response = _client(users["coordinator"]).post(
        reverse("programmes:application-start", args=[invitation.pk])
    )
    application = Application.objects.get(call=open_call)
    attach_decision(application)
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:application-edit", args=[application.pk])
    return application


def test_coordinator_writes_and_submits(open_call: Any, users: dict[str, Any]) -> None:
    application = _start(open_call, users)
    client = _client(users["coordinator"])
    page = client.get(reverse("programmes:application-edit", args=[application.pk]))
    assert page.status_code == 200
    assert "2014" in page.content.decode()

    saved = client.post(
        reverse("programmes:application-edit", args=[application.pk]), _form_data(application)
    )
    assert saved.status_code == 302
    application.refresh_from_db()
    assert application.version == 2
    budget = services.application_budget(application)
    assert budget.grant == 4_950_000
    assert budget.own == 1_485_000 + 750_000

    sent = client.post(
        reverse("programmes:application-edit", args=[application.pk]),
        _form_data(application, send="1"),
    )
    assert sent.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    detail = client.get(reverse("programmes:application", args=[application.pk])).content.decode()
    assert f"4{NBSP}950{NBSP}000" in detail
    assert "31,1" in detail  # 2 235 000 of 7 185 000


def test_missing_decision_refuses_submission_and_keeps_the_draft(
    open_call: Any, users: dict[str, Any]
) -> None:
    application = _start(open_call, users)
    response = _client(users["coordinator"]).post(
        reverse("programmes:application-edit", args=[application.pk]),
        _form_data(
            application,
            send="1",
            political_body="",
            political_decision_date="",
            political_case_number="",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Politisk vedtak: velg organet" in html
    assert 'id="id_political_body-error"' in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.needs_and_goals == "Forebygge og bekjempe bostedsløshet."


def test_missing_decision_document_is_named_at_the_attachments(
    open_call: Any, users: dict[str, Any]
) -> None:
    application = _start(open_call, users)
    application.attachments.all().delete()
    response = _client(users["coordinator"]).post(
        reverse("programmes:application-edit", args=[application.pk]),
        _form_data(application, send="1"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert '<a class="ds-link" href="#vedlegg">Politisk vedtak: legg ved vedtaket' in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_grant_above_cap_is_named(open_call: Any, users: dict[str, Any]) -> None:
    application = _start(open_call, users)
    response = _client(users["coordinator"]).post(
        reverse("programmes:application-edit", args=[application.pk]),
        _form_data(application, send="1", **{"years-1-grant_requested": "1 600 000"}),
    )
    assert response.status_code == 400
    assert f"1{NBSP}600{NBSP}000 kr er over taket" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_bad_number_keeps_the_typed_text(open_call: Any, users: dict[str, Any]) -> None:
    application = _start(open_call, users)
    response = _client(users["coordinator"]).post(
        reverse("programmes:application-edit", args=[application.pk]),
        _form_data(application, **{"years-0-grant_requested": "mange penger"}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "mange penger" in html
    assert "Skriv et tall" in html
    application.refresh_from_db()
    assert application.version == 1
    assert not application.years.exists()


def test_concurrent_save_gives_a_conflict_page_with_the_text_kept(
    open_call: Any, users: dict[str, Any]
) -> None:
    application = _start(open_call, users)
    client = _client(users["coordinator"])
    url = reverse("programmes:application-edit", args=[application.pk])
    first = _form_data(application, needs_and_goals="Først lagret tekst.")
    second = _form_data(application, needs_and_goals="Min egen tekst som ikke må gå tapt.")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Min egen tekst som ikke må gå tapt." in html
    assert "lagret av noen andre" in html
    application.refresh_from_db()
    assert application.needs_and_goals == "Først lagret tekst."
    # Saving again from the conflict page is a deliberate overwrite.
    assert client.post(url, {**second, "version": application.version}).status_code == 302
    application.refresh_from_db()
    assert application.needs_and_goals == "Min egen tekst som ikke må gå tapt."


def test_other_roles_cannot_write(open_call: Any, users: dict[str, Any]) -> None:
    application = _start(open_call, users)
    url = reverse("programmes:application-edit", args=[application.pk])
    for role in ("coordinator_other", "reader", "advisor"):
        assert _client(users[role]).post(url, _form_data(application)).status_code == 403
    # A reader does not see a draft, only a submitted application.
    detail = reverse("programmes:application", args=[application.pk])
    assert _client(users["reader"]).get(detail).status_code == 403


def _submitted(open_call: Any, users: dict[str, Any]) -> Application:
    application = _start(open_call, users)
    client = _client(users["coordinator"])
    url = reverse("programmes:application-edit", args=[application.pk])
    assert client.post(url, _form_data(application, send="1")).status_code == 302
    application.refresh_from_db()
    return application


def _scores(application: Application) -> dict[str, str]:
    criteria = application.call.programme.assessment_criteria
    return {f"score_{i}": "5" for i in range(len(criteria))}


def test_advisor_asks_for_more_information_then_approves(
    open_call: Any,
    users: dict[str, Any],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    coordinator = users["coordinator"]
    coordinator.email = "koordinator@drammen.invalid"
    coordinator.save()
    application = _submitted(open_call, users)
    advisor = _client(users["advisor"])
    url = reverse("programmes:application-assess", args=[application.pk])
    assert advisor.get(url).status_code == 200
    no_comment = {**_scores(application), "outcome": "more_info", "recommendation": "Uklart"}
    response = advisor.post(url, no_comment)
    assert response.status_code == 400
    assert "Skriv hva kommunen må utdype" in response.content.decode()

    ask = {**no_comment, "comment": "Beskriv boligskolen nærmere."}
    with django_capture_on_commit_callbacks(execute=True):
        assert advisor.post(url, ask).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED
    assert any("Beskriv boligskolen" in m.body for m in mailoutbox)

    # Back with the coordinator, who adds to the text and submits again.
    client = _client(coordinator)
    edit = reverse("programmes:application-edit", args=[application.pk])
    more = _form_data(application, send="1", sub_projects="Boligskole: 12 plasser, 17–23 år.")
    assert client.post(edit, more).status_code == 302
    approve = {**_scores(application), "outcome": "approve", "recommendation": "Godt forankret."}
    assert advisor.post(url, approve).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.assessments.count() == 2
    # The municipality sees the decision and comment, not the internal scores.
    page = client.get(reverse("programmes:application", args=[application.pk])).content.decode()
    assert "Innvilge" in page
    assert "Godt forankret." not in page


def test_only_the_regions_advisor_assesses(open_call: Any, users: dict[str, Any]) -> None:
    application = _submitted(open_call, users)
    url = reverse("programmes:application-assess", args=[application.pk])
    for role in ("advisor_other", "coordinator", "reader"):
        assert _client(users[role]).get(url).status_code == 403


def test_reopen_after_the_deadline(draft: Any, users: dict[str, Any]) -> None:
    """The 2010 call's deadline has passed: the coordinator cannot send until reopened."""
    client = _client(users["coordinator"])
    refused = client.post(reverse("programmes:application-submit", args=[draft.pk]))
    assert refused.status_code == 400
    assert "Søknadsfristen 31.03.2010 er passert" in refused.content.decode()
    until = datetime.date.today() + datetime.timedelta(days=7)
    reopened = _client(users["advisor"]).post(
        reverse("programmes:application-reopen", args=[draft.pk]),
        {"until": until.strftime("%d.%m.%Y"), "comment": "Forsinket vedtak."},
    )
    assert reopened.status_code == 302
    assert client.post(reverse("programmes:application-submit", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


def test_reopen_in_the_past_is_refused(draft: Any, users: dict[str, Any]) -> None:
    response = _client(users["advisor"]).post(
        reverse("programmes:application-reopen", args=[draft.pk]), {"until": "01.01.2011"}
    )
    assert response.status_code == 400
    assert "kan ikke være passert" in response.content.decode()
    draft.refresh_from_db()
    assert draft.reopened_until is None


def test_agreement_from_approval_to_signature(open_call: Any, users: dict[str, Any]) -> None:
    application = _submitted(open_call, users)
    services.application_decide(
        application=application,
        outcome="approve",
        scores={c: 5 for c in application.call.programme.assessment_criteria},
        recommendation="Godt forankret.",
        user=users["advisor"],
    )
    advisor = _client(users["advisor"])
    url = reverse("programmes:agreement-create", args=[application.pk])
    form = advisor.get(url).content.decode()
    assert "01.01.2010" in form
    assert "31.12.2014" in form
    data = {
        "starts_on": "01.01.2010",
        "ends_on": "31.12.2009",
        "tier": agreement_initial(application)["tier"],
        "husbanken_obligations": "Kompetansetilskudd, rådgiver og samlinger.",
        "municipality_obligations": "Egeninnsats, samlinger, halvårlig rapportering.",
    }
    refused = advisor.post(url, data)
    assert refused.status_code == 400
    assert "kan ikke slutte før den begynner" in refused.content.decode()
    assert not hasattr(Application.objects.get(pk=application.pk), "agreement")

    created = advisor.post(url, {**data, "ends_on": "31.12.2014"})
    assert created.status_code == 302
    agreement = Application.objects.get(pk=application.pk).agreement
    sign = reverse("programmes:agreement-sign", args=[agreement.pk])
    future = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d.%m.%Y")
    too_early = advisor.post(
        sign, {"municipality_signed_on": future, "husbanken_signed_on": future}
    )
    assert too_early.status_code == 400
    assert "fram i tid" in too_early.content.decode()
    signed = advisor.post(
        sign, {"municipality_signed_on": "14.06.2010", "husbanken_signed_on": "16.06.2010"}
    )
    assert signed.status_code == 302
    agreement.refresh_from_db()
    assert agreement.participation.starts_on == datetime.date(2010, 1, 1)
    page = _client(users["reader"]).get(reverse("programmes:agreement", args=[agreement.pk]))
    assert "14.06.2010" in page.content.decode()
    assert _client(users["coordinator_other"]).get(page.wsgi_request.path).status_code == 403
