"""The programmes API: reads with the pages' permissions, writes through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boso.accounts.services import api_token_create
from boso.core.testing.matrix import ROLES
from boso.municipalities.models import Region
from boso.programmes import services
from boso.programmes.choices import ApplicationStatus, InstrumentKind, Outcome
from boso.programmes.models import Application, Participation, StatusChange
from boso.programmes.tests.permissions_api import advance
from boso.programmes.tests.seed import DEADLINE, drammen_years

pytestmark = pytest.mark.django_db

API = "/api/v1/programmes"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOGGED_IN = [role for role in ROLES if role != "anonymous"]


def _client(user: Any) -> Client:
    """A client sending the user's personal token, as an API caller would."""
    token = api_token_create(user=user, name="test")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def _scores(application: Application, value: int = 5) -> dict[str, int]:
    return dict.fromkeys(application.call.programme.assessment_criteria, value)


def _state(application: Application) -> tuple[Any, ...]:
    application.refresh_from_db()
    return (
        application.status,
        application.version,
        application.needs_and_goals,
        application.submitted_at,
        sorted(application.years.values_list("year", "grant_requested")),
        sorted(application.contacts.values_list("role", "user__username")),
        StatusChange.objects.filter(object_id=application.pk).count(),
    )


# Programmes and calls ------------------------------------------------------------------


def test_programmes_with_rules_budgets_and_calls(call: Any, users: dict[str, Any]) -> None:
    client = _client(users["reader"])
    programme = call.programme
    body = client.get(API, {"region": "sor", "limit": "100"}).json()
    found = next(p for p in body["items"] if p["id"] == programme.pk)
    assert found["region"] == {"slug": "sor", "name": "Region sør"}
    assert (found["start_year"], found["end_year"], found["status"]) == (2010, 2014, "planned")
    assert found["rules"] == {
        "min_own_share": "0.3000",
        "max_own_share": "0.5000",
        "grant_cap_per_year": "1500000.00",
    }
    assert found["application_deadline"] == "2010-03-31"
    assert found["budgets"] == [
        {"year": 2010, "amount": "6000000.00"},
        {"year": 2011, "amount": "12000000.00"},
    ]
    assert found["assessment_criteria"][0] == "Behov og mål"
    assert all(p["region"]["slug"] == "sor" for p in body["items"])
    detail = client.get(f"{API}/{programme.pk}").json()
    assert detail["calls"] == [
        {"id": call.pk, "title": "Utlysning 2010", "status": "open", "deadline": "2010-03-31"}
    ]
    assert client.get(f"{API}/999999").status_code == 404
    assert client.get(API, {"status": "nope"}).status_code == 422


def test_call_lists_only_the_invitations_the_caller_may_see(
    call: Any, users: dict[str, Any]
) -> None:
    def invited(role: str) -> list[str]:
        body = _client(users[role]).get(f"{API}/calls/{call.pk}").json()
        return [i["municipality"]["code"] for i in body["invitations"]]

    body = _client(users["advisor"]).get(f"{API}/calls/{call.pk}").json()
    assert body["requirements"].startswith("Søknaden må tydeliggjøre")
    assert body["gatherings"] == [
        {"starts_on": "2010-05-26", "ends_on": "2010-05-27", "place": "Drammen", "title": ""}
    ]
    assert body["invitations"][0]["source"] == "decision"
    assert len(invited("advisor")) == 8
    assert invited("admin") == invited("advisor")
    assert invited("coordinator") == ["0602"]
    assert invited("reader") == ["0602"]
    assert invited("coordinator_other") == []
    assert invited("advisor_other") == []


# Reading applications ---------------------------------------------------------------------


