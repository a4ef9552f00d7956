"""The programme and call pages: what each role sees, creating programmes and calls
through the forms, inviting, opening and closing, and the invitation letter."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boso.programmes import services
from boso.programmes.choices import CallStatus, InvitationSource, ProgrammeStatus
from boso.programmes.models import Call, Invitation, Programme
from boso.programmes.tests.test_workflow import approved_participation

pytestmark = pytest.mark.django_db

NAME = "Boligsosialt utviklingsprogram region sør 2011"
# The eight municipalities region sør invited in 2010 (seed 000), from the published run.
SOR_2010 = (
    "Drammen",
    "Tønsberg",
    "Sandefjord",
    "Larvik",
    "Porsgrunn",
    "Skien",
    "Arendal",
    "Kristiansand",
)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def shown(client: Client, response: Any) -> list[str]:
    """The messages on the page the POST redirects to (showing them uses them up)."""
    assert response.status_code == 302
    text = page(client, response["Location"])
    return [html.unescape(m) for m in re.findall(r'role="status">(.*?)</div>', text, re.S)]


@pytest.fixture
def draft_call(programme: Programme, users: dict[str, Any]) -> Call:
    return services.call_create(programme=programme, title="Utlysning 2011", user=users["advisor"])


# --- The list ------------------------------------------------------------------------


def test_list_shows_programmes_by_region_with_counts(call: Call, users: dict[str, Any]) -> None:
    text = page(client_for(users["reader"]), reverse("programmes:programme-list"))
    assert "Region sør" in text
    assert reverse("programmes:programme", args=[call.programme_id]) in text
    assert "2010–2014" in text
    assert "31.03.2010" in text
    assert "Nytt program" not in text


@pytest.mark.parametrize("role", ["admin", "advisor", "advisor_other"])
def test_list_offers_a_new_programme_to_husbanken(role: str, users: dict[str, Any]) -> None:
    text = page(client_for(users[role]), reverse("programmes:programme-list"))
    assert reverse("programmes:programme-create") in text


def test_list_tells_a_municipality_of_its_open_invitations(
    call: Call, users: dict[str, Any]
) -> None:
    text = page(client_for(users["coordinator"]), reverse("programmes:programme-list"))
    assert "Din kommune" in text
    assert "Drammen er invitert til Boligsosialt utviklingsprogram region sør" in text
    assert reverse("programmes:call", args=[call.pk]) in text
    other = page(client_for(users["advisor"]), reverse("programmes:programme-list"))
    assert "Din kommune" not in other


# --- A new programme ---------------------------------------------------------------------


def programme_data(**changes: str) -> dict[str, str]:
    data = {
        "region": "",
        "name": NAME,
        "start_year": "2011",
        "end_year": "2015",
        "application_deadline": "31.03.2011",
        "min_own_share": "30",
        "max_own_share": "50",
        "grant_cap_per_year": "1 500 000",
        "report_due_days": "45",
        "assessment_criteria": "Behov og mål\n\nEgeninnsats og vilje til ressursbruk\n",
        "ramme-TOTAL_FORMS": "3",
        "ramme-INITIAL_FORMS": "0",
        "ramme-MIN_NUM_FORMS": "0",
        "ramme-MAX_NUM_FORMS": "30",
        "ramme-0-year": "2011",
        "ramme-0-amount": "6\u00a0000\u00a0000",
        "ramme-1-year": "2012",
        "ramme-1-amount": "12 000 000,50",
        "ramme-2-year": "",
        "ramme-2-amount": "",
    }
    data.update(changes)
    return data


def test_new_programme_form_offers_an_advisor_the_own_region_only(
    sor: Any, users: dict[str, Any]
) -> None:
    text = page(client_for(users["advisor"]), reverse("programmes:programme-create"))
    assert f'<option value="{sor.pk}" selected>Region sør</option>' in text
    assert "Region øst" not in text
    # The defaults of seed 000, shown the Norwegian way.
    assert 'value="30"' in text
    assert 'value="1\u00a0500\u00a0000"' in text
    assert "Sammenheng med eksisterende prosjekter" in text
    admin = page(client_for(users["admin"]), reverse("programmes:programme-create"))
    assert "Region øst" in admin


def test_create_a_programme_through_the_form(sor: Any, users: dict[str, Any]) -> None:
    response = client_for(users["advisor"]).post(
        reverse("programmes:programme-create"), programme_data(region=str(sor.pk))
    )
    programme = Programme.objects.get(name=NAME)
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:programme", args=[programme.pk])
    assert programme.region == sor
    assert programme.status == ProgrammeStatus.PLANNED
    assert (programme.start_year, programme.end_year) == (2011, 2015)
    assert programme.application_deadline == datetime.date(2011, 3, 31)
    assert programme.min_own_share == Decimal("0.30")
    assert programme.max_own_share == Decimal("0.50")
    assert programme.grant_cap_per_year == Decimal(1_500_000)
    assert programme.report_due_days == 45
    assert programme.assessment_criteria == ["Behov og mål", "Egeninnsats og vilje til ressursbruk"]
    assert dict(programme.budgets.values_list("year", "amount")) == {
        2011: Decimal(6_000_000),
        2012: Decimal("12000000.50"),
    }
    assert programme.created_by == users["advisor"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_year": "2009"}, "Siste år kan ikke være før første år."),
        ({"min_own_share": "60"}, "minste andel kan ikke være større enn største"),
        ({"ramme-1-year": "2020"}, "Budsjettrammen har år utenfor programperioden: 2020."),
        ({"ramme-1-year": "2011"}, "Året 2011 står to ganger i budsjettrammen."),
        ({"grant_cap_per_year": "en million"}, "Skriv et tall, for eksempel 1 500 000"),
        ({"max_own_share": "150"}, "Skriv en prosent mellom 0 og 100."),
        ({"application_deadline": "31. mars"}, "Skriv datoen som 31.03.2010."),
        ({"assessment_criteria": " \n "}, "Feltet er påkrevet."),
    ],
)
def test_bad_programme_input_is_refused_at_the_field(
    changes: dict[str, str], message: str, sor: Any, users: dict[str, Any]
) -> None:
    data = programme_data(region=str(sor.pk), **changes)
    response = client_for(users["advisor"]).post(reverse("programmes:programme-create"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert 'aria-invalid="true"' in text or "ds-validation-message" in text
    assert f'value="{NAME}"' in text  # what was typed is kept
    assert not Programme.objects.filter(name=NAME).exists()


def test_an_advisor_cannot_make_a_programme_for_another_region(users: dict[str, Any]) -> None:
    from boso.municipalities.models import Region

    ost = Region.objects.get(slug="ost")
    data = programme_data(region=str(ost.pk))
    response = client_for(users["advisor"]).post(reverse("programmes:programme-create"), data)
    assert response.status_code == 400
    assert not Programme.objects.filter(name=NAME).exists()


@pytest.mark.parametrize("role", ["coordinator", "reader"])
def test_municipal_users_cannot_make_programmes(role: str, sor: Any, users: dict[str, Any]) -> None:
    data = programme_data(region=str(sor.pk))
    response = client_for(users[role]).post(reverse("programmes:programme-create"), data)
    assert response.status_code == 403
    assert not Programme.objects.filter(name=NAME).exists()


# --- The programme page --------------------------------------------------------------------


def test_programme_page_shows_rules_money_calls_participants_and_history(
    draft: Any, users: dict[str, Any]
) -> None:
    participation = approved_participation(draft, users)
    services.grant_decide(
        participation=participation,
        year=2010,
        amount=Decimal(750_000),
        decided_on=datetime.date(2010, 10, 15),
        user=users["advisor"],
    )
    programme = participation.programme
    text = page(client_for(users["reader"]), reverse("programmes:programme", args=[programme.pk]))
    assert "30\u00a0% til 50\u00a0%" in text
    assert "1\u00a0500\u00a0000 kr per år" in text
    assert "Politisk og administrativ forankring" in text
    # 2010: frame 6 000 000, granted 750 000, left 5 250 000.
    for amount in ("6\u00a0000\u00a0000", "750\u00a0000", "5\u00a0250\u00a0000"):
        assert f'<td class="num">{amount}</td>' in text
    assert reverse("programmes:call", args=[draft.call_id]) in text
    assert "Utlysning 2010" in text
    assert "0602 Drammen" in text
    assert "Samarbeidsavtale" in text
    assert "01.10.2010–31.12.2014" in text
    assert "Planlagt" in text  # the history's first step
    # A reader sees the page, no buttons to steer it.
    assert reverse("programmes:programme-activate", args=[programme.pk]) not in text
    assert reverse("programmes:call-create", args=[programme.pk]) not in text


def test_manager_activates_and_closes_a_programme(
    programme: Programme, users: dict[str, Any]
) -> None:
    advisor = client_for(users["advisor"])
    url = reverse("programmes:programme", args=[programme.pk])
    text = page(advisor, url)
    assert reverse("programmes:programme-activate", args=[programme.pk]) in text
    assert reverse("programmes:call-create", args=[programme.pk]) in text
    response = advisor.post(reverse("programmes:programme-activate", args=[programme.pk]))
    assert response.status_code == 302
    assert shown(advisor, response) == ["Programmet er aktivt."]
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.ACTIVE
    # Activating again is refused with the service's message, and changes nothing.
    response = advisor.post(reverse("programmes:programme-activate", args=[programme.pk]))
    assert shown(advisor, response)[0].startswith("Kan ikke gå fra «Aktivt»")
    advisor.post(reverse("programmes:programme-close", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.CLOSED
    text = page(advisor, url)
    assert "Aktivt" in text
    assert "Avsluttet" in text
    assert reverse("programmes:call-create", args=[programme.pk]) not in text


@pytest.mark.parametrize("role", ["advisor_other", "coordinator"])
def test_others_cannot_activate(role: str, programme: Programme, users: dict[str, Any]) -> None:
    response = client_for(users[role]).post(
        reverse("programmes:programme-activate", args=[programme.pk])
    )
    assert response.status_code == 403
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.PLANNED


# --- A new call ------------------------------------------------------------------------


def call_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "Utlysning 2011",
        "deadline": "",
        "requirements": "Søknaden må tydeliggjøre behov og mål.",
        "samlinger-TOTAL_FORMS": "2",
        "samlinger-INITIAL_FORMS": "0",
        "samlinger-MIN_NUM_FORMS": "0",
        "samlinger-MAX_NUM_FORMS": "30",
        "samlinger-0-starts_on": "26.05.2010",
        "samlinger-0-ends_on": "27.05.2010",
        "samlinger-0-place": "Drammen",
        "samlinger-0-title": "Oppstartssamling",
        "samlinger-1-starts_on": "",
        "samlinger-1-ends_on": "",
        "samlinger-1-place": "",
        "samlinger-1-title": "",
    }
    data.update(changes)
    return data


def test_create_a_call_through_the_form(programme: Programme, users: dict[str, Any]) -> None:
    advisor = client_for(users["advisor"])
    url = reverse("programmes:call-create", args=[programme.pk])
    assert 'value="31.03.2010"' in page(advisor, url)  # the programme's deadline
    response = advisor.post(url, call_data())
    call = Call.objects.get(programme=programme, title="Utlysning 2011")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:call", args=[call.pk])
    assert call.status == CallStatus.DRAFT
    assert call.deadline == programme.application_deadline
    assert call.requirements == "Søknaden må tydeliggjøre behov og mål."
    gatherings = list(call.gatherings.values_list("starts_on", "ends_on", "place", "title"))
    assert gatherings == [
        (datetime.date(2010, 5, 26), datetime.date(2010, 5, 27), "Drammen", "Oppstartssamling")
    ]


def test_a_gathering_ending_before_it_starts_is_refused(
    programme: Programme, users: dict[str, Any]
) -> None:
    url = reverse("programmes:call-create", args=[programme.pk])
    data = call_data(**{"samlinger-0-ends_on": "25.05.2010"})
    response = client_for(users["advisor"]).post(url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Samling 1, til: En samling kan ikke slutte før den begynner." in text
    assert 'value="25.05.2010"' in text
    assert not Call.objects.filter(title="Utlysning 2011").exists()


def test_no_call_in_a_closed_programme(programme: Programme, users: dict[str, Any]) -> None:
    services.programme_close(programme=programme, user=users["advisor"])
    url = reverse("programmes:call-create", args=[programme.pk])
    response = client_for(users["advisor"]).post(url, call_data())
    assert response.status_code == 400
    assert "Programmet er avsluttet." in response.content.decode()
    assert not Call.objects.filter(title="Utlysning 2011").exists()


def test_advisor_of_another_region_cannot_make_a_call(
    programme: Programme, users: dict[str, Any]
) -> None:
    url = reverse("programmes:call-create", args=[programme.pk])
    assert client_for(users["advisor_other"]).post(url, call_data()).status_code == 403
    assert not Call.objects.filter(title="Utlysning 2011").exists()


# --- Inviting, opening and closing ------------------------------------------------------


def test_invite_by_hand(draft_call: Call, drammen: Any, users: dict[str, Any]) -> None:
    advisor = client_for(users["advisor"])
    text = page(advisor, reverse("programmes:call", args=[draft_call.pk]))
    assert '<option value="0602">0602 Drammen</option>' in text
    assert "Inviter fra kommunepyramiden" in text
    response = advisor.post(
        reverse("programmes:call-invite", args=[draft_call.pk]), {"municipality": "0602"}
    )
    assert response.status_code == 302
    assert shown(advisor, response) == ["Drammen er invitert."]
    invitation = Invitation.objects.get(call=draft_call)
    assert invitation.municipality == drammen
    assert invitation.source == InvitationSource.MANUAL
    assert invitation.invited_by == users["advisor"]
    text = page(advisor, reverse("programmes:call", args=[draft_call.pk]))
    assert "valgt for hånd" in text
    assert reverse("programmes:invitation-pdf", args=[invitation.pk]) in text
    assert '<option value="0602">' not in text  # not offered twice


@pytest.mark.parametrize("code", ["", "3301", "0501"])
def test_invite_outside_the_region_or_structure_is_refused(
    code: str, draft_call: Call, users: dict[str, Any]
) -> None:
    # 3301 Drammen did not exist in 2010; 0501 Lillehammer is in region øst.
    advisor = client_for(users["advisor"])
    response = advisor.post(
        reverse("programmes:call-invite", args=[draft_call.pk]), {"municipality": code}
    )
    assert shown(advisor, response)
    assert not draft_call.invitations.exists()


def test_invite_from_the_published_run(
    draft_call: Call, sor_run: Any, users: dict[str, Any]
) -> None:
    advisor = client_for(users["advisor"])
    response = advisor.post(
        reverse("programmes:call-invite-decisions", args=[draft_call.pk]), {"run": sor_run.pk}
    )
    assert response.status_code == 302
    invitations = draft_call.invitations.select_related("municipality")
    assert sorted(i.municipality.name for i in invitations) == sorted(SOR_2010)
    assert {i.source for i in invitations} == {InvitationSource.DECISION}
    assert shown(advisor, response)[0].startswith("Invitert fra kommunepyramiden: ")
    text = page(advisor, reverse("programmes:call", args=[draft_call.pk]))
    assert text.count("fra kommunepyramiden (Samarbeidsavtale)") == 8
    # Again: nobody is invited twice.
    response = advisor.post(
        reverse("programmes:call-invite-decisions", args=[draft_call.pk]), {"run": sor_run.pk}
    )
    assert draft_call.invitations.count() == 8
    assert shown(advisor, response) == [
        "Alle kommunene med beslutning over grunntilbudet var invitert fra før."
    ]


def test_invite_from_an_unknown_run_is_refused(draft_call: Call, users: dict[str, Any]) -> None:
    advisor = client_for(users["advisor"])
    response = advisor.post(
        reverse("programmes:call-invite-decisions", args=[draft_call.pk]), {"run": "999999"}
    )
    assert shown(advisor, response) == ["Velg en publisert rangering for programmets region."]
    assert not draft_call.invitations.exists()


def test_a_call_without_invitations_cannot_be_opened(
    draft_call: Call, users: dict[str, Any]
) -> None:
    advisor = client_for(users["advisor"])
    response = advisor.post(reverse("programmes:call-open", args=[draft_call.pk]))
    assert shown(advisor, response) == ["Inviter minst én kommune før utlysningen."]
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.DRAFT


def test_open_and_close_a_call(draft_call: Call, drammen: Any, users: dict[str, Any]) -> None:
    services.call_invite(call=draft_call, municipality=drammen, user=users["advisor"])
    advisor = client_for(users["advisor"])
    response = advisor.post(reverse("programmes:call-open", args=[draft_call.pk]))
    assert shown(advisor, response) == [
        "Utlysningen er lyst ut. Koordinatorene i de inviterte kommunene får e-post."
    ]
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.OPEN
    response = advisor.post(reverse("programmes:call-close", args=[draft_call.pk]))
    assert shown(advisor, response) == ["Utlysningen er lukket."]
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.CLOSED
    text = page(advisor, reverse("programmes:call", args=[draft_call.pk]))
    assert "Lukket" in text
    assert reverse("programmes:call-invite", args=[draft_call.pk]) not in text
    # A closed call takes no more invitations.
    response = advisor.post(
        reverse("programmes:call-invite", args=[draft_call.pk]), {"municipality": "0806"}
    )
    assert shown(advisor, response) == ["Utlysningen er lukket."]
    assert draft_call.invitations.count() == 1


# --- What a municipality sees on the call page ---------------------------------------------


def test_coordinator_sees_the_own_invitation_only_and_can_start(
    call: Call, users: dict[str, Any]
) -> None:
    text = page(client_for(users["coordinator"]), reverse("programmes:call", args=[call.pk]))
    assert "0602 Drammen" in text
    for other in SOR_2010[1:]:
        assert other not in text
    invitation = call.invitations.get(municipality__code="0602")
    assert reverse("programmes:application-start", args=[invitation.pk]) in text
    assert reverse("programmes:invitation-pdf", args=[invitation.pk]) in text
    assert "Start søknad" in text
    # Nothing of the manager's tools.
    assert reverse("programmes:call-invite", args=[call.pk]) not in text
    assert reverse("programmes:call-close", args=[call.pk]) not in text
    assert "Statushistorikk" not in text


def test_call_page_shows_the_application_to_those_who_may_read_it(
    draft: Any, users: dict[str, Any]
) -> None:
    url = reverse("programmes:call", args=[draft.call_id])
    link = reverse("programmes:application", args=[draft.pk])
    coordinator = page(client_for(users["coordinator"]), url)
    assert link in coordinator
    assert "Start søknad" not in coordinator
    # The reader sees no draft: only that nothing is sent yet.
    reader = page(client_for(users["reader"]), url)
    assert link not in reader
    assert "Ikke sendt ennå" in reader
    advisor = page(client_for(users["advisor"]), url)
    assert link in advisor
    assert advisor.count("Ingen søknad") == 7


def test_other_municipality_and_other_region_see_no_invitations(
    call: Call, users: dict[str, Any]
) -> None:
    url = reverse("programmes:call", args=[call.pk])
    coordinator_other = page(client_for(users["coordinator_other"]), url)
    assert "Din kommune er ikke invitert til denne utlysningen." in coordinator_other
    advisor_other = page(client_for(users["advisor_other"]), url)
    for text in (coordinator_other, advisor_other):
        assert "Drammen</th>" not in text
        assert "invitasjon.pdf" not in text
        assert "Utlysning 2010" in text


def test_call_page_queries_do_not_grow_with_the_invitations(
    call: Call, draft_call: Call, drammen: Any, users: dict[str, Any]
) -> None:
    """One invitation or eight (one with an application): the same number of queries."""
    services.call_invite(call=draft_call, municipality=drammen, user=users["advisor"])
    advisor = client_for(users["advisor"])
    counts = []
    for c in (draft_call, call):
        with CaptureQueriesContext(connection) as captured:
            page(advisor, reverse("programmes:call", args=[c.pk]))
        counts.append(len(captured))
    assert counts[0] == counts[1]


# --- The invitation letter ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "reader", "advisor", "admin"])
def test_invitation_letter_downloads(role: str, call: Call, users: dict[str, Any]) -> None:
    invitation = call.invitations.get(municipality__code="0602")
    response = client_for(users[role]).get(
        reverse("programmes:invitation-pdf", args=[invitation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="invitasjon-drammen-{call.pk}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", ["coordinator_other", "advisor_other"])
def test_invitation_letter_refused_to_others(role: str, call: Call, users: dict[str, Any]) -> None:
    invitation = call.invitations.get(municipality__code="0602")
    response = client_for(users[role]).get(
        reverse("programmes:invitation-pdf", args=[invitation.pk])
    )
    assert response.status_code == 403
