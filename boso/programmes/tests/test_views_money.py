"""The money pages: a participation's grants, disbursements and balance, and the
register of Husbanken's other instruments, for each role, with good and bad input."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boso.core.formatting import format_number
from boso.programmes import selectors, services
from boso.programmes.choices import DisbursementStatus, InstrumentKind
from boso.programmes.models import (
    Application,
    Disbursement,
    GrantDecision,
    InstrumentRecord,
    Participation,
    ProgrammeBudget,
)
from boso.programmes.tests.test_workflow import approved_participation

pytestmark = pytest.mark.django_db
READERS = ("admin", "advisor", "advisor_other", "coordinator", "reader")


def kr(amount: int) -> str:
    return format_number(Decimal(amount), 0)


def as_role(users: dict[str, Any], role: str) -> Client:
    client = Client()
    client.force_login(users[role])
    return client


@pytest.fixture
def participation(draft: Application, users: dict[str, Any]) -> Participation:
    return approved_participation(draft, users)


@pytest.fixture
def grants(participation: Participation, users: dict[str, Any]) -> list[GrantDecision]:
    """750 000 for 2010 and 1 500 000 for 2011; 500 000 of 2011 asked for and paid,
    300 000 more asked for."""
    advisor = users["advisor"]
    made = [
        services.grant_decide(
            participation=participation,
            year=year,
            amount=Decimal(amount),
            decided_on=datetime.date(year, 1, 15) if year > 2010 else datetime.date(2010, 10, 15),
            reference=f"sak {year}/1",
            user=advisor,
        )
        for year, amount in ((2010, 750_000), (2011, 1_500_000))
    ]
    first = services.disbursement_request(
        grant=made[1], amount=Decimal(500_000), requested_on=datetime.date(2011, 3, 1)
    )
    services.disbursement_pay(disbursement=first, paid_on=datetime.date(2011, 3, 15))
    services.disbursement_request(
        grant=made[1], amount=Decimal(300_000), requested_on=datetime.date(2011, 9, 1)
    )
    return made


def page(participation: Participation) -> str:
    return reverse("programmes:participation", args=[participation.pk])


# --- The participation page -----------------------------------------------------------


@pytest.mark.parametrize("role", READERS)
def test_page_shows_the_figures(
    role: str, participation: Participation, grants: list[GrantDecision], users: Any
) -> None:
    response = as_role(users, role).get(page(participation))
    assert response.status_code == 200
    text = response.content.decode()
    assert "0602 Drammen" in text
    assert reverse("programmes:programme", args=[participation.programme_id]) in text
    assert reverse("programmes:agreement", args=[participation.agreement_id]) in text
    assert reverse("programmes:instruments", args=["0602"]) in text
    assert "01.10.2010" in text
    assert "31.12.2014" in text
    # 2011: granted 1 500 000, requested 800 000, paid 500 000, balance 1 000 000.
    for amount in (750_000, 1_500_000, 800_000, 500_000, 1_000_000, 300_000):
        assert f'<td class="num">{kr(amount)}</td>' in text
    # Totals: granted 2 250 000, paid 500 000, balance 1 750 000.
    assert f'<td class="num">{kr(2_250_000)}</td>' in text
    assert f'<td class="num">{kr(1_750_000)}</td>' in text
    assert "15.03.2011" in text  # the payment date
    manager = role in ("admin", "advisor")
    assert ("Nytt tilskuddsvedtak" in text) is manager
    assert ("Registrer utbetaling" in text) is manager
    assert ("Anmod om utbetaling" in text) is (manager or role == "coordinator")


def test_outsiders_are_refused(participation: Participation, users: Any) -> None:
    assert as_role(users, "coordinator_other").get(page(participation)).status_code == 403
    response = Client().get(page(participation))
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/")


def test_a_participation_without_grants(participation: Participation, users: Any) -> None:
    response = as_role(users, "reader").get(page(participation))
    assert "Det er ikke gitt tilsagn ennå." in response.content.decode()


def test_more_grants_do_not_mean_more_queries(
    participation: Participation, users: Any, django_assert_max_num_queries: Any
) -> None:
    client = as_role(users, "advisor")
    services.grant_decide(
        participation=participation,
        year=2010,
        amount=Decimal(100_000),
        decided_on=datetime.date(2010, 10, 15),
    )
    with CaptureQueriesContext(connection) as one_grant:
        client.get(page(participation))
    for year in (2011, 2012, 2013, 2014):
        grant = services.grant_decide(
            participation=participation,
            year=year,
            amount=Decimal(400_000),
            decided_on=datetime.date(year, 1, 15),
        )
        for month in (3, 9):
            services.disbursement_request(
                grant=grant, amount=Decimal(100_000), requested_on=datetime.date(year, month, 1)
            )
    with django_assert_max_num_queries(len(one_grant)):
        response = client.get(page(participation))
    assert f'<td class="num">{kr(1_700_000)}</td>' in response.content.decode()


# --- Grants ---------------------------------------------------------------------------


def post_grant(client: Client, participation: Participation, **values: str) -> Any:
    data = {"year": "2011", "amount": "1 200 000", "decided_on": "15.01.2011", "reference": ""}
    data.update(values)
    return client.post(
        reverse("programmes:grant-create", args=[participation.pk]),
        {f"tilsagn-{k}": v for k, v in data.items()},
        follow=False,
    )


def test_advisor_decides_a_grant(participation: Participation, users: Any) -> None:
    client = as_role(users, "advisor")
    response = post_grant(client, participation, reference="sak 11/4")
    assert response.status_code == 302
    assert response["Location"] == page(participation)
    grant = participation.grants.get()
    assert (grant.year, grant.amount, grant.reference) == (2011, Decimal(1_200_000), "sak 11/4")
    assert grant.decided_on == datetime.date(2011, 1, 15)
    assert grant.decided_by == users["advisor"]
    followed = client.get(page(participation)).content.decode()
    assert f"Tilsagnet for 2011 på {kr(1_200_000)} kr er registrert." in followed


def assert_refused_at(response: Any, field_id: str, message: str) -> str:
    assert response.status_code == 400
    text = response.content.decode()
    assert f'id="{field_id}-error">' in text
    assert message in text
    # The error comes first in the field's description (its help text may follow).
    assert f'aria-describedby="{field_id}-error' in text
    return text


def test_a_grant_over_the_cap_is_refused_at_the_field(
    participation: Participation, users: Any
) -> None:
    response = post_grant(as_role(users, "advisor"), participation, amount="1 600 000")
    text = assert_refused_at(response, "id_tilsagn-amount", "over taket")
    assert f"Tilsagnet {kr(1_600_000)} kr er over taket på {kr(1_500_000)} kr per år." in text
    assert 'value="1 600 000"' in text  # what was typed is kept
    assert 'value="15.01.2011"' in text
    assert not participation.grants.exists()


def test_a_grant_over_the_programme_frame_is_refused(
    participation: Participation, users: Any
) -> None:
    ProgrammeBudget.objects.filter(programme=participation.programme, year=2011).update(
        amount=Decimal(1_000_000)
    )
    response = post_grant(as_role(users, "advisor"), participation)
    text = assert_refused_at(response, "id_tilsagn-amount", "ramme")
    assert f"programmets ramme for 2011: {kr(1_000_000)} kr igjen" in text
    assert not participation.grants.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"year": "2009"}, "year", "2009 er utenfor deltakelsens periode."),
        ({"amount": "mange penger"}, "amount", "er ikke et beløp"),
        ({"amount": "0"}, "amount", "Tilsagnet må være større enn null."),
        ({"decided_on": "31.02.2011"}, "decided_on", "Oppgi en gyldig dato."),
    ],
)
def test_bad_grant_input(
    values: dict[str, str], field: str, message: str, participation: Participation, users: Any
) -> None:
    response = post_grant(as_role(users, "admin"), participation, **values)
    assert_refused_at(response, f"id_tilsagn-{field}", message)
    assert not participation.grants.exists()


def test_a_second_grant_for_the_same_year_is_refused(
    participation: Participation, grants: list[GrantDecision], users: Any
) -> None:
    response = post_grant(as_role(users, "advisor"), participation, amount="100 000")
    assert_refused_at(response, "id_tilsagn-year", "Det er allerede gitt tilsagn for 2011.")
    assert participation.grants.get(year=2011).amount == Decimal(1_500_000)


@pytest.mark.parametrize("role", ["advisor_other", "coordinator", "reader", "coordinator_other"])
def test_only_managers_decide_grants(role: str, participation: Participation, users: Any) -> None:
    assert post_grant(as_role(users, role), participation).status_code == 403
    assert not participation.grants.exists()


# --- Disbursements ----------------------------------------------------------------------


def post_request(client: Client, grant: GrantDecision, amount: str, day: str) -> Any:
    prefix = f"anmodning-{grant.pk}"
    return client.post(
        reverse("programmes:disbursement-request", args=[grant.pk]),
        {f"{prefix}-amount": amount, f"{prefix}-requested_on": day},
    )


def test_coordinator_asks_for_payment(
    participation: Participation, grants: list[GrantDecision], users: Any
) -> None:
    client = as_role(users, "coordinator")
    response = post_request(client, grants[0], "250 000", "01.11.2010")
    assert response.status_code == 302
    assert response["Location"] == page(participation)
    asked = grants[0].disbursements.get()
    assert (asked.requested_amount, asked.requested_on) == (
        Decimal(250_000),
        datetime.date(2010, 11, 1),
    )
    assert asked.status == DisbursementStatus.REQUESTED
    text = client.get(page(participation)).content.decode()
    assert f"Anmodningen om {kr(250_000)} kr av tilsagnet for 2010 er registrert." in text


def test_a_request_above_the_grant_is_refused(
    participation: Participation, grants: list[GrantDecision], users: Any
) -> None:
    # 2011: 1 500 000 granted, 800 000 asked for already.
    prefix = f"id_anmodning-{grants[1].pk}"
    response = post_request(as_role(users, "coordinator"), grants[1], "800 000", "01.10.2011")
    text = assert_refused_at(response, f"{prefix}-amount", "går over tilsagnet")
    assert f"{kr(700_000)} kr igjen" in text
    assert 'value="800 000"' in text
    assert grants[1].disbursements.count() == 2


@pytest.mark.parametrize("role", ["reader", "coordinator_other", "advisor_other"])
def test_readers_and_outsiders_cannot_ask_for_payment(
    role: str, grants: list[GrantDecision], users: Any
) -> None:
    assert post_request(as_role(users, role), grants[0], "1000", "01.11.2010").status_code == 403
    assert not grants[0].disbursements.exists()


def post_pay(client: Client, disbursement: Disbursement, day: str, amount: str = "") -> Any:
    prefix = f"utbetaling-{disbursement.pk}"
    return client.post(
        reverse("programmes:disbursement-pay", args=[disbursement.pk]),
        {f"{prefix}-amount": amount, f"{prefix}-paid_on": day},
    )


def test_advisor_registers_the_payment(
    participation: Participation, grants: list[GrantDecision], users: Any
) -> None:
    asked = grants[1].disbursements.get(status=DisbursementStatus.REQUESTED)
    client = as_role(users, "advisor")
    response = post_pay(client, asked, "20.09.2011")
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == DisbursementStatus.PAID
    assert (asked.paid_amount, asked.paid_on) == (Decimal(300_000), datetime.date(2011, 9, 20))
    text = client.get(page(participation)).content.decode()
    assert f"Utbetalingen av {kr(300_000)} kr den 20.09.2011 er registrert." in text
    assert f'<td class="num">{kr(800_000)}</td>' in text  # paid in 2011 now
    assert "Registrer utbetaling" not in text  # nothing left to pay


def test_a_payment_before_the_request_is_refused(grants: list[GrantDecision], users: Any) -> None:
    asked = grants[1].disbursements.get(status=DisbursementStatus.REQUESTED)
    response = post_pay(as_role(users, "advisor"), asked, "31.08.2011", "300 000")
    prefix = f"id_utbetaling-{asked.pk}"
    text = assert_refused_at(
        response, f"{prefix}-paid_on", "Utbetalingen kan ikke være før anmodningen."
    )
    assert 'value="31.08.2011"' in text
    assert '<details class="decide" open>' in text
    asked.refresh_from_db()
    assert asked.status == DisbursementStatus.REQUESTED
    assert asked.paid_on is None


def test_a_payment_above_the_request_is_refused(grants: list[GrantDecision], users: Any) -> None:
    asked = grants[1].disbursements.get(status=DisbursementStatus.REQUESTED)
    response = post_pay(as_role(users, "admin"), asked, "20.09.2011", "300 001")
    assert_refused_at(response, f"id_utbetaling-{asked.pk}-amount", "ikke over det anmodede")
    asked.refresh_from_db()
    assert asked.status == DisbursementStatus.REQUESTED


def test_a_paid_disbursement_cannot_be_paid_again(grants: list[GrantDecision], users: Any) -> None:
    paid = grants[1].disbursements.get(status=DisbursementStatus.PAID)
    response = post_pay(as_role(users, "advisor"), paid, "20.09.2011")
    assert response.status_code == 400
    assert "Kan ikke gå fra «Utbetalt»" in response.content.decode()
    paid.refresh_from_db()
    assert paid.paid_on == datetime.date(2011, 3, 15)


@pytest.mark.parametrize("role", ["coordinator", "reader", "advisor_other"])
def test_only_managers_pay(role: str, grants: list[GrantDecision], users: Any) -> None:
    asked = grants[1].disbursements.get(status=DisbursementStatus.REQUESTED)
    assert post_pay(as_role(users, role), asked, "20.09.2011").status_code == 403
    asked.refresh_from_db()
    assert asked.status == DisbursementStatus.REQUESTED


# --- Other instruments -----------------------------------------------------------------


@pytest.fixture
def records(drammen: Any) -> list[InstrumentRecord]:
    """Drammen's instruments 2007–2008 (the demo holds 2009): start loans, housing
    allowance."""
    return [
        services.instrument_record_save(
            municipality=drammen,
            year=year,
            kind=kind,
            amount=Decimal(amount),
            count=count,
            source=f"Husbankens årsstatistikk {year}",
        )
        for year, kind, amount, count in (
            (2008, InstrumentKind.START_LOAN, 61_245_000, 112),
            (2008, InstrumentKind.HOUSING_ALLOWANCE, 24_870_000, None),
            (2007, InstrumentKind.START_LOAN, 48_300_000, 95),
        )
    ]


def instruments(code: str = "0602", query: str = "") -> str:
    return reverse("programmes:instruments", args=[code]) + query


@pytest.mark.parametrize("role", READERS)
def test_instruments_page(role: str, records: list[InstrumentRecord], users: Any) -> None:
    response = as_role(users, role).get(instruments())
    assert response.status_code == 200
    text = response.content.decode()
    assert "0602 Drammen" in text
    for amount in (61_245_000, 24_870_000, 48_300_000):
        assert f'<td class="num">{kr(amount)}</td>' in text
    assert '<td class="num">112</td>' in text
    assert "Startlån" in text
    assert "Bostøtte" in text
    assert "Husbankens årsstatistikk 2007" in text
    assert ("Registrer eller rett et tall" in text) is (role in ("admin", "advisor"))


def test_instruments_year_filter(records: list[InstrumentRecord], users: Any) -> None:
    text = as_role(users, "reader").get(instruments(query="?year=2007")).content.decode()
    assert kr(48_300_000) in text
    assert kr(61_245_000) not in text
    assert '<option value="2007" selected>' in text
    empty = as_role(users, "reader").get(instruments(query="?year=2005")).content.decode()
    assert "Ingen tall er registrert for 2005." in empty


def test_instruments_of_another_municipality_are_refused(users: Any) -> None:
    assert as_role(users, "coordinator_other").get(instruments()).status_code == 403
    assert as_role(users, "reader").get(instruments("9999")).status_code == 404


def post_record(client: Client, **values: str) -> Any:
    data = {
        "year": "2008",
        "kind": "start_loan",
        "amount": "62 000 000",
        "count": "113",
        "source": "Husbankens årsstatistikk 2008, rettet",
    }
    data.update(values)
    return client.post(instruments(), data)


def test_advisor_adds_and_corrects_a_figure(
    records: list[InstrumentRecord], drammen: Any, users: Any
) -> None:
    client = as_role(users, "advisor")
    response = post_record(client, kind="basic_loan", amount="3 500 000", count="")
    assert response.status_code == 302
    assert response["Location"] == instruments(query="?year=2008")
    added = InstrumentRecord.objects.get(municipality=drammen, year=2008, kind="basic_loan")
    assert (added.amount, added.count) == (Decimal(3_500_000), None)
    assert post_record(client).status_code == 302
    corrected = InstrumentRecord.objects.get(municipality=drammen, year=2008, kind="start_loan")
    assert (corrected.amount, corrected.count) == (Decimal(62_000_000), 113)
    assert corrected.history.count() == 2  # the first figure is kept
    text = client.get(instruments(query="?year=2008")).content.decode()
    assert "Startlån 2008 for 0602 Drammen er lagret." in text
    assert kr(62_000_000) in text


def test_a_correction_starts_from_the_figure(records: list[InstrumentRecord], users: Any) -> None:
    text = (
        as_role(users, "advisor")
        .get(instruments(query="?year=2008&rett=start_loan"))
        .content.decode()
    )
    assert f'value="{format_number(Decimal(61_245_000))}"' in text
    assert 'value="112"' in text
    assert '<option value="start_loan" selected>' in text


def test_bad_instrument_input(records: list[InstrumentRecord], users: Any) -> None:
    client = as_role(users, "admin")
    response = post_record(client, amount="-5")
    assert_refused_at(response, "id_amount", "Beløpet kan ikke være negativt.")
    assert 'value="-5"' in response.content.decode()
    response = post_record(client, kind="lottery")
    assert response.status_code == 400
    assert 'aria-describedby="id_kind-error"' in response.content.decode()
    assert records[0].history.count() == 1
    assert InstrumentRecord.objects.get(pk=records[0].pk).amount == Decimal(61_245_000)


@pytest.mark.parametrize("role", ["advisor_other", "coordinator", "reader"])
def test_only_admins_and_the_region_advisor_record(
    role: str, records: list[InstrumentRecord], users: Any
) -> None:
    assert post_record(as_role(users, role)).status_code == 403
    assert InstrumentRecord.objects.get(pk=records[0].pk).count == 112


def test_the_balance_sheet_is_one_query(
    participation: Participation, grants: list[GrantDecision], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        sheet = selectors.participation_balance_sheet(participation)
    assert [(y.year, y.granted, y.requested, y.paid, y.balance) for y in sheet.years] == [
        (2010, Decimal(750_000), Decimal(0), Decimal(0), Decimal(750_000)),
        (2011, Decimal(1_500_000), Decimal(800_000), Decimal(500_000), Decimal(1_000_000)),
    ]
    assert (sheet.granted, sheet.requested, sheet.paid, sheet.balance) == (
        Decimal(2_250_000),
        Decimal(800_000),
        Decimal(500_000),
        Decimal(1_750_000),
    )
