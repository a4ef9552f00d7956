"""The plan as a Word document (python-docx), from the same context as the PDF
(boso.plans.documents.plan_context): real Heading 1/2/3 styles, a table of contents
field whose shown text is the contents list (Word fills in page numbers when the field
is updated), tables with repeated header rows, the timeline in a landscape section,
A4 pages with the plan's name above and page numbers below, Norwegian language.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from boso.plans.docx_html import add_rich_text, restart_numbering, set_numbering

LANGUAGE = "nb-NO"
HEADER_FILL = "E8EEF5"
ON_FILL = "5B85B5"
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
GREY = RGBColor(0x55, 0x55, 0x55)
Row = Sequence[str]


# --- Low-level helpers ------------------------------------------------------------------


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    """The header row repeats on every page the table runs over."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _write(cell: _Cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.add_run(text).bold = bold or None
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _field_run(paragraph: Paragraph, kind: str, instruction: str = "") -> None:
    """One piece of a complex field: begin, instruction text, separate or end."""
    run = paragraph.add_run()
    if kind == "instr":
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        run._r.append(text)
        return
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _simple_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    _field_run(paragraph, "begin")
    _field_run(paragraph, "instr", instruction)
    _field_run(paragraph, "separate")
    paragraph.add_run(shown)
    _field_run(paragraph, "end")


def table(
    document: Any,
    headers: Row,
    rows: Sequence[Row],
    *,
    caption: str = "",
    numeric: Sequence[int] = (),
    total: Row | None = None,
) -> Table:
    """A grid table with a bold, shaded, repeating header row; numbers right-aligned."""
    if caption:
        document.add_paragraph(caption, style="Caption")
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    for i, (cell, text) in enumerate(zip(grid.rows[0].cells, headers, strict=True)):
        _write(cell, text, bold=True, right=i in numeric)
        _shade(cell, HEADER_FILL)
    _repeat_header(grid.rows[0])
    for row in [*rows, *([total] if total else [])]:
        cells = grid.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _write(cell, text, bold=row is total, right=i in numeric)
    document.add_paragraph()
    return grid


def _empty(document: Any, text: str) -> None:
    document.add_paragraph().add_run(text).italic = True


def _rich(document: Any, html: str, level: int) -> None:
    if html.strip():
        add_rich_text(document, html, level=level)
    else:
        _empty(document, _("Ikke fylt ut."))


# --- Page set-up ------------------------------------------------------------------------


