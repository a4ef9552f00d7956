"""The programme's printed papers: invitation, application as filed, decision letter
and cooperation agreement, built from region sør's 2010 call and Drammen's application.

The PDFs are read back with pdftotext (poppler-utils); page 1 is kept as a PNG in
test-artifacts/ for a look at the layout.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from boso.municipalities.selectors import municipality_get
from boso.programmes import documents, services
from boso.programmes.choices import AttachmentKind, Outcome
from boso.programmes.models import Agreement, Application, Assessment, Invitation
from boso.programmes.tests.seed import BEFORE
from boso.selection.models import Tier

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
NBSP = "\u00a0"
RECOMMENDATION = "Drammen har store boligsosiale utfordringer og god politisk forankring."
HUSBANKEN_DUTIES = "Kompetansetilskudd etter årlig søknad.\n\nRådgivning og programsamlinger."
MUNICIPALITY_DUTIES = "Egeninnsats som i søknaden.\n\nDeltakelse på samlinger og rapportering."

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 (poppler-utils on the PATH)
        input=pdf,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8").replace(NBSP, " ")


def _flat(pdf: bytes) -> str:
    """The text with every run of white space as one space (lines wrap anywhere)."""
    return " ".join(_text(pdf).split())


def _keep(pdf: bytes, name: str) -> Path:
    """Keep the PDF and its first page as a PNG in test-artifacts/; return the PDF's path."""
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 (fixed arguments)
        [  # noqa: S607 (poppler-utils on the PATH)
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            source,
            source.with_suffix(""),
        ],
        check=True,
    )
    return source


def _assert_pdfa(pdf: bytes, path: Path) -> None:
    assert pdf.startswith(b"%PDF-")
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        ["pdfinfo", "-meta", path],  # noqa: S607 (poppler-utils on the PATH)
        capture_output=True,
        check=True,
    )
    meta = result.stdout.decode("utf-8")
    assert 'pdfaid:part="3"' in meta  # PDF/A-3b
    assert 'pdfaid:conformance="B"' in meta


def _pages(path: Path) -> int:
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        ["pdfinfo", path],  # noqa: S607 (poppler-utils on the PATH)
        capture_output=True,
        check=True,
    )
    line = next(x for x in result.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def _decide(application: Application, outcome: str, comment: str = "") -> Assessment:
    return services.application_decide(
        application=application,
        outcome=outcome,
        scores=dict.fromkeys(application.call.programme.assessment_criteria, 5),
        recommendation=RECOMMENDATION,
        comment=comment,
    )


@pytest.fixture
def submitted(draft: Application, users: dict[str, Any]) -> Application:
    services.attachment_add(
        application=draft,
        upload=io.BytesIO(b"%PDF-1.4\n" + b"0" * 3000),
        name="formannskapet-sak-46-10.pdf",
        kind=AttachmentKind.POLITICAL_DECISION,
        user=users["coordinator"],
    )
    return services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)


@pytest.fixture
def agreement(submitted: Application) -> Agreement:
    _decide(submitted, Outcome.APPROVE)
    return services.agreement_create(
        application=submitted,
        starts_on=datetime.date(2010, 10, 1),
        ends_on=datetime.date(2014, 12, 31),
        husbanken_obligations=HUSBANKEN_DUTIES,
        municipality_obligations=MUNICIPALITY_DUTIES,
        tier=Tier.objects.get(code="samarbeidsavtale"),
    )


# --- Formatting -----------------------------------------------------------------------


def test_norwegian_amounts_and_shares() -> None:
    assert documents.kroner(Decimal(1_500_000)) == f"1{NBSP}500{NBSP}000{NBSP}kr"
    assert documents.percent(Decimal("0.3000")) == f"30{NBSP}%"
    assert documents.percent(Decimal("0.325")) == f"32,5{NBSP}%"
    assert documents.percent(Decimal(2_235_000) / Decimal(7_185_000), 1) == f"31,1{NBSP}%"
    assert documents.file_size(900) == f"900{NBSP}byte"
    assert documents.file_size(3009) == f"3{NBSP}kB"
    assert documents.file_size(5 * 1024 * 1024 + 300_000) == f"5,3{NBSP}MB"


def test_budget_lines_value_the_work_hours(draft: Application) -> None:
    lines, total = documents.budget_lines(draft.years.all())
    first = lines[0]
    assert (first.label, first.own_hours, first.hour_rate) == (
        "2010",
        f"1{NBSP}500",
        f"500{NBSP}kr",
    )
    assert first.hours_value == f"750{NBSP}000{NBSP}kr"
    assert first.total == f"1{NBSP}500{NBSP}000{NBSP}kr"
    assert lines[1].hour_rate == ""  # no hours, no rate shown
    assert total.grant == f"4{NBSP}950{NBSP}000{NBSP}kr"
    assert total.own_total == f"2{NBSP}235{NBSP}000{NBSP}kr"
    assert total.total == f"7{NBSP}185{NBSP}000{NBSP}kr"


