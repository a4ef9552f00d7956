"""The plan as PDF/A and DOCX, with seed 004's structure, built from a full plan for
Drammen's demo participation (boso/plans/tests/full_plan.py).

The PDF is read back with pdftotext (poppler-utils); page 1 and the timeline page are
kept as PNGs in test-artifacts/ for a look at the layout. The DOCX is read back with
python-docx: paragraphs with their styles, tables, sections.
"""

from __future__ import annotations

import datetime
import io
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from docx import Document
from docx.enum.section import WD_ORIENT

from boso.plans import documents, services
from boso.plans.models import Plan
from boso.plans.tests import full_plan as story

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
NBSP = "\u00a0"
D = datetime.date


def _run(*args: Any, data: bytes | None = None) -> str:
    result = subprocess.run(args, input=data, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


def _text(pdf: bytes, page: int | None = None, *, layout: bool = True) -> str:
    """The text with every run of white space as one space (lines wrap anywhere).
    With `layout` the lines of the page as they stand (a table row reads across,
    wrapped cells interleave); without it the cells one after the other."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    mode = ["-layout"] if layout else []
    text = _run("pdftotext", *mode, *pages, "-", "-", data=pdf)
    return " ".join(text.replace(NBSP, " ").split())


def _keep(pdf: bytes, name: str, pages: tuple[int, ...] = (1,)) -> Path:
    """Keep the PDF and the given pages as PNGs in test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(pdf)
    for page in pages:
        target = source.with_name(f"{name}-side-{page}")
        _run("pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
             str(source), str(target))  # fmt: skip
    return source


def _page_of(pdf: bytes, words: str) -> int:
    """The first page whose text holds `words`."""
    pages = int(_run("pdfinfo", "-", data=pdf).split("Pages:")[1].split()[0])
    return next(p for p in range(1, pages + 1) if words in _text(pdf, p))


def _timeline_page(pdf: bytes) -> int:
    """The page of section 6 (page 1 names it in the contents)."""
    pages = int(_run("pdfinfo", "-", data=pdf).split("Pages:")[1].split()[0])
    return next(p for p in range(2, pages + 1) if "6 Tidsplan" in _text(pdf, p))


def _page_size(path: Path, page: int) -> tuple[float, float]:
    info = _run("pdfinfo", "-f", str(page), "-l", str(page), str(path))
    line = next(x for x in info.splitlines() if x.startswith(f"Page {page:>4} size:"))
    width, _x, height = line.split("size:")[1].split()[:3]
    return float(width), float(height)


def _assert_pdfa(path: Path) -> None:
    meta = _run("pdfinfo", "-meta", str(path))
    assert 'pdfaid:part="3"' in meta  # PDF/A-3b
    assert 'pdfaid:conformance="B"' in meta


@pytest.fixture
def plan(participation: Any, users: dict[str, Any]) -> Plan:
    return story.full_plan(participation, users)


# --- Formatting -------------------------------------------------------------------------


def test_months_and_periods_the_norwegian_way() -> None:
    assert documents.month_span(D(2011, 3, 1), D(2011, 3, 1)) == "mars 2011"
    assert documents.month_span(D(2011, 3, 1), D(2011, 6, 1)) == "mars–juni 2011"
    assert documents.month_span(D(2010, 9, 1), D(2011, 1, 1)) == "september 2010–januar 2011"
    assert documents.period_label("2010") == "2010"
    assert documents.period_label("2010H2") == "2. halvår 2010"
    assert documents.period_label("2011K3") == "3. kvartal 2011"
    assert documents.period_label("2011M03") == "mars 2011"
    assert documents.period_label("2012-11-20") == "20.11.2012"
    assert documents.value(Decimal("1250.5000"), "kr") == f"1{NBSP}250,5{NBSP}kr"


def test_context_costs_the_same_queries_however_many_goals(
    participation: Any, django_assert_max_num_queries: Any
) -> None:
    plan = story.make_plan(participation)
    story.add_goal(plan, 1)
    story.add_the_rest(plan)
    with django_assert_max_num_queries(30) as small:
        documents.plan_context(plan)
    for number in range(2, 6):
        story.add_goal(plan, number)
    with django_assert_max_num_queries(len(small.captured_queries)):
        context = documents.plan_context(plan)
    assert [g.number for g in context["goals"]] == ["1", "2", "3", "4", "5"]


# --- PDF ----------------------------------------------------------------------------------


def test_plan_pdf_has_seed_004s_structure(plan: Plan) -> None:
    pdf = documents.plan_pdf(plan)
    timeline_page = _timeline_page(pdf)
    path = _keep(pdf, "plan-handlingsplan-drammen", (1, timeline_page))
    _assert_pdfa(path)
    text = _text(pdf)
    first = _text(pdf, 1)
    # Title page: who, what, a draft, and the contents with page numbers.
    assert "Drammen kommune PROGRAMPLAN Kommunenummer 0602 Utkast" in first
    assert "Handlingsplan 2011–2012 for Boligsosialt utviklingsprogram region sør" in first
    assert "Alle skal bo trygt og godt i Drammen" in first
    assert "Utkast. Planen er ikke godkjent av Husbanken" in first
    assert "Planperiode 2011–2012" in first
    for entry in ("1 Sammendrag", "2.2 Mandat for programmet", "4.2 Mål og tiltak", "7 Budsjett"):
        assert entry + " ." in first or entry + "." in first  # a dotted leader to the page
    assert "Handlingsplan 2011–2012 – Drammen kommune – Utkast" in first  # the footer
    assert "UTKAST" in first  # the running mark on every page
    # The sections, in seed 004's order, with the rich text as written.
    headings = [
        "1 Sammendrag",
        "2 Innledning",
        "2.1 Formål med planen",
        "3 Status og utfordringer",
        "4 Handlingsplan",
        "4.3 Indikatorer og resultatmål",
        "5 Organisering og rapportering",
        "6 Tidsplan",
        "7 Budsjett",
    ]
    body = text[len(first) :]
    assert [body.index(h) for h in headings] == sorted(body.index(h) for h in headings)
    assert "i Boligsosialt utviklingsprogram. • Kartlegge målgruppene" in text
    assert "1. Forebygge bostedsløshet 2. Bedre booppfølging" in text
    assert "Bolig er en arena for sosiale endringer." in text
    # The goal tree: a main goal, its sub-goal and an activity with its months.
    assert "Hovedmål 1: Tilrettelagte og differensierte boligtilbud" in text
    assert "Delmål 1.1: Færre husstander på venteliste til kommunal bolig" in text
    cells = _text(pdf, layout=False)
    assert (
        "Utvidet kartlegging av målgruppene NAV Drammen mars–juni 2011 "
        "Bedre kunnskap om behovene. Pågår"
    ) in cells
    assert "Rådmannens stab september 2011– februar 2012 – Planlagt" in cells
    # The indicator: baseline, targets, latest actual, progress and status with the rule.
    assert (
        "1.1 Husstander på venteliste Lavere er bedre; tall fra rapportene "
        "35 husstander (2010) 2012: 12 2014: 0 24 (2011) 48 % I rute"
    ) in cells
    assert "Framdrift = (faktisk − utgangsverdi)" in text
    # Target groups, sub-projects, risks, organisation by body, the reporting schedule.
    assert "Ungdom 18–25 år" in text
    assert "1. Boligsosial strategi 2. Startlån til unge" in text
    assert "Forankringen i ledelsen svikter 2 5 Faste møter i styringsgruppa Kommunalsjef" in text
    assert "Styringsgruppe Rolle Enhet Kommunalsjef (leder) Helse og sosial" in text
    assert "Programkoordinator (leder) Helse og sosial" in text
    assert "koordinator.drammen" not in text  # roles, not people
    assert "Årsrapport 01.01.2011–31.12.2011 29.02.2012" in text
    # Budget: per year and funder with totals, per category, the own share.
    assert "2011 400 000 kr 800 000 kr 50 000 kr 1 250 000 kr" in text
    assert "Sum 850 000 kr 1 300 000 kr 50 000 kr 2 200 000 kr" in text
    assert "Lønn inkl. sosiale kostnader 850 000 kr 1 100 000 kr 0 kr 1 950 000 kr" in text
    assert (
        "Kommunens egenandel er 39,5 % av kommunens og Husbankens midler "
        "(850 000 kr av 2 150 000 kr). Programmets krav er 30–50 %: innenfor kravet."
    ) in text


def test_the_timeline_is_on_landscape_pages(plan: Plan) -> None:
    pdf = documents.plan_pdf(plan)
    path = ARTIFACTS / "plan-tidsplan.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    path.write_bytes(pdf)
    timeline = _timeline_page(pdf)
    width, height = _page_size(path, timeline)
    assert width > height  # landscape
    assert _page_size(path, 1)[0] < _page_size(path, 1)[1]
    budget = _page_of(pdf, "7 Budsjett Budsjett per år")
    assert budget > timeline
    assert _page_size(path, budget)[0] < _page_size(path, budget)[1]  # portrait again
    text = _text(pdf, timeline)
    months = "jan feb mar apr mai jun jul aug sep okt nov des"
    assert f"Tiltak Mål 2011 2012 {months} {months}" in text
    # March to June 2011: four months marked; September 2011 to February 2012: six.
    assert "Utvidet kartlegging av målgruppene 1.1 ■ ■ ■ ■ Tiltak" in text
    assert "Vedtak av boligsosial strategi 1 ■ ■ ■ ■ ■ ■ Tiltak" in text


def test_an_approved_plan_is_no_draft(plan: Plan) -> None:
    story.approve(plan)
    text = _text(documents.plan_pdf(plan))
    today = datetime.date.today().strftime("%d.%m.%Y")
    assert f"Status Godkjent (godkjent {today})" in text
    assert "Utkast" not in text
    assert "UTKAST" not in text


def test_an_empty_plan_says_what_is_missing(participation: Any) -> None:
    plan = services.plan_create(
        participation=participation, title="Programplan 2013", first_year=2013, last_year=2013
    )
    pdf = documents.plan_pdf(plan)
    _keep(pdf, "plan-tom")
    text = _text(pdf)
    assert "1 Sammendrag Ikke fylt ut." in text
    assert "Ingen mål er lagt inn." in text
    assert "6 Tidsplan Ingen tiltak er lagt inn." in text
    assert "Budsjettet har ingen midler fra kommunen eller Husbanken ennå." in text
    path = ARTIFACTS / "plan-tom.pdf"
    assert all(_page_size(path, p)[0] < _page_size(path, p)[1] for p in (1, 2))  # no landscape
    assert len(Document(_docx(plan)).sections) == 1


def test_rich_text_that_came_another_way_is_cleaned_again(plan: Plan) -> None:
    """Stored past the service (an import, the admin): scripts and images from outside
    never reach the documents."""
    Plan.objects.filter(pk=plan.pk).update(
        summary='<p>Trygt</p><script>alert("x")</script><img src="https://example.com/x.png">'
    )
    text = _text(documents.plan_pdf(plan))
    assert "1 Sammendrag Trygt 2 Innledning" in text
    assert "alert" not in text
    assert "alert" not in "\n".join(p.text for p in Document(_docx(plan)).paragraphs)


def test_live_figures_are_filled_in(participation: Any) -> None:
    from boso.statistics.tests.factories import put_observation

    put_observation("homeless", "0602", "2012", 30)
    plan = story.make_plan(participation)
    services.plan_save_texts(
        plan=plan,
        expected_version=plan.version,
        status_and_challenges="<p>Bostedsløse: {{tall:homeless:2012}}. Ukjent: {{tall:nope}}.</p>",
    )
    text = _text(documents.plan_pdf(plan))
    assert "Bostedsløse: 30" in text
    assert "(2012, kilde:" in text
    assert "Ukjent: [ukjent tall: nope]." in text
    assert "{{tall" not in text
    paragraph = next(
        p.text for p in Document(_docx(plan)).paragraphs if p.text.startswith("Bostedsløse")
    )
    assert paragraph.startswith("Bostedsløse: 30")
    assert paragraph.endswith("Ukjent: [ukjent tall: nope].")


def test_the_demo_plans_render() -> None:
    """Lillehammer's Programplan 2011 (seed 004) and Drammen's sketch, as the demo has
    them: both documents open, and page 1 and the timeline are kept for a look."""
    demo = Plan.objects.select_related("participation__municipality").order_by("pk")
    assert demo.exists()
    for plan in demo:
        pdf = documents.plan_pdf(plan)
        name = f"plan-demo-{plan.participation.municipality.name.lower()}"
        _keep(pdf, name, (1, _timeline_page(pdf)))
        text = _text(pdf)
        assert plan.title in text
        assert "{{tall" not in text
        document = Document(_docx(plan))
        assert ("Title", plan.title) in _styled(document)
    lillehammer = _text(documents.plan_pdf(demo.get(participation__municipality__code="0501")))
    assert "Alle skal bo trygt og godt i Lillehammer" in lillehammer


# --- DOCX ---------------------------------------------------------------------------------


def _docx(plan: Plan) -> io.BytesIO:
    return io.BytesIO(documents.plan_docx(plan))


def _styled(document: Any) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.text]


