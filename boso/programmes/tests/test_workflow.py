"""Every transition of the workflow, and the audit trail each one leaves."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from boso.programmes import selectors, services
from boso.programmes.choices import (
    AgreementStatus,
    ApplicationStatus,
    CallStatus,
    Outcome,
    ParticipationStatus,
    ProgrammeStatus,
)
from boso.programmes.models import Application, Participation, Programme
from boso.programmes.tests.seed import AFTER, BEFORE
from boso.selection.models import Tier

pytestmark = pytest.mark.django_db


def scores(programme: Programme, value: int = 5) -> dict[str, int]:
    return dict.fromkeys(programme.assessment_criteria, value)


def approved_participation(application: Application, users: Any) -> Participation:
    advisor = users["advisor"]
    services.application_submit(application=application, user=users["coordinator"], today=BEFORE)
    services.application_decide(
        application=application,
        outcome=Outcome.APPROVE,
        scores=scores(application.call.programme),
        recommendation="Drammen har store utfordringer og god forankring.",
        user=advisor,
    )
    agreement = services.agreement_create(
        application=application,
        starts_on=datetime.date(2010, 10, 1),
        ends_on=datetime.date(2014, 12, 31),
        husbanken_obligations="Kompetansetilskudd, rådgivning og samlinger.",
        municipality_obligations="Egeninnsats, deltakelse på samlinger og rapportering.",
        tier=Tier.objects.get(code="samarbeidsavtale"),
        user=advisor,
    )
    return services.agreement_sign(
        agreement=agreement,
        municipality_signed_on=datetime.date(2010, 9, 20),
        husbanken_signed_on=datetime.date(2010, 9, 24),
        user=advisor,
        today=datetime.date(2010, 10, 1),
    )


def _trail(obj: Any) -> list[tuple[str, str]]:
    return [(c.from_status, c.to_status) for c in selectors.status_history(obj)]


def test_programme_planned_active_closed(programme: Programme, users: Any) -> None:
    services.programme_activate(programme=programme, user=users["advisor"])
    with pytest.raises(ValidationError, match="Kan ikke gå fra"):
        services.programme_activate(programme=programme)
    services.programme_close(programme=programme, comment="Programmet er avsluttet 2014.")
    assert programme.status == ProgrammeStatus.CLOSED
    assert _trail(programme) == [("", "planned"), ("planned", "active"), ("active", "closed")]
    last = selectors.status_history(programme).last()
    assert last is not None
    assert last.comment == "Programmet er avsluttet 2014."
    assert selectors.status_history(programme).first().changed_by == users["advisor"]  # type: ignore[union-attr]
    assert programme.history.count() == 3
    with pytest.raises(ValidationError, match="avsluttet"):
        services.call_create(programme=programme, title="For sent")


def test_call_draft_open_closed(call: Any, drammen: Any) -> None:
    assert _trail(call) == [("", "draft"), ("draft", "open")]
    services.call_close(call=call)
    assert call.status == CallStatus.CLOSED
    with pytest.raises(ValidationError, match="Kan ikke gå fra"):
        services.call_open(call=call)
    with pytest.raises(ValidationError, match="lukket"):
        services.call_invite(call=call, municipality=drammen)
    with pytest.raises(ValidationError, match="ikke åpen"):
        services.application_create(call=call, municipality=drammen)


def test_submit_before_the_deadline(draft: Application, users: Any) -> None:
    services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert draft.submitted_by == users["coordinator"]
    assert _trail(draft) == [("", "draft"), ("draft", "submitted")]
    with pytest.raises(ValidationError, match="kan ikke endres"):
        services.application_save_draft(
            application=draft, expected_version=draft.version, target_groups="x"
        )
    with pytest.raises(ValidationError, match="kan ikke sendes"):
        services.application_submit(application=draft, today=BEFORE)


def test_deadline_passed_then_reopened(draft: Application, users: Any) -> None:
    with pytest.raises(ValidationError) as e:
        services.application_submit(application=draft, today=AFTER)
    assert "Søknadsfristen 31.03.2010 er passert" in e.value.message_dict["deadline"][0]
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT
    assert draft.version == 2
    with pytest.raises(ValidationError, match="passert"):
        services.application_reopen(application=draft, until=datetime.date(2010, 4, 1), today=AFTER)
    services.application_reopen(
        application=draft,
        until=datetime.date(2010, 4, 9),
        user=users["advisor"],
        today=AFTER,
    )
    services.application_submit(application=draft, today=AFTER)
    assert draft.status == ApplicationStatus.SUBMITTED
    assert _trail(draft) == [("", "draft"), ("draft", "draft"), ("draft", "submitted")]
    services.application_reopen(application=draft, until=datetime.date(2010, 4, 9), today=AFTER)
    with pytest.raises(ValidationError, match="er passert"):  # the reopening ran out
        services.application_submit(application=draft, today=datetime.date(2010, 4, 10))


def test_reopen_a_submitted_application(draft: Application, users: Any) -> None:
    services.application_submit(application=draft, today=BEFORE)
    services.application_reopen(
        application=draft,
        until=datetime.date(2010, 4, 15),
        comment="Legg ved saksnummeret.",
        user=users["advisor"],
        today=AFTER,
    )
    assert draft.status == ApplicationStatus.DRAFT
    assert _trail(draft)[-1] == ("submitted", "draft")
    services.application_save_draft(
        application=draft, expected_version=draft.version, political_case_number="sak 46/10"
    )


def test_more_information_then_approval(draft: Application, users: Any) -> None:
    programme = draft.call.programme
    services.application_submit(application=draft, today=BEFORE)
    with pytest.raises(ValidationError, match="utdype"):
        services.application_decide(
            application=draft,
            outcome=Outcome.MORE_INFO,
            scores=scores(programme, 3),
            recommendation="Uklart",
        )
    services.application_decide(
        application=draft,
        outcome=Outcome.MORE_INFO,
        scores=scores(programme, 3),
        recommendation="Egeninnsatsen må utdypes.",
        comment="Beskriv arbeidstiden bak 1 500 timer i 2010.",
        user=users["advisor"],
    )
    assert draft.status == ApplicationStatus.INFO_REQUESTED
    # Returned: the coordinator edits and resubmits, also after the deadline.
    services.application_save_draft(
        application=draft, expected_version=draft.version, existing_projects="Fjell 2020, NAV"
    )
    services.application_submit(application=draft, today=AFTER)
    services.application_decide(
        application=draft,
        outcome=Outcome.APPROVE,
        scores=scores(programme, 5),
        recommendation="Innvilges.",
        user=users["advisor"],
    )
    assert draft.status == ApplicationStatus.APPROVED
    assert _trail(draft) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "info_requested"),
        ("info_requested", "submitted"),
        ("submitted", "approved"),
    ]
    assert [a.outcome for a in draft.assessments.all()] == [Outcome.MORE_INFO, Outcome.APPROVE]
    assert draft.history.count() >= 5


def test_rejection(draft: Application) -> None:
    services.application_submit(application=draft, today=BEFORE)
    services.application_decide(
        application=draft,
        outcome=Outcome.REJECT,
        scores=scores(draft.call.programme, 1),
        recommendation="Avslås.",
    )
    assert draft.status == ApplicationStatus.REJECTED
    with pytest.raises(ValidationError, match="innvilget søknad"):
        services.agreement_create(
            application=draft,
            starts_on=datetime.date(2010, 10, 1),
            ends_on=datetime.date(2014, 12, 31),
            husbanken_obligations="x",
            municipality_obligations="y",
            tier=Tier.objects.get(code="samarbeidsavtale"),
        )


def test_bad_assessments_are_refused(draft: Application) -> None:
    programme = draft.call.programme
    with pytest.raises(ValidationError, match="Kan ikke gå fra"):
        services.application_decide(
            application=draft,
            outcome=Outcome.APPROVE,
            scores=scores(programme),
            recommendation="x",
        )
    services.application_submit(application=draft, today=BEFORE)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"scores": {}}, "Skår mangler"),
        ({"scores": {**scores(programme), "Annet": 3}}, "Ukjente kriterier"),
        ({"scores": scores(programme, 9)}, "fra 1 til 6"),
        ({"recommendation": " "}, "innstilling"),
        ({"outcome": "maybe"}, "Ukjent beslutning"),
    ]
    for kwargs, match in cases:
        params: dict[str, Any] = {
            "application": draft,
            "outcome": Outcome.APPROVE,
            "scores": scores(programme),
            "recommendation": "Innvilges.",
            **kwargs,
        }
        with pytest.raises(ValidationError, match=match):
            services.application_decide(**params)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.SUBMITTED
    assert not draft.assessments.exists()


def test_agreement_creates_participation(draft: Application, users: Any) -> None:
    participation = approved_participation(draft, users)
    agreement = participation.agreement
    assert agreement is not None
    assert agreement.status == AgreementStatus.SIGNED
    assert _trail(agreement) == [("", "draft"), ("draft", "signed")]
    assert participation.municipality == draft.municipality
    assert participation.tier.code == "samarbeidsavtale"
    assert (participation.starts_on, participation.ends_on) == (
        datetime.date(2010, 10, 1),
        datetime.date(2014, 12, 31),
    )
    assert participation.status == ParticipationStatus.ACTIVE
    with pytest.raises(ValidationError, match="allerede en avtale"):
        services.agreement_create(
            application=draft,
            starts_on=datetime.date(2010, 10, 1),
            ends_on=datetime.date(2014, 12, 31),
            husbanken_obligations="x",
            municipality_obligations="y",
            tier=participation.tier,
        )
    services.participation_end(
        participation=participation, ends_on=datetime.date(2014, 12, 31), user=users["advisor"]
    )
    assert participation.status == ParticipationStatus.ENDED
    assert _trail(participation) == [("", "active"), ("active", "ended")]
    with pytest.raises(ValidationError, match="Kan ikke gå fra"):
        services.participation_end(participation=participation, ends_on=datetime.date(2015, 1, 1))


def test_withdrawal(draft: Application, users: Any) -> None:
    participation = approved_participation(draft, users)
    with pytest.raises(ValidationError, match="før den begynte"):
        services.participation_end(participation=participation, ends_on=datetime.date(2010, 1, 1))
    services.participation_end(
        participation=participation, ends_on=datetime.date(2012, 6, 30), withdrawn=True
    )
    assert participation.status == ParticipationStatus.WITHDRAWN


def test_bad_agreements_are_refused(draft: Application, users: Any) -> None:
    services.application_submit(application=draft, today=BEFORE)
    services.application_decide(
        application=draft,
        outcome=Outcome.APPROVE,
        scores=scores(draft.call.programme),
        recommendation="Innvilges.",
    )
    tier = Tier.objects.get(code="samarbeidsavtale")
    with pytest.raises(ValidationError) as e:
        services.agreement_create(
            application=draft,
            starts_on=datetime.date(2010, 10, 1),
            ends_on=datetime.date(2016, 12, 31),
            husbanken_obligations="",
            municipality_obligations="",
            tier=tier,
        )
    assert set(e.value.message_dict) == {
        "ends_on",
        "husbanken_obligations",
        "municipality_obligations",
    }
    agreement = services.agreement_create(
        application=draft,
        starts_on=datetime.date(2010, 10, 1),
        ends_on=datetime.date(2014, 12, 31),
        husbanken_obligations="x",
        municipality_obligations="y",
        tier=tier,
    )
    with pytest.raises(ValidationError, match="fram i tid"):
        services.agreement_sign(
            agreement=agreement,
            municipality_signed_on=datetime.date(2010, 9, 20),
            husbanken_signed_on=datetime.date(2010, 12, 1),
            today=datetime.date(2010, 10, 1),
        )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DRAFT
    assert not Participation.objects.filter(agreement=agreement).exists()