def test_share_outside_the_rule_is_said(draft: Application) -> None:
    services.application_save_draft(application=draft, expected_version=draft.version, years=[])
    assert documents.share_summary(draft)["text"] == "Budsjettet er tomt."


# --- Invitation -----------------------------------------------------------------------


@needs_poppler
def test_invitation_letter(call: Any, drammen: Any) -> None:
    invitation = Invitation.objects.get(call=call, municipality=drammen)
    pdf = documents.invitation_pdf(invitation)
    path = _keep(pdf, "programme-invitasjon-drammen")
    _assert_pdfa(pdf, path)
    text = _flat(pdf)
    assert "Husbanken Region sør INVITASJON Regionkontor Arendal" in text
    assert "Til Drammen kommune" in text
    assert "Invitasjon til Boligsosialt utviklingsprogram region sør" in text
    assert "i perioden 2010–2014" in text
    assert "plassert på nivået «Samarbeidsavtale»" in text
    assert "mellom 30 % og 50 % av samlet budsjett" in text
    assert "inntil 1 500 000 kr per år" in text
    assert call.requirements in text
    assert "26.05.2010–27.05.2010" in text
    assert "Søknadsfristen er 31.03.2010" in text
    assert f"/programmer/utlysninger/{call.pk}/" in text
    assert "Med vennlig hilsen Husbanken region sør" in text
    assert "Invitasjon – Drammen kommune" in text  # the footer
    assert "Side 1 av " in text


@needs_poppler
def test_invitation_by_hand_names_no_tier(call: Any) -> None:
    skien = municipality_get("0806", day=datetime.date(2010, 1, 1))
    Invitation.objects.filter(call=call, municipality=skien).delete()
    invitation = services.call_invite(call=call, municipality=skien)
    text = _flat(documents.invitation_pdf(invitation))
    assert "Til Skien kommune" in text
    assert "kommunepyramiden" not in text


def test_invitation_subject_names_the_programme_once(call: Any, drammen: Any) -> None:
    invitation = Invitation.objects.get(call=call, municipality=drammen)
    context = documents.invitation_context(invitation)
    assert context["subject"] == "Invitasjon til Boligsosialt utviklingsprogram region sør"
    assert context["letter"]["date"]  # the day the call opened
    call.programme.name = "Sørlandet 2010"
    call.programme.save()
    context = documents.invitation_context(invitation)
    assert context["subject"] == "Invitasjon til boligsosialt utviklingsprogram Sørlandet 2010"


# --- Application ----------------------------------------------------------------------


@needs_poppler
def test_application_as_filed(submitted: Application) -> None:
    pdf = documents.application_pdf(submitted)
    path = _keep(pdf, "programme-soknad-drammen")
    _assert_pdfa(pdf, path)
    text = _flat(pdf)
    assert "Søknad om deltakelse i Boligsosialt utviklingsprogram region sør" in text
    assert "0602 Drammen kommune" in text
    assert "Utlysning 2010" in text
    assert "Status Sendt" in text
    assert "Søknadsfrist 31.03.2010" in text
    assert "Utkast" not in text
    for section in (submitted.needs_and_goals, submitted.target_groups, "Fjell 2020"):
        assert section in text
    # Budget: per year and the sums (seed 002), hours valued at the rate.
    assert "2010 750 000 kr 0 kr 1 500 500 kr 750 000 kr 750 000 kr 1 500 000 kr" in text
    assert "2013 700 000 kr 685 000 kr 0 0 kr 685 000 kr 1 385 000 kr" in text
    assert "Sum 4 950 000 kr 1 485 000 kr 1 500 750 000 kr 2 235 000 kr 7 185 000 kr" in text
    assert "Egeninnsatsen er 31,1 % av samlet budsjett (2 235 000 kr av 7 185 000 kr)" in text
    assert "30–50 %" in text
    assert "innenfor kravet" in text
    assert "Vedtaksorgan Formannskapet" in text
    assert "Vedtaksdato 23.03.2010" in text
    assert "Saksnummer sak 46/10" in text
    assert "Programkoordinator Helse og sosial Programkoordinator i Drammen kommune" in text
    assert "formannskapet-sak-46-10.pdf Politisk vedtak 3 kB" in text
    assert "Søknad – Drammen kommune – Utlysning 2010" in text


