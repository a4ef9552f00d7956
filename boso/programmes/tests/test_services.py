"""Programme rules, calls, drafts and the bad input a submission refuses."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from boso.programmes import selectors, services
from boso.programmes.choices import ApplicationStatus, InstrumentKind, InvitationSource
from boso.programmes.models import Application, ApplicationYear, Programme
from boso.programmes.tests.seed import BEFORE, DEADLINE, HUSBANKEN, drammen_years
from boso.selection.models import Tier

pytestmark = pytest.mark.django_db


def test_programme_has_the_seed_rules_by_default(programme: Programme) -> None:
    assert programme.min_own_share == Decimal("0.30")
    assert programme.max_own_share == Decimal("0.50")
    assert programme.grant_cap_per_year == Decimal(1_500_000)
    assert programme.application_deadline == DEADLINE
    assert [b.year for b in programme.budgets.all()] == [2010, 2011]


def test_programme_rules_are_checked(sor: Any) -> None:
    params = {
        "region": sor,
        "name": "X",
        "start_year": 2010,
        "end_year": 2014,
        "application_deadline": DEADLINE,
    }
    with pytest.raises(ValidationError) as e:
        services.programme_create(**{**params, "end_year": 2009})
    assert "end_year" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.programme_create(
            **params, min_own_share=Decimal("0.6"), max_own_share=Decimal("0.5")
        )
    assert "min_own_share" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.programme_create(**params, grant_cap_per_year=Decimal(0))
    assert "grant_cap_per_year" in e.value.message_dict
    with pytest.raises(ValidationError, match="2015"):
        services.programme_create(**params, budgets={2015: Decimal(1)})
    assert not Programme.objects.filter(name="X").exists()


def test_invitations_come_from_the_published_decisions(call: Any, drammen: Any) -> None:
    invited = {i.municipality.code for i in call.invitations.all()}
    assert invited == {"0805", "0704", "0906", "0709", "0706", "0806", "0602", "1001"}
    assert all(i.source == InvitationSource.DECISION for i in call.invitations.all())
    assert call.deadline == DEADLINE
    assert call.gatherings.get().place == "Drammen"


def test_invite_by_hand_and_refusals(programme: Programme, sor_run: Any, users: Any) -> None:
    call = services.call_create(programme=programme, title="Ekstra")
    with pytest.raises(ValidationError, match="minst én kommune"):
        services.call_open(call=call)
    from boso.municipalities.selectors import municipality_get

    lillehammer = municipality_get("0501", day=datetime.date(2010, 1, 1))
    invitation = services.call_invite(call=call, municipality=lillehammer)
    assert invitation.source == InvitationSource.MANUAL
    sor_run.published = False
    with pytest.raises(ValidationError, match="ikke publisert"):
        services.call_invite_from_decisions(call=call, run=sor_run)
    with pytest.raises(ValidationError, match="samling"):
        services.call_create(
            programme=programme,
            title="Feil",
            gatherings=[
                services.GatheringInput(datetime.date(2010, 5, 27), datetime.date(2010, 5, 26))
            ],
        )


def test_other_region_run_is_refused(programme: Programme) -> None:
    from boso.selection.models import ScoringRun

    other = ScoringRun.objects.exclude(definition__region=programme.region).first()
    assert other is not None
    call = services.call_create(programme=programme, title="Feil region")
    with pytest.raises(ValidationError, match="annen region"):
        services.call_invite_from_decisions(call=call, run=other)


def test_only_invited_municipalities_apply_once(call: Any, draft: Application) -> None:
    from boso.municipalities.selectors import municipality_get

    with pytest.raises(ValidationError, match="allerede en søknad"):
        services.application_create(call=call, municipality=draft.municipality)
    lillehammer = municipality_get("0501", day=datetime.date(2010, 1, 1))
    with pytest.raises(ValidationError, match="ikke invitert"):
        services.application_create(call=call, municipality=lillehammer)


def test_drammen_budget_share_is_of_the_whole_budget(draft: Application) -> None:
    budget = services.application_budget(draft)
    assert budget.grant == sum(HUSBANKEN.values()) == Decimal(4_950_000)
    # 1 485 000 in money (seed 002) + 1 500 hours × 500 kr in 2010.
    assert budget.own == Decimal(1_485_000) + Decimal(750_000)
    assert budget.share == pytest.approx(Decimal(2_235_000) / Decimal(7_185_000))
    assert services.application_problems(draft, today=BEFORE) == {}


def test_draft_saves_at_any_point_and_counts_versions(draft: Application) -> None:
    assert draft.version == 2
    half = services.application_save_draft(
        application=draft, expected_version=2, needs_and_goals="", years=[]
    )
    assert half.version == 3
    assert half.years.count() == 0


def test_stale_draft_is_refused(draft: Application) -> None:
    with pytest.raises(services.ConflictError, match="lagret av noen andre"):
        services.application_save_draft(
            application=draft, expected_version=1, target_groups="Overskrevet"
        )
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.target_groups.startswith("Bostedsløse")


def test_draft_refuses_malformed_years(draft: Application) -> None:
    for years, match in [
        ([services.YearInput(2009)], "utenfor programperioden"),
        ([services.YearInput(2010), services.YearInput(2010)], "to ganger"),
        ([services.YearInput(2010, own_money=Decimal(-1))], "negative"),
    ]:
        with pytest.raises(ValidationError, match=match):
            services.application_save_draft(application=draft, expected_version=2, years=years)
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.years.count() == 5


def _refused(application: Application, field: str, match: str, today: Any = BEFORE) -> None:
    years_before = list(ApplicationYear.objects.filter(application=application).values())
    with pytest.raises(ValidationError) as e:
        services.application_submit(application=application, today=today)
    assert field in e.value.message_dict
    assert any(match in m for m in e.value.message_dict[field])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.submitted_at is None
    assert list(ApplicationYear.objects.filter(application=application).values()) == years_before


def test_money_alone_is_below_the_own_share(draft: Application) -> None:
    years = drammen_years(**{"2010": {"own_hours": Decimal(0), "hour_rate": Decimal(0)}})
    services.application_save_draft(application=draft, expected_version=2, years=years)
    _refused(draft, "own_contribution", "23,1 %")


def test_own_share_above_the_maximum_is_refused(draft: Application) -> None:
    years = drammen_years(**{"2010": {"own_money": Decimal(10_000_000)}})
    services.application_save_draft(application=draft, expected_version=2, years=years)
    _refused(draft, "own_contribution", "utenfor programmets krav på 30,0 %–50,0 %")


def test_grant_above_the_cap_is_refused(draft: Application) -> None:
    years = drammen_years(**{"2011": {"grant_requested": Decimal(1_600_000)}})
    services.application_save_draft(application=draft, expected_version=2, years=years)
    _refused(draft, "grant_requested", "Kompetansetilskudd 2011")


def test_hours_need_a_rate(draft: Application) -> None:
    years = drammen_years(**{"2010": {"hour_rate": Decimal(0)}})
    services.application_save_draft(application=draft, expected_version=2, years=years)
    _refused(draft, "hour_rate", "timesats")


def test_missing_political_decision_is_refused(draft: Application) -> None:
    services.application_save_draft(
        application=draft,
        expected_version=2,
        political_body="",
        political_decision_date=None,
        political_case_number="",
    )
    _refused(draft, "political_body", "Politisk vedtak")
    _refused(draft, "political_decision_date", "vedtaksdatoen mangler")
    _refused(draft, "political_case_number", "sak 46/09")


def test_future_political_decision_is_refused(draft: Application) -> None:
    _refused(draft, "political_decision_date", "fram i tid", today=datetime.date(2010, 3, 22))


def test_missing_texts_contacts_and_years_are_refused(draft: Application) -> None:
    services.application_save_draft(
        application=draft,
        expected_version=2,
        needs_and_goals=" ",
        target_groups="",
        sub_projects="",
        years=[],
        contacts=[],
    )
    _refused(draft, "needs_and_goals", "Behov og mål må fylles ut")
    _refused(draft, "target_groups", "Målgrupper")
    _refused(draft, "sub_projects", "delprosjekter")
    _refused(draft, "contacts", "programkoordinator")
    _refused(draft, "years", "minst ett år")


def test_unknown_inputs_are_refused(draft: Application) -> None:
    with pytest.raises(ValidationError, match="vedtaksorgan"):
        services.application_save_draft(
            application=draft, expected_version=2, political_body="bystyret"
        )
    with pytest.raises(TypeError):
        services.application_save_draft(application=draft, expected_version=2, status="approved")


def test_grants_disbursements_and_balance(draft: Application, users: Any) -> None:
    from boso.programmes.tests.test_workflow import approved_participation

    participation = approved_participation(draft, users)
    grant = services.grant_decide(
        participation=participation,
        year=2010,
        amount=HUSBANKEN[2010],
        decided_on=datetime.date(2010, 11, 1),
        reference="2010/123",
    )
    with pytest.raises(ValidationError, match="over taket"):
        services.grant_decide(
            participation=participation,
            year=2011,
            amount=Decimal(1_500_001),
            decided_on=datetime.date(2011, 2, 1),
        )
    with pytest.raises(ValidationError, match="allerede gitt"):
        services.grant_decide(
            participation=participation,
            year=2010,
            amount=Decimal(1),
            decided_on=datetime.date(2010, 11, 1),
        )
    with pytest.raises(ValidationError, match="utenfor deltakelsens"):
        services.grant_decide(
            participation=participation,
            year=2015,
            amount=Decimal(1),
            decided_on=datetime.date(2015, 1, 1),
        )
    first = services.disbursement_request(
        grant=grant, amount=Decimal(500_000), requested_on=datetime.date(2010, 11, 15)
    )
    with pytest.raises(ValidationError) as e:
        services.disbursement_request(
            grant=grant, amount=Decimal(300_000), requested_on=datetime.date(2010, 12, 1)
        )
    assert e.value.message_dict["amount"] == [
        "Anmodningen går over tilsagnet: 250\u00a0000 kr igjen."
    ]
    with pytest.raises(ValidationError, match="før anmodningen"):
        services.disbursement_pay(disbursement=first, paid_on=datetime.date(2010, 11, 1))
    services.disbursement_pay(disbursement=first, paid_on=datetime.date(2010, 11, 30))
    [row] = selectors.participation_balance(participation)
    assert (row.year, row.granted, row.paid, row.balance) == (
        2010,
        Decimal(750_000),
        Decimal(500_000),
        Decimal(250_000),
    )


def test_grant_frame_of_the_year_is_respected(draft: Application, users: Any) -> None:
    from boso.programmes.tests.test_workflow import approved_participation

    participation = approved_participation(draft, users)
    programme = participation.programme
    programme.budgets.filter(year=2011).update(amount=Decimal(1_000_000))
    with pytest.raises(ValidationError, match="ramme for 2011"):
        services.grant_decide(
            participation=participation,
            year=2011,
            amount=HUSBANKEN[2011],
            decided_on=datetime.date(2011, 2, 1),
        )


def test_instrument_register_drammen_2009(drammen: Any) -> None:
    """Seed 000's list of Husbanken's instruments in Drammen 2009."""
    source = "Husbanken og Drammen kommune, presentasjon 2. februar 2010"
    figures = {
        InstrumentKind.ONWARD_GRANT: Decimal(4_950_000),
        InstrumentKind.RENTAL_HOUSING_GRANT: Decimal(15_179_000),
        InstrumentKind.COMPETENCE_GRANT: Decimal(1_432_000),
        InstrumentKind.START_LOAN: Decimal(100_000_000),
        InstrumentKind.KINDERGARTEN_LOAN: Decimal(32_000_000),
        InstrumentKind.BASIC_LOAN: Decimal(206_000_000),
    }
    for kind, amount in figures.items():
        services.instrument_record_save(
            municipality=drammen, year=2009, kind=kind, amount=amount, source=source
        )
    services.instrument_record_save(
        municipality=drammen,
        year=2009,
        kind=InstrumentKind.START_LOAN,
        amount=Decimal(100_000_000),
        count=250,
    )
    records = selectors.instruments_for(drammen, 2009)
    assert records.count() == 6
    # A correction keeps the earlier version (the demo may hold one more before).
    start_loans = records.get(kind=InstrumentKind.START_LOAN)
    assert start_loans.count == 250
    assert start_loans.history.first().count == 250
    assert start_loans.history.all()[1].count is None
    with pytest.raises(ValidationError, match="negativt"):
        services.instrument_record_save(
            municipality=drammen, year=2009, kind=InstrumentKind.OTHER, amount=Decimal(-1)
        )
    with pytest.raises(ValidationError, match="Ukjent virkemiddel"):
        services.instrument_record_save(
            municipality=drammen, year=2009, kind="bostøtte", amount=Decimal(1)
        )


def test_agreement_tier_is_data(draft: Application) -> None:
    assert Tier.objects.filter(code="samarbeidsavtale").exists()
