"""The programmes of the national dataset: a programme per region and round, each with
a call, and for every programme municipality an application (submitted, approved), a
signed agreement (the participation and its reporting schedule), a grant a year and
its payment. All through boso.programmes.services, with no e-mail.

A municipality takes part at most once per programme; at more participants than there
are municipalities, further rounds (programmes) are made.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from boso.demo.national.accounts import Accounts
from boso.demo.national.register import Place
from boso.municipalities.models import Municipality, Region
from boso.programmes import choices, notifications, services
from boso.programmes.models import Application, Call, Participation, Programme
from boso.selection.models import Tier

D = datetime.date
FIRST_YEAR, LAST_YEAR = 2021, 2025
GRANT = Decimal(1_000_000)
OWN_MONEY, OWN_HOURS, HOUR_RATE = Decimal(300_000), Decimal(600), Decimal(500)
SUBMITTED_ON, DECIDED_ON = D(2020, 9, 15), D(2020, 11, 2)
SIGNED = (D(2020, 12, 1), D(2020, 12, 10))
DUTIES = (
    "Husbanken gir kompetansetilskudd etter årlige tilsagn, rådgivning og felles samlinger.",
    "Kommunen forankrer arbeidet, bidrar med egeninnsats, deltar på samlinger og rapporterer "
    "hvert halvår.",
)
# The smallest file the attachment check takes as a PDF: the decision is not the point.
DECISION_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Made:
    programmes: list[Programme] = field(default_factory=list)
    applications: dict[int, Application] = field(default_factory=dict)  # participation id →
    participations: list[Participation] = field(default_factory=list)


def assign(places: list[Place], count: int, seed: int) -> list[tuple[int, Place]]:
    """(round, place) for `count` participations: the municipalities in a shuffled order,
    again in a new order for each further round."""
    rng = random.Random(f"{seed}:programmes")  # noqa: S311 (benchmark data, not secrets)
    chosen: list[tuple[int, Place]] = []
    round_no = 0
    while len(chosen) < count:
        order = list(places)
        rng.shuffle(order)
        chosen.extend((round_no, p) for p in order[: count - len(chosen)])
        round_no += 1
    return chosen


def create_programmes(
    *, regions: list[Region], chosen: list[tuple[int, Place]], accounts: Accounts
) -> Made:
    made = Made()
    tier = Tier.objects.get(code="samarbeidsavtale")
    rounds = sorted({r for r, _p in chosen})
    with notifications.muted():
        for round_no in rounds:
            for region in regions:
                members = [p for r, p in chosen if r == round_no and p.region_id == region.pk]
                if not members and round_no > 0:
                    continue  # later rounds only where someone takes part
                call = _call(region, round_no, len(members), accounts)
                made.programmes.append(call.programme)
                for place in members:
                    _participate(call, place, tier, accounts, made)
    return made


def _call(region: Region, round_no: int, members: int, accounts: Accounts) -> Call:
    advisor = accounts.advisors[region.pk]
    suffix = f", runde {round_no + 1}" if round_no else ""
    programme = services.programme_create(
        region=region,
        name=f"Boligsosialt utviklingsprogram {region.name}{suffix}",
        start_year=FIRST_YEAR,
        end_year=LAST_YEAR,
        application_deadline=D(2020, 10, 1),
        budgets={y: GRANT * max(1, members) for y in range(FIRST_YEAR, LAST_YEAR + 1)},
        user=advisor,
    )
    services.programme_activate(programme=programme, user=advisor)
    call = services.call_create(
        programme=programme,
        title=f"Invitasjon til programmet {FIRST_YEAR}–{LAST_YEAR}{suffix}",
        requirements="Søknaden må vise behov og mål, egeninnsats og politisk forankring.",
        user=advisor,
    )
    return call


def _participate(call: Call, place: Place, tier: Tier, accounts: Accounts, made: Made) -> None:
    advisor = accounts.advisors[place.region_id]
    coordinator = accounts.coordinators[place.code]
    municipality = Municipality.objects.get(pk=place.municipality_id)
    services.call_invite(call=call, municipality=municipality, user=advisor)
    if call.status == choices.CallStatus.DRAFT:
        services.call_open(call=call, user=advisor)
    application = services.application_create(
        call=call, municipality=municipality, user=coordinator
    )
    _write(application, place, coordinator)
    services.application_submit(application=application, user=coordinator, today=SUBMITTED_ON)
    criteria = call.programme.assessment_criteria
    services.application_decide(
        application=application,
        outcome=choices.Outcome.APPROVE,
        scores=dict.fromkeys(criteria, 4),
        recommendation=f"{place.name} har store boligsosiale utfordringer og god forankring.",
        user=advisor,
    )
    agreement = services.agreement_create(
        application=application,
        starts_on=D(FIRST_YEAR, 1, 1),
        ends_on=D(LAST_YEAR, 12, 31),
        husbanken_obligations=DUTIES[0],
        municipality_obligations=DUTIES[1],
        tier=tier,
        user=advisor,
    )
    participation = services.agreement_sign(
        agreement=agreement,
        municipality_signed_on=SIGNED[0],
        husbanken_signed_on=SIGNED[1],
        user=advisor,
        today=SIGNED[1],
    )
    _money(participation, advisor)
    made.applications[participation.pk] = application
    made.participations.append(participation)


def _write(application: Application, place: Place, coordinator: object) -> None:
    services.application_save_draft(
        application=application,
        expected_version=application.version,
        user=coordinator,
        years=[
            services.YearInput(y, GRANT, OWN_MONEY, OWN_HOURS, HOUR_RATE)
            for y in range(FIRST_YEAR, LAST_YEAR + 1)
        ],
        contacts=[
            services.ContactInput(choices.ContactRole.COORDINATOR, coordinator, "Boligkontoret")
        ],
        political_body=choices.PoliticalBody.FORMANNSKAP,
        political_decision_date=D(2020, 6, 16),
        political_case_number=f"sak {int(place.code) % 90 + 10}/20",
        needs_and_goals=f"{place.name} vil forebygge bostedsløshet og hjelpe flere til å eie.",
        target_groups="Bostedsløse, unge uten støtteapparat og leietakere i kommunal bolig.",
        sub_projects="Boligsosial handlingsplan; boveiledning; leie til eie.",
        existing_projects="Sees i sammenheng med kommunens boligsosiale handlingsplan.",
    )
    services.attachment_add(
        application=application,
        upload=io.BytesIO(DECISION_PDF),
        name=f"vedtak-{place.code}.pdf",
        kind=choices.AttachmentKind.POLITICAL_DECISION,
        user=coordinator,
    )


def _money(participation: Participation, advisor: object) -> None:
    """A grant a year (the first on signing, the rest in January), each paid in June."""
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        grant = services.grant_decide(
            participation=participation,
            year=year,
            amount=GRANT,
            decided_on=SIGNED[1] if year == FIRST_YEAR else D(year, 1, 15),
            user=advisor,
        )
        disbursement = services.disbursement_request(
            grant=grant, amount=GRANT, requested_on=D(year, 6, 1), user=advisor
        )
        services.disbursement_pay(disbursement=disbursement, paid_on=D(year, 6, 20), user=advisor)