@needs_poppler
def test_application_draft_says_so(draft: Application) -> None:
    text = _flat(documents.application_pdf(draft))
    assert "Utkast: søknaden er ikke sendt til Husbanken." in text
    assert "Sendt –" in text
    assert "vedtak.pdf Politisk vedtak" in text


def test_application_queries_do_not_grow(
    submitted: Application, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        context = documents.application_context(submitted)
    assert len(context["budget_lines"]) == 5


# --- Decision letter --------------------------------------------------------------------


@needs_poppler
def test_decision_letter_approved(submitted: Application) -> None:
    assessment = _decide(submitted, Outcome.APPROVE, comment="Vi ser fram til samarbeidet.")
    pdf = documents.decision_pdf(assessment)
    path = _keep(pdf, "programme-vedtaksbrev-drammen")
    _assert_pdfa(pdf, path)
    text = _flat(pdf)
    assert "Til Drammen kommune" in text
    assert "Vedtak om deltakelse i Boligsosialt utviklingsprogram region sør: innvilget" in text
    assert (
        "Husbanken region sør innvilger søknaden fra Drammen kommune om deltakelse i "
        "Boligsosialt utviklingsprogram region sør." in text
    )
    assert RECOMMENDATION in text
    assert "Vi ser fram til samarbeidet." in text
    assert "2011 1 500 000 kr" in text
    assert "Sum 4 950 000 kr" in text
    assert "samarbeidsavtale" in text
    assert "Vedtaksbrev – Drammen kommune" in text
    assert "klage" not in text.lower()


@needs_poppler
def test_decision_letter_rejected(submitted: Application) -> None:
    text = _flat(documents.decision_pdf(_decide(submitted, Outcome.REJECT)))
    assert "Vedtak om deltakelse i Boligsosialt utviklingsprogram region sør: avslått" in text
    assert "Husbanken region sør avslår søknaden fra Drammen kommune" in text
    assert "Kompetansetilskudd søkt" not in text  # the budget only when approved


@needs_poppler
def test_decision_letter_more_information(submitted: Application) -> None:
    assessment = _decide(
        submitted, Outcome.MORE_INFO, comment="Beskriv arbeidstiden bak 1 500 timer i 2010."
    )
    pdf = documents.decision_pdf(assessment)
    _keep(pdf, "programme-vedtaksbrev-mer-informasjon")
    text = _flat(pdf)
    assert "behov for mer informasjon" in text
    assert "Dette må kommunen utdype Beskriv arbeidstiden bak 1 500 timer i 2010." in text
    assert "sende den inn på nytt" in text


# --- Agreement --------------------------------------------------------------------------


@needs_poppler
def test_agreement_draft_has_blank_signatures(agreement: Agreement) -> None:
    pdf = documents.agreement_pdf(agreement)
    path = _keep(pdf, "programme-samarbeidsavtale-utkast")
    _assert_pdfa(pdf, path)
    text = _flat(pdf)
    assert "Utkast. Avtalen er ikke signert" in text
    assert "Husbanken region sør" in text
    assert "Drammen kommune" in text
    assert "Avtaleperiode 01.10.2010–31.12.2014" in text
    assert "Nivå i kommunepyramiden Samarbeidsavtale" in text
    assert "Formannskapet, 23.03.2010, sak 46/10" in text
    assert "Sted og dato" in text
    assert "Underskrift" in text
    assert "Signert " not in text


@needs_poppler
def test_agreement_signed(agreement: Agreement) -> None:
    services.agreement_sign(
        agreement=agreement,
        municipality_signed_on=datetime.date(2010, 9, 20),
        husbanken_signed_on=datetime.date(2010, 9, 24),
        today=datetime.date(2010, 10, 1),
    )
    pdf = documents.agreement_pdf(agreement)
    path = _keep(pdf, "programme-samarbeidsavtale")
    _assert_pdfa(pdf, path)
    text = _flat(pdf)
    assert "Utkast" not in text
    assert "Sted og dato" not in text
    assert "Signert 24.09.2010" in text
    assert "Signert 20.09.2010" in text
    # The obligations keep their paragraphs, in order.
    assert "Kompetansetilskudd etter årlig søknad. Rådgivning og programsamlinger." in text
    assert "Egeninnsats som i søknaden. Deltakelse på samlinger og rapportering." in text
    assert "2012 1 500 000 kr" in text
    assert "vedtas for ett år om gangen" in text
    assert "hvert halvår i boso" in text
    # The reporting schedule the signature created: 60 days after each period.
    assert "Halvårsrapport" in text
    assert "Sluttrapport" in text
    assert "01.03.2015" in text
    assert "Samarbeidsavtale – Drammen kommune og Husbanken region sør" in text
    assert _pages(path) >= 1