def _a4(section: Any, *, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin = section.right_margin = Mm(15 if landscape else 18)


def _setup(document: Any, context: dict[str, Any]) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    normal.element.get_or_add_rPr().append(language)
    properties = document.core_properties
    properties.title, properties.author = context["doc_name"], context["municipality"]
    properties.subject, properties.language = context["programme"], LANGUAGE
    properties.comments = properties.keywords = ""
    properties.last_modified_by = "boso"
    section = document.sections[0]
    _a4(section)
    header = section.header.paragraphs[0]
    header.add_run(context["doc_name"]).font.color.rgb = GREY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Side") + " ")
    _simple_field(footer, "PAGE", "1")
    footer.add_run(" " + _("av") + " ")
    _simple_field(footer, "NUMPAGES", "1")


# --- Title page and contents ------------------------------------------------------------


def _title_page(document: Any, context: dict[str, Any]) -> None:
    plan = context["plan"]
    document.add_paragraph(context["municipality"], style="Subtitle")
    document.add_paragraph(plan.title, style="Title")
    document.add_paragraph(_("for %(programme)s") % {"programme": context["programme"]})
    if context["vision"]:
        document.add_paragraph(context["vision"], style="Intense Quote")
    if context["is_draft"]:
        notice = document.add_paragraph()
        notice.add_run(_("Utkast.") + " ").bold = True
        notice.add_run(_("Planen er ikke godkjent av Husbanken og kan endres."))
    status = context["status"]
    if context["approved"]:
        status += " (" + _("godkjent %(day)s") % {"day": context["approved"]} + ")"
    facts = [
        (_("Kommune"), f"{context['municipality_code']} {context['municipality']}"),
        (_("Program"), context["programme"]),
        (_("Planperiode"), context["years"]),
        (_("Status"), status),
        (_("Versjon"), str(plan.version)),
    ]
    for label, text in facts:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(text)


def _contents(document: Any, context: dict[str, Any]) -> None:
    """A TOC field whose shown result is the contents list: readable as it is, and
    Word adds the page numbers when the field is updated (F9)."""
    document.add_paragraph(_("Innhold"), style="TOC Heading")
    entries = context["contents"]
    for i, (number, title, _anchor) in enumerate(entries):
        paragraph = document.add_paragraph()
        if "." in number:
            paragraph.paragraph_format.left_indent = Mm(6)
        if i == 0:
            _field_run(paragraph, "begin")
            _field_run(paragraph, "instr", 'TOC \\o "1-2" \\h \\z \\u')
            _field_run(paragraph, "separate")
        paragraph.add_run(f"{number} {title}")
        if i == len(entries) - 1:
            _field_run(paragraph, "end")


# --- Sections ---------------------------------------------------------------------------


def _texts(document: Any, context: dict[str, Any]) -> None:
    raw = context["texts"]
    document.add_page_break()
    document.add_heading("1 " + _("Sammendrag"), level=1)
    _rich(document, raw["summary"], 1)
    document.add_heading("2 " + _("Innledning"), level=1)
    for number, title, name in (
        ("2.1", _("Formål med planen"), "purpose"),
        ("2.2", _("Mandat for programmet"), "mandate"),
        ("2.3", _("Bakgrunn"), "background"),
    ):
        document.add_heading(f"{number} {title}", level=2)
        _rich(document, raw[name], 2)
    document.add_heading("3 " + _("Status og utfordringer"), level=1)
    _rich(document, raw["status_and_challenges"], 1)
    document.add_heading("3.1 " + _("Målgrupper"), level=2)
    _named_list(
        document, context["target_groups"], "List Bullet", _("Ingen målgrupper er lagt inn.")
    )


def _named_list(document: Any, items: list[tuple[str, str]], style: str, empty: str) -> None:
    """Name: description, as a list; a numbered one starts at 1."""
    numbering = None
    for name, description in items:
        paragraph = document.add_paragraph(style=style)
        if style == "List Number":
            numbering = numbering or restart_numbering(document, paragraph)
            set_numbering(paragraph, numbering)
        paragraph.add_run(name).bold = True
        if description:
            paragraph.add_run(f": {description}")
    if not items:
        _empty(document, empty)


def _goal(document: Any, goal: Any, level: int) -> None:
    document.add_heading(f"{goal.level} {goal.number}: {goal.title}", level=level)
    if goal.description:
        document.add_paragraph(goal.description)
    if goal.activities:
        table(
            document,
            [_("Tiltak"), _("Ansvarlig"), _("Periode"), _("Forventet resultat"), _("Status")],
            [
                [a.title, a.unit or "–", a.months, a.expected_result or "–", a.status]
                for a in goal.activities
            ],
        )


def _indicators(document: Any, context: dict[str, Any]) -> None:
    document.add_heading("4.3 " + _("Indikatorer og resultatmål"), level=2)
    rows = [
        [
            i["goal"],
            f"{i['name']} ({i['direction'].lower()})",
            i["baseline"] or "–",
            "; ".join(i["targets"]) or "–",
            i["actual"] or "–",
            i["progress"] or "–",
            i["status"],
        ]
        for i in context["indicators"]
    ]
    if not rows:
        _empty(document, _("Ingen indikatorer er lagt inn."))
        return
    headers = [_("Mål"), _("Indikator"), _("Utgangsverdi"), _("Mål per periode")]
    headers += [_("Siste faktiske"), _("Framdrift"), _("Status")]
    caption = _("Indikatorer per mål: utgangsverdi, mål, siste faktiske tall og status")
    table(document, headers, rows, caption=caption, numeric=[5])
    document.add_paragraph(context["rule"]).runs[0].font.size = Pt(8.5)


def _action_plan(document: Any, context: dict[str, Any]) -> None:
    document.add_heading("4 " + _("Handlingsplan"), level=1)
    document.add_heading("4.1 " + _("Visjon"), level=2)
    if context["vision"]:
        document.add_paragraph(context["vision"], style="Intense Quote")
    else:
        _empty(document, _("Ikke fylt ut."))
    document.add_heading("4.2 " + _("Mål og tiltak"), level=2)
    for goal in context["goals"]:
        _goal(document, goal, 3)
        for sub in goal.sub_goals:
            _goal(document, sub, 4)
    if not context["goals"]:
        _empty(document, _("Ingen mål er lagt inn."))
    _indicators(document, context)
    document.add_heading("4.4 " + _("Delprosjekter"), level=2)
    empty = _("Ingen delprosjekter er lagt inn.")
    _named_list(document, context["sub_projects"], "List Number", empty)
    document.add_heading("4.5 " + _("Risiko"), level=2)
    headers = [_("Risiko"), _("Sannsynlighet"), _("Konsekvens"), _("Tiltak"), _("Ansvarlig")]
    rows = [_risk_row(r) for r in context["risks"]]
    if rows:
        caption = _("Risikoer, med sannsynlighet og konsekvens fra 1 (lav) til 5 (høy)")
        table(document, headers, rows, caption=caption, numeric=[1, 2])
    else:
        _empty(document, _("Ingen risikoer er lagt inn."))


def _risk_row(risk: Any) -> Row:
    return [
        risk.description,
        str(risk.likelihood),
        str(risk.consequence),
        risk.mitigation or "–",
        risk.owner_role or "–",
    ]


def _organisation(document: Any, context: dict[str, Any]) -> None:
    document.add_heading("5 " + _("Organisering og rapportering"), level=1)
    document.add_heading("5.1 " + _("Programorganisering"), level=2)
    leader = _("leder")
    for body in context["organisation"]:
        rows = [
            [f"{s['role']} ({leader})" if s["leads"] else s["role"], s["unit"] or "–"]
            for s in body["seats"]
        ]
        table(document, [_("Rolle"), _("Enhet")], rows, caption=body["body"])
    if not context["organisation"]:
        _empty(document, _("Organiseringen er ikke lagt inn."))
    document.add_heading("5.2 " + _("Rapportering"), level=2)
    reports = context["reporting"]
    if not reports:
        _empty(document, _("Deltakelsen har ingen rapporteringsplan ennå."))
        return
    document.add_paragraph(
        _("Kommunen rapporterer til Husbanken etter rapporteringsplanen i samarbeidsavtalen:")
    )
    rows = [[r["kind"], r["period"], r["due"]] for r in reports]
    table(document, [_("Rapport"), _("Periode"), _("Frist")], rows, caption=_("Rapporteringsplan"))


# --- Timeline: a landscape section -------------------------------------------------------


def _timeline_table(document: Any, spec: Any, mark: str) -> None:
    document.add_paragraph(spec.caption, style="Caption")
    months = len(spec.months)
    grid = document.add_table(rows=2, cols=2 + months)
    grid.style, grid.autofit = "Table Grid", False
    widths = [Mm(60), Mm(10)] + [Mm(195 / max(months, 1))] * months
    years, names = grid.rows[0].cells, grid.rows[1].cells
    years[0].merge(names[0]).text = _("Tiltak")
    years[1].merge(names[1]).text = _("Mål")
    column = 2
    for year, span in spec.years:
        years[column].merge(years[column + span - 1]).text = str(year)
        column += span
    for cell, name in zip(names[2:], spec.months, strict=True):
        cell.text = name
    for row in grid.rows[:2]:
        _repeat_header(row)
    for title, number, cells in spec.rows:
        row = grid.add_row().cells
        row[0].text, row[1].text = title, number
        for cell, on in zip(row[2:], cells, strict=True):
            if on:
                cell.paragraphs[0].add_run(mark).font.color.rgb = WHITE
                _shade(cell, ON_FILL)
    _small(grid, widths)
    document.add_paragraph()


def _small(grid: Table, widths: list[Any]) -> None:
    """Fixed column widths (merged header cells keep their span) and 7 pt text."""
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for row in grid.rows[2:]:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for element in grid._tbl.iter(qn("w:r")):
        Run(element, grid).font.size = Pt(7)


def _timeline(document: Any, context: dict[str, Any]) -> None:
    """On landscape pages of its own; without activities, one line where it stands."""
    if not context["timeline"]:
        document.add_heading("6 " + _("Tidsplan"), level=1)
        _empty(document, _("Ingen tiltak er lagt inn."))
        return
    _a4(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
    document.add_heading("6 " + _("Tidsplan"), level=1)
    for spec in context["timeline"]:
        _timeline_table(document, spec, context["mark"])
    document.add_paragraph(
        _(
            "%(mark)s = tiltaket pågår den måneden. Kolonnen «Mål» viser hvilket mål "
            "tiltaket hører til (se 4.2)."
        )
        % {"mark": context["mark"]}
    )
    _a4(document.add_section(WD_SECTION.NEW_PAGE))


# --- Budget ---------------------------------------------------------------------------------


def _budget(document: Any, context: dict[str, Any]) -> None:
    document.add_heading("7 " + _("Budsjett"), level=1)
    budget = context["budget"]
    if budget["years"]:
        numeric = list(range(1, len(budget["funders"]) + 2))
        money = [*budget["funders"], _("Sum")]

        def lines(rows: list[dict[str, Any]]) -> list[Row]:
            return [[r["label"], *r["amounts"], r["total"]] for r in rows]

        table(
            document,
            [_("År"), *money],
            lines(budget["years"]),
            caption=_("Budsjett per år og finansieringskilde"),
            numeric=numeric,
            total=lines([budget["total"]])[0],
        )
        table(
            document,
            [_("Kategori"), *money],
            lines(budget["categories"]),
            caption=_("Budsjett per kategori og finansieringskilde, hele planperioden"),
            numeric=numeric,
        )
    document.add_paragraph(budget["share"])
    closing = document.add_paragraph()
    closing.add_run(
        _("Planen slik den er registrert i boso, versjon %(version)s. Skrevet ut %(printed)s.")
        % {"version": context["plan"].version, "printed": context["printed"]}
    ).font.size = Pt(8.5)


def plan_document(context: dict[str, Any]) -> bytes:
    document = Document()
    _setup(document, context)
    _title_page(document, context)
    _contents(document, context)
    _texts(document, context)
    _action_plan(document, context)
    _organisation(document, context)
    _timeline(document, context)
    _budget(document, context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