def _rows(table: Any) -> list[list[str]]:
    return [[c.text.replace(NBSP, " ") for c in row.cells] for row in table.rows]


def test_docx_has_word_headings_contents_and_lists(plan: Plan) -> None:
    content = documents.plan_docx(plan)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "plan-handlingsplan-drammen.docx").write_bytes(content)
    document = Document(io.BytesIO(content))
    styled = _styled(document)
    headings = [(s, t) for s, t in styled if s.startswith("Heading")]
    assert ("Heading 1", "1 Sammendrag") in headings
    assert ("Heading 2", "2.2 Mandat for programmet") in headings
    assert ("Heading 3", "Forankring") in headings  # an <h3> in the purpose, under 2.1
    assert ("Heading 3", "Hovedmål 1: Tilrettelagte og differensierte boligtilbud") in headings
    assert ("Heading 4", "Delmål 1.1: Færre husstander på venteliste til kommunal bolig") in (
        headings
    )
    assert [t for s, t in headings if s == "Heading 1"] == [
        "1 Sammendrag",
        "2 Innledning",
        "3 Status og utfordringer",
        "4 Handlingsplan",
        "5 Organisering og rapportering",
        "6 Tidsplan",
        "7 Budsjett",
    ]
    assert ("Title", "Handlingsplan 2011–2012") in styled
    assert ("Normal", "Utkast. Planen er ikke godkjent av Husbanken og kan endres.") in styled
    # The contents: a TOC field whose shown text lists the sections.
    body = document.element.body.xml
    assert 'TOC \\o "1-2"' in body
    assert ("Normal", "4.3 Indikatorer og resultatmål") in styled
    # Rich text as runs and lists: bold kept, numbered list, quote, a real hyperlink.
    summary = next(p for p in document.paragraphs if p.text.startswith("Handlingsplanen viser"))
    assert [r.text for r in summary.runs if r.bold] == ["Boligsosialt utviklingsprogram"]
    assert ("List Bullet", "Kartlegge målgruppene") in styled
    assert ("List Number", "Forebygge bostedsløshet") in styled
    assert ("Quote", "Bolig er en arena for sosiale endringer.") in styled
    assert "https://www.husbanken.no/" in [
        r.target_ref for r in document.part.rels.values() if r.is_external
    ]
    assert document.core_properties.language == "nb-NO"
    assert "Utkast" in document.sections[0].header.paragraphs[0].text


