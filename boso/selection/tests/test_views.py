"""The advisor's journey through the pages, with Django's test client: build an index
(seed 000 criteria), rank, read why, decide, publish; and who may see what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from boso.selection.models import Decision, IndexDefinition, ScoringRun, Tier

pytestmark = pytest.mark.django_db
NAME = "Testindeks sør 2010"
INVITED = {"0805", "0704", "0906", "0709", "0706", "0806", "0602", "1001"}  # seed 000


def _criterion(n: int, indicator: str, period: str, transform: str = "raw") -> dict[str, str]:
    prefix = f"kriterier-{n}-"
    return {
        prefix + "indicator": indicator,
        prefix + "period": period,
        prefix + "direction": "higher",
        prefix + "transform": transform,
        prefix + "normalisation": "zscore",
        prefix + "weight": "1",
        prefix + "missing": "exclude",
    }


def _definition_data(**overrides: str) -> dict[str, Any]:
    sor = Tier.objects.get(code="samarbeidsavtale")
    base = Tier.objects.get(code="grunntilbud")
    from boso.municipalities.models import Region

    data: dict[str, Any] = {
        "name": NAME,
        "description": "",
        "region": str(Region.objects.get(slug="sor").pk),
        "structure_date": "01.01.2010",
        "top_n": "8",
        "threshold": "",
        "min_population": "",
        "suggested_tier": str(sor.pk),
        "base_tier": str(base.pk),
        "kriterier-TOTAL_FORMS": "4",
        "kriterier-INITIAL_FORMS": "0",
        "kriterier-MIN_NUM_FORMS": "0",
        "kriterier-MAX_NUM_FORMS": "20",
        **_criterion(0, "living_conditions_index", "2009"),
        **_criterion(1, "homeless", "2008", transform="per_1000"),
        **_criterion(2, "population", "2009"),
        # The fourth row is left blank, as a user without JavaScript would.
        "kriterier-3-indicator": "",
        "kriterier-3-period": "",
        "kriterier-3-weight": "1",
        "kriterier-3-direction": "higher",
        "kriterier-3-transform": "raw",
        "kriterier-3-normalisation": "zscore",
        "kriterier-3-missing": "exclude",
    }
    data.update(overrides)
    return data


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_advisor_builds_ranks_decides_and_publishes(users: dict[str, Any]) -> None:
    advisor = _client(users["advisor"])
    assert advisor.get("/utvalg/ny/").status_code == 200
    response = advisor.post("/utvalg/ny/", _definition_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    definition = IndexDefinition.objects.get(name=NAME)
    assert definition.criteria.count() == 3
    assert NAME in advisor.get("/utvalg/").content.decode()

    response = advisor.post(f"/utvalg/indekser/{definition.pk}/beregn/")
    run = ScoringRun.objects.get(definition=definition)
    assert response["Location"] == f"/utvalg/kjoringer/{run.pk}/"
    page = advisor.get(f"/utvalg/kjoringer/{run.pk}/")
    assert page.status_code == 200
    ranked = [t["row"].municipality_code for t in page.context["ranked"]]
    assert len(ranked) == 8
    assert set(ranked) == INVITED

    why = advisor.get(f"/utvalg/kjoringer/{run.pk}/?hvorfor=0806").content.decode()
    assert "Hvorfor: 0806 Skien" in why
    assert "→ bidrag" in why

    agreement = Tier.objects.get(code="samarbeidsavtale")
    response = advisor.post(
        f"/utvalg/kjoringer/{run.pk}/beslutninger/0806/",
        {
            "tier": agreement.code,
            "reason": "challenges",
            "comment": "Vedtak i møte",
            "definition_version": definition.version,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(run=run, municipality_code="0806")
    assert decision.tier == agreement
    assert decision.comment == "Vedtak i møte"
    history = advisor.get(f"/utvalg/kjoringer/{run.pk}/beslutninger/0806/historikk/")
    assert "Vedtak i møte" in history.content.decode()

    levels = advisor.get(f"/utvalg/kjoringer/{run.pk}/pyramide/").context["levels"]
    assert levels[0].tier == agreement
    assert ("0806", "Skien") in levels[0].members

    advisor.post(f"/utvalg/kjoringer/{run.pk}/publiser/")
    decision.refresh_from_db()
    assert decision.published


def test_form_errors_are_shown_at_the_fields(users: dict[str, Any]) -> None:
    advisor = _client(users["advisor"])
    response = advisor.post("/utvalg/ny/", _definition_data(**{"kriterier-0-period": "tjue"}))
    assert response.status_code == 400
    assert "«tjue» er ikke en periode" in response.content.decode()
    blank = {k: v for k, v in _definition_data().items() if not k.startswith("kriterier-")}
    blank.update({"kriterier-TOTAL_FORMS": "0", "kriterier-INITIAL_FORMS": "0"})
    response = advisor.post("/utvalg/ny/", blank)
    assert "Indeksen trenger minst ett kriterium." in response.content.decode()
    assert not IndexDefinition.objects.filter(name=NAME).exists()


def test_compute_errors_are_shown(users: dict[str, Any]) -> None:
    advisor = _client(users["advisor"])
    advisor.post("/utvalg/ny/", _definition_data(top_n="500"))
    definition = IndexDefinition.objects.get(name=NAME)
    response = advisor.post(f"/utvalg/indekser/{definition.pk}/beregn/", follow=True)
    assert "færre enn N = 500" in response.content.decode()
    assert not ScoringRun.objects.filter(definition=definition).exists()


def test_new_version_is_prefilled_and_saved_as_the_next(users: dict[str, Any]) -> None:
    advisor = _client(users["advisor"])
    advisor.post("/utvalg/ny/", _definition_data())
    first = IndexDefinition.objects.get(name=NAME)
    form = advisor.get(f"/utvalg/indekser/{first.pk}/ny-versjon/")
    assert form.context["formset"].initial[0]["indicator"] == "living_conditions_index"
    advisor.post(f"/utvalg/indekser/{first.pk}/ny-versjon/", _definition_data(top_n="4"))
    second = IndexDefinition.objects.get(name=NAME, version=2)
    assert (second.family, second.top_n) == (first.family, 4)


def test_advisor_of_another_region_may_not_manage(users: dict[str, Any]) -> None:
    _client(users["advisor"]).post("/utvalg/ny/", _definition_data())
    definition = IndexDefinition.objects.get(name=NAME)
    other = _client(users["advisor_other"])
    assert other.get("/utvalg/").status_code == 200
    assert other.post(f"/utvalg/indekser/{definition.pk}/beregn/").status_code == 403
    assert other.get(f"/utvalg/indekser/{definition.pk}/ny-versjon/").status_code == 403
    # Nor may they build an index for a region that is not theirs.
    response = other.post("/utvalg/ny/", _definition_data(name="Ikke min"))
    assert response.status_code == 400
    assert not IndexDefinition.objects.filter(name="Ikke min").exists()


def test_coordinator_sees_only_own_published_decision(users: dict[str, Any]) -> None:
    advisor = _client(users["advisor"])
    advisor.post("/utvalg/ny/", _definition_data())
    definition = IndexDefinition.objects.get(name=NAME)
    advisor.post(f"/utvalg/indekser/{definition.pk}/beregn/")
    run = ScoringRun.objects.get(definition=definition)
    tier = Tier.objects.get(code="samarbeidsavtale")
    for code in ("0602", "0806"):  # Drammen (the coordinator's) and Skien
        advisor.post(
            f"/utvalg/kjoringer/{run.pk}/beslutninger/{code}/",
            {"tier": tier.code, "reason": "challenges", "definition_version": "1"},
        )
    coordinator = _client(users["coordinator"])

    def seen(client: Client) -> list[str]:
        # The demo may hold published decisions of its own: look at this run's only.
        page = client.get("/utvalg/min-kommune/")
        assert page.status_code == 200
        return [
            e["decision"].municipality_code
            for e in page.context["entries"]
            if e["decision"].run_id == run.pk
        ]

    assert seen(coordinator) == []  # not published yet
    advisor.post(f"/utvalg/kjoringer/{run.pk}/publiser/")
    assert seen(coordinator) == ["0602"]
    assert seen(_client(users["coordinator_other"])) == []
    assert coordinator.get(f"/utvalg/kjoringer/{run.pk}/").status_code == 403