def test_application_with_budget_contacts_attachments_and_history(
    draft: Any, users: dict[str, Any]
) -> None:
    attachment = draft.attachments.get()  # the decision, as the fixture attached it
    body = _client(users["coordinator"]).get(f"{API}/applications/{draft.pk}").json()
    assert body["municipality"] == {"code": "0602", "name": "Drammen"}
    assert (body["status"], body["version"]) == ("draft", draft.version)
    assert body["political_decision"] == {
        "body": "formannskap",
        "date": "2010-03-23",
        "case_number": "sak 46/10",
    }
    assert body["years"][0] == {
        "year": 2010,
        "grant_requested": "750000.00",
        "own_money": "0.00",
        "own_hours": "1500.0",
        "hour_rate": "500.00",
        "own_total": "750000.00",
    }
    # Seed 002: 1 485 000 money + 750 000 valued work time of 7 185 000 in all.
    assert body["budget"] == {
        "own": "2235000.00",
        "grant": "4950000.00",
        "total": "7185000.00",
        "own_share": "0.3111",
    }
    assert body["contacts"] == [
        {"role": "coordinator", "username": "koordinator.drammen", "unit": "Helse og sosial"}
    ]
    assert body["attachments"] == [
        {
            "id": attachment.pk,
            "kind": "political_decision",
            "name": "vedtak.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "download_url": f"{API}/attachments/{attachment.pk}/file",
        }
    ]
    assert [h["to_status"] for h in body["history"]] == ["draft"]
    assert body["history"][0]["changed_by"] == "koordinator.drammen"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("advisor", 200),
        ("coordinator", 200),
        ("advisor_other", 403),
        ("coordinator_other", 403),
        ("reader", 403),  # a reader sees the application once it is submitted
    ],
)
def test_a_draft_is_read_by_husbanken_and_its_coordinator(
    draft: Any, users: dict[str, Any], role: str, status: int
) -> None:
    response = _client(users[role]).get(f"{API}/applications/{draft.pk}")
    assert response.status_code == status
    if status == 403:
        assert response.json() == {"detail": "You do not have permission to do this"}


def test_unknown_application_and_no_token(users: dict[str, Any]) -> None:
    assert _client(users["advisor"]).get(f"{API}/applications/999999").status_code == 404
    assert Client().get(f"{API}/applications").status_code == 401


@pytest.mark.parametrize("role", LOGGED_IN)
def test_application_list_holds_exactly_what_the_rule_lets_each_caller_read(
    call: Any, draft: Any, users: dict[str, Any], role: str
) -> None:
    skien = call.invitations.get(municipality__code="0806").municipality
    services.application_create(call=call, municipality=skien)
    advance(draft, users, "submitted")
    user = users[role]
    body = _client(user).get(f"{API}/applications", {"limit": 1000}).json()
    allowed = {
        a.pk for a in Application.objects.all() if user.has_perm("programmes.view_application", a)
    }
    assert {item["id"] for item in body["items"]} == allowed
    assert body["count"] == len(allowed)
    assert (draft.pk in allowed) == (role in ("admin", "advisor", "coordinator", "reader"))


def test_application_list_filters_and_pages(call: Any, draft: Any, users: dict[str, Any]) -> None:
    for code in ("0806", "0805"):
        municipality = call.invitations.get(municipality__code=code).municipality
        services.application_create(call=call, municipality=municipality)
    client = _client(users["advisor"])
    mine = {"call": call.pk}
    assert [
        i["municipality"]["code"] for i in client.get(f"{API}/applications", mine).json()["items"]
    ] == ["0602", "0805", "0806"]
    page = client.get(f"{API}/applications", {**mine, "limit": 1, "offset": 1}).json()
    assert (page["count"], [i["municipality"]["code"] for i in page["items"]]) == (3, ["0805"])
    one = client.get(f"{API}/applications", {**mine, "municipality": "0602"}).json()
    assert [i["id"] for i in one["items"]] == [draft.pk]
    assert one["items"][0]["budget"]["own_share"] == "0.3111"
    none = client.get(f"{API}/applications", {**mine, "status": "submitted"}).json()
    assert none == {"items": [], "count": 0}
    assert client.get(f"{API}/applications", {"status": "maybe"}).status_code == 422