def test_docx_tables_activities_indicators_budget(plan: Plan) -> None:
    document = Document(_docx(plan))
    tables = [_rows(t) for t in document.tables]
    activity = next(t for t in tables if t[0][0] == "Tiltak" and t[0][1] == "Ansvarlig")
    assert activity[0] == ["Tiltak", "Ansvarlig", "Periode", "Forventet resultat", "Status"]
    assert [
        "Utvidet kartlegging av målgruppene",
        "NAV Drammen",
        "mars–juni 2011",
        "Bedre kunnskap om behovene.",
        "Pågår",
    ] in [row for t in tables for row in t]
    indicators = next(t for t in tables if t[0][1] == "Indikator")
    assert indicators[1] == [
        "1.1",
        "Husstander på venteliste (lavere er bedre)",
        "35 husstander (2010)",
        "2012: 12; 2014: 0",
        "24 (2011)",
        "48 %",
        "I rute",
    ]
    budget = next(t for t in tables if t[0][0] == "År")
    assert budget[0] == ["År", "Kommunen", "Husbanken", "Andre", "Sum"]
    assert budget[-1] == ["Sum", "850 000 kr", "1 300 000 kr", "50 000 kr", "2 200 000 kr"]
    share = next(p.text for p in document.paragraphs if p.text.startswith("Kommunens egenandel"))
    assert "39,5 %" in share.replace(NBSP, " ")
    assert "innenfor kravet" in share
    # Every table's header row repeats on a new page.
    assert all('<w:tblHeader w:val="true"/>' in t.rows[0]._tr.xml for t in document.tables)


def test_docx_timeline_in_a_landscape_section(plan: Plan) -> None:
    document = Document(_docx(plan))
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    timeline = next(t for t in document.tables if t.rows[0].cells[0].text == "Tiltak" and
                    t.rows[0].cells[2].text == "2011")  # fmt: skip
    rows = _rows(timeline)
    assert rows[0][2:14] == ["2011"] * 12  # the year spans its months
    assert rows[1][2:5] == ["jan", "feb", "mar"]
    survey = next(r for r in rows if r[0] == "Utvidet kartlegging av målgruppene")
    assert survey[1] == "1.1"
    marked = [rows[1][i] for i, cell in enumerate(survey) if cell == documents.MARK]
    assert marked == ["mar", "apr", "mai", "jun"]


def test_docx_numbered_lists_start_at_one_each(participation: Any) -> None:
    plan = story.make_plan(participation)
    services.plan_save_texts(
        plan=plan,
        expected_version=plan.version,
        summary="<ol><li>En</li><li>To</li></ol><p>Mellom</p><ol><li>Igjen</li></ol>",
    )
    story.add_the_rest(plan)
    document = Document(_docx(plan))
    names = ("En", "To", "Igjen", "Boligsosial strategi", "Startlån til unge")
    items = [p for p in document.paragraphs if p.text in names]
    ids = [p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0] for p in items]
    # A new list restarts its numbering: the sub-projects (4.4) too.
    assert ids[0] == ids[1] != ids[2] != ids[3] == ids[4]
    assert len(set(ids)) == 3


# --- Downloads ------------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_download_docx_as_an_attachment(plan: Plan, users: dict[str, Any]) -> None:
    response = _client(users["coordinator"]).get(reverse("plans:docx", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"] == (
        f'attachment; filename="handlingsplan-2011-2012-drammen-{plan.pk}.docx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert Document(io.BytesIO(response.content)).paragraphs


def test_download_pdf_and_who_may(plan: Plan, users: dict[str, Any]) -> None:
    url = reverse("plans:pdf", args=[plan.pk])
    assert _client(users["reader"]).get(url).status_code == 403  # a draft
    assert _client(users["advisor_other"]).get(url).status_code == 403
    story.approve(plan)
    response = _client(users["reader"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="handlingsplan-')
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    assert _client(users["coordinator"]).get(reverse("plans:pdf", args=[999999])).status_code == 404