def test_lists_cost_the_same_queries_however_long(
    call: Any, draft: Any, users: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = Client()
    client.force_login(users["advisor"])
    mine = {"call": call.pk}
    with CaptureQueriesContext(connection) as one_application:
        assert client.get(f"{API}/applications", mine).json()["count"] == 1
    with CaptureQueriesContext(connection) as programmes_before:
        client.get(API)
    for code in ("0704", "0706", "0709", "0805", "0806"):
        municipality = call.invitations.get(municipality__code=code).municipality
        application = services.application_create(call=call, municipality=municipality)
        services.application_save_draft(
            application=application, expected_version=1, years=drammen_years()
        )
        services.programme_create(
            region=Region.objects.get(slug="sor"),
            name=f"Program {code}",
            start_year=2010,
            end_year=2011,
            application_deadline=DEADLINE,
            budgets={2010: Decimal(1), 2011: Decimal(2)},
        )
    with django_assert_max_num_queries(len(one_application)):
        assert client.get(f"{API}/applications", mine).json()["count"] == 6
    with django_assert_max_num_queries(len(programmes_before)):
        client.get(API)


# Writing applications ---------------------------------------------------------------------


def test_save_draft_changes_what_the_body_holds(draft: Any, users: dict[str, Any]) -> None:
    version = draft.version
    response = _client(users["coordinator"]).put(
        f"{API}/applications/{draft.pk}",
        {
            "version": version,
            "needs_and_goals": "  Ingen bostedsløse innen 2014.  ",
            "political_case_number": "sak 46/09",
            "years": [{"year": 2010, "grant_requested": "1000000", "own_money": 500000}],
            "contacts": [
                {"role": "coordinator", "username": "koordinator.drammen", "unit": "NAV"},
                {"role": "contact", "username": "leser.drammen"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == version + 1
    assert body["needs_and_goals"] == "Ingen bostedsløse innen 2014."
    assert body["target_groups"].startswith("Bostedsløse")  # left out: kept
    assert body["political_decision"]["case_number"] == "sak 46/09"
    assert [y["year"] for y in body["years"]] == [2010]
    assert body["budget"]["own_share"] == "0.3333"
    assert [c["username"] for c in body["contacts"]] == ["leser.drammen", "koordinator.drammen"]
    draft.refresh_from_db()
    assert (draft.version, draft.political_case_number) == (version + 1, "sak 46/09")


def test_a_stale_version_is_409_and_nothing_changes(draft: Any, users: dict[str, Any]) -> None:
    before = _state(draft)
    response = _client(users["coordinator"]).put(
        f"{API}/applications/{draft.pk}",
        {"version": draft.version - 1, "needs_and_goals": "Overskrevet", "years": []},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "lagret av noen andre" in response.json()["detail"]
    assert _state(draft) == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"years": [{"year": 2020}]}, "years", "utenfor programperioden"),
        ({"years": [{"year": 2010, "own_money": -1}]}, "years", "negative"),
        ({"contacts": [{"role": "owner", "username": "finnes.ikke"}]}, "contacts", "finnes.ikke"),
    ],
)
def test_bad_draft_input_is_422_naming_the_field(
    draft: Any, users: dict[str, Any], change: dict[str, Any], field: str, words: str
) -> None:
    before = _state(draft)
    response = _client(users["coordinator"]).put(
        f"{API}/applications/{draft.pk}",
        {"version": draft.version, "needs_and_goals": "Endret", **change},
        content_type="application/json",
    )
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["field"] == field
    assert words in problem["message"]
    assert _state(draft) == before


def test_input_of_the_wrong_shape_is_ninjas_422(draft: Any, users: dict[str, Any]) -> None:
    client = _client(users["coordinator"])
    url = f"{API}/applications/{draft.pk}"
    for body in ({"needs_and_goals": "uten versjon"}, {"version": 1, "political_body": "rådet"}):
        response = client.put(url, body, content_type="application/json")
        assert response.status_code == 422
        assert "loc" in response.json()["detail"][0]


@pytest.mark.parametrize(
    ("role", "status"),
    [("advisor", 403), ("coordinator_other", 403), ("reader", 403), ("advisor_other", 403)],
)
def test_only_the_coordinator_writes_the_draft_whatever_the_body(
    draft: Any, users: dict[str, Any], role: str, status: int
) -> None:
    before = _state(draft)
    client = _client(users[role])
    url = f"{API}/applications/{draft.pk}"
    assert (
        client.put(url, {"version": draft.version}, content_type="application/json").status_code
        == status
    )
    assert client.put(url, "not json", content_type="application/json").status_code == status
    assert client.post(f"{url}/submit").status_code == status
    assert _state(draft) == before
    assert Client().put(url, {}, content_type="application/json").status_code == 401


def test_session_writes_need_the_csrf_token(draft: Any, users: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["coordinator"])
    client.get(reverse("account"))  # a page with a form sets the CSRF cookie
    url = f"{API}/applications/{draft.pk}"
    body = {"version": draft.version, "sub_projects": "Boligskole"}
    refused = client.put(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    token = client.cookies["csrftoken"].value
    accepted = client.put(
        url, body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 200


def test_a_submission_with_problems_is_422_listing_every_field(
    call: Any, drammen: Any, users: dict[str, Any]
) -> None:
    empty = services.application_create(call=call, municipality=drammen, user=users["coordinator"])
    before = _state(empty)
    response = _client(users["coordinator"]).post(f"{API}/applications/{empty.pk}/submit")
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["detail"]}
    assert fields == {
        "needs_and_goals",
        "target_groups",
        "sub_projects",
        "political_body",
        "political_decision_date",
        "political_case_number",
        "political_decision_document",
        "contacts",
        "years",
        "deadline",
    }
    assert _state(empty) == before


def test_submit_then_decide_and_what_each_side_reads(draft: Any, users: dict[str, Any]) -> None:
    advance(draft, users, "reopened")
    coordinator, advisor = _client(users["coordinator"]), _client(users["advisor"])
    submitted = coordinator.post(f"{API}/applications/{draft.pk}/submit")
    assert submitted.status_code == 200
    assert (submitted.json()["status"], submitted.json()["submitted_by"]) == (
        "submitted",
        "koordinator.drammen",
    )
    # Submitted, it is no longer the coordinator's to change.
    again = coordinator.put(
        f"{API}/applications/{draft.pk}", {"version": 9}, content_type="application/json"
    )
    assert again.status_code == 403
    decision = {
        "outcome": "approve",
        "scores": _scores(draft),
        "recommendation": "Store utfordringer, god forankring.",
        "comment": "Velkommen i programmet.",
    }
    url = f"{API}/applications/{draft.pk}/decision"
    assert coordinator.post(url, decision, content_type="application/json").status_code == 403
    decided = advisor.post(url, decision, content_type="application/json")
    assert decided.status_code == 200
    assert decided.json()["status"] == ApplicationStatus.APPROVED
    assert [h["to_status"] for h in decided.json()["history"]][-3:] == [
        "draft",
        "submitted",
        "approved",
    ]
    assert decided.json()["assessments"][0]["scores"] == _scores(draft)
    municipal = _client(users["reader"]).get(f"{API}/applications/{draft.pk}").json()
    [assessment] = municipal["assessments"]
    assert (assessment["outcome"], assessment["comment"]) == ("approve", "Velkommen i programmet.")
    assert (assessment["scores"], assessment["recommendation"]) == (None, None)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scores": {"Behov og mål": 5}}, "scores"),
        ({"outcome": Outcome.MORE_INFO, "comment": ""}, "comment"),
        ({"recommendation": "  "}, "recommendation"),
    ],
)
def test_a_refused_decision_is_422_and_the_application_stays_submitted(
    draft: Any, users: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    advance(draft, users, "submitted")
    body = {"outcome": "approve", "scores": _scores(draft), "recommendation": "Ja", **change}
    response = _client(users["advisor"]).post(
        f"{API}/applications/{draft.pk}/decision", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert [p["field"] for p in response.json()["detail"]] == [field]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert not draft.assessments.exists()


def test_advisor_of_another_region_cannot_decide(draft: Any, users: dict[str, Any]) -> None:
    advance(draft, users, "submitted")
    body = {"outcome": "approve", "scores": _scores(draft), "recommendation": "Ja"}
    response = _client(users["advisor_other"]).post(
        f"{API}/applications/{draft.pk}/decision", body, content_type="application/json"
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED


# Agreements, participation and money --------------------------------------------------


def test_agreement_and_participation_with_grants_and_balance(
    draft: Any, users: dict[str, Any]
) -> None:
    ids = advance(draft, users, "signed")
    participation = Participation.objects.get(pk=ids["participation"])
    grant = services.grant_decide(
        participation=participation,
        year=2010,
        amount=Decimal(750_000),
        decided_on=datetime.date(2010, 6, 20),
        reference="2010/123",
    )
    paid = services.disbursement_request(
        grant=grant, amount=Decimal(300_000), requested_on=datetime.date(2010, 7, 1)
    )
    services.disbursement_pay(disbursement=paid, paid_on=datetime.date(2010, 8, 1))
    services.disbursement_request(
        grant=grant, amount=Decimal(100_000), requested_on=datetime.date(2010, 11, 1)
    )
    coordinator = _client(users["coordinator"])
    agreement = coordinator.get(f"{API}/agreements/{ids['agreement']}").json()
    assert (agreement["status"], agreement["participation"]) == ("signed", ids["participation"])
    assert agreement["tier"]["code"] == "samarbeidsavtale"
    assert agreement["municipality"] == {"code": "0602", "name": "Drammen"}
    body = coordinator.get(f"{API}/participations/{ids['participation']}").json()
    assert (body["starts_on"], body["ends_on"], body["status"]) == (
        "2010-06-01",
        "2014-12-31",
        "active",
    )
    [granted] = body["grants"]
    assert (granted["amount"], granted["reference"]) == ("750000.00", "2010/123")
    assert [(d["status"], d["paid_amount"]) for d in granted["disbursements"]] == [
        ("paid", "300000.00"),
        ("requested", None),
    ]
    assert body["balance"] == [
        {
            "year": 2010,
            "granted": "750000.00",
            "requested": "400000.00",
            "paid": "300000.00",
            "balance": "450000.00",
        }
    ]
    schedule = body["reporting_schedule"]
    assert schedule[0] == {
        "kind": "half_year",
        "starts_on": "2010-06-01",
        "ends_on": "2010-06-30",
        "due_on": "2010-08-29",
    }
    assert schedule[-1]["kind"] == "final"
    assert schedule[-1]["due_on"] == "2015-03-01"
    other = _client(users["coordinator_other"])
    assert other.get(f"{API}/agreements/{ids['agreement']}").status_code == 403
    assert other.get(f"{API}/participations/{ids['participation']}").status_code == 403


@pytest.mark.parametrize("role", LOGGED_IN)
def test_participation_list_holds_what_the_caller_may_see(
    draft: Any, users: dict[str, Any], role: str
) -> None:
    ids = advance(draft, users, "signed")
    user = users[role]
    body = _client(user).get(f"{API}/participations", {"limit": 1000}).json()
    allowed = {
        p.pk for p in Participation.objects.all() if user.has_perm("programmes.view_money", p)
    }
    assert {item["id"] for item in body["items"]} == allowed
    assert (ids["participation"] in allowed) == (role != "coordinator_other")
    mine = _client(user).get(f"{API}/participations", {"programme": ids["programme"]}).json()
    assert mine["count"] == (0 if role == "coordinator_other" else 1)


def test_instruments_of_a_municipality_and_year(drammen: Any, users: dict[str, Any]) -> None:
    services.instrument_record_save(
        municipality=drammen,
        year=2011,
        kind=InstrumentKind.START_LOAN,
        amount=Decimal(12_500_000),
        count=40,
        source="Husbankens årsstatistikk",
    )
    query = {"municipality": "0602", "year": "2011"}
    body = _client(users["reader"]).get(f"{API}/instruments", query).json()
    assert body["municipality"] == {"code": "0602", "name": "Drammen"}
    assert {
        "kind": "start_loan",
        "label": "Startlån",
        "amount": "12500000.00",
        "count": 40,
        "source": "Husbankens årsstatistikk",
    } in body["records"]
    assert _client(users["advisor_other"]).get(f"{API}/instruments", query).status_code == 200
    assert _client(users["coordinator_other"]).get(f"{API}/instruments", query).status_code == 403
    unknown = _client(users["advisor"]).get(
        f"{API}/instruments", {"municipality": "0000", "year": "2011"}
    )
    assert unknown.status_code == 404
    bad = _client(users["advisor"]).get(f"{API}/instruments", {"municipality": "0602", "year": "x"})
    assert bad.status_code == 422


def test_openapi_describes_the_programme_endpoints() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        API,
        API + "/{programme_id}",
        API + "/calls/{call_id}",
        API + "/applications",
        API + "/applications/{application_id}",
        API + "/applications/{application_id}/submit",
        API + "/applications/{application_id}/decision",
        API + "/agreements/{agreement_id}",
        API + "/participations",
        API + "/participations/{participation_id}",
        API + "/instruments",
    } <= set(paths)
    put = paths[API + "/applications/{application_id}"]["put"]
    assert {"200", "403", "409", "422"} <= set(put["responses"])


@pytest.mark.parametrize(
    ("listing", "name", "value"),
    [
        ("/applications", "call", str(2**64)),
        ("/applications", "call", "-1"),
        ("/participations", "programme", str(2**64)),
        ("", "offset", str(2**64)),
        ("/applications", "offset", str(2**64)),
        ("/participations", "offset", str(2**64)),
    ],
)
def test_numbers_beyond_any_row_are_the_callers_422(
    users: dict[str, Any], listing: str, name: str, value: str
) -> None:
    """Found by the fuzz test: an id or offset beyond 64 bits was a 500 (the database
    driver's overflow), not an answer about the input."""
    response = _client(users["advisor"]).get(API + listing, {name: value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", name]


def test_largest_offset_is_an_empty_page(users: dict[str, Any]) -> None:
    body = _client(users["advisor"]).get(API, {"offset": str(2**62)}).json()
    assert body["items"] == []
    assert body["count"] > 0
