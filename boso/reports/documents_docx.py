"""The report as a Word document (python-docx), from the same context as the PDF
(boso.reports.documents.report_context): the six sections of seed 004's form as
Heading 1, tables with repeated header rows for section 3 and section 5, A4 pages
with the report's name above and page numbers below, Norwegian language. The table
and page helpers are the plan document's (boso.plans.documents_docx).
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from boso.plans.documents_docx import GREY, LANGUAGE, _a4, _simple_field, table


def _setup(document: Any, context: dict[str, Any]) -> None:
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    normal.element.get_or_add_rPr().append(language)
    properties = document.core_properties
    properties.title, properties.author = context["doc_name"], context["municipality"]
    properties.subject, properties.language = context["report"].programme_name, LANGUAGE
    properties.comments = properties.keywords = ""
    properties.last_modified_by = "boso"
    section = document.sections[0]
    _a4(section)
    section.header.paragraphs[0].add_run(context["doc_name"]).font.color.rgb = GREY
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Side") + " ")
    _simple_field(footer, "PAGE", "1")
    footer.add_run(" " + _("av") + " ")
    _simple_field(footer, "NUMPAGES", "1")


def _paragraphs(document: Any, texts: list[str], *, empty: bool = True) -> None:
    for text in texts:
        document.add_paragraph(text)
    if not texts and empty:
        document.add_paragraph().add_run(_("Ikke fylt ut.")).italic = True


def _title(document: Any, context: dict[str, Any]) -> None:
    document.add_paragraph(context["municipality"], style="Subtitle")
    document.add_paragraph(f"{context['kind']} {context['span']}", style="Title")
    document.add_paragraph(
        _("Rapport til Husbanken fra %(partner)s") % {"partner": context["municipality"]}
    )
    if context["is_draft"]:
        notice = document.add_paragraph()
        notice.add_run(f"{context['status']}. ").bold = True
        notice.add_run(_("Rapporten er ikke godkjent av Husbanken og kan endres."))


def _goals(document: Any, context: dict[str, Any]) -> None:
    _paragraphs(document, context["goals_comment"], empty=False)
    rows = []
    for goal in context["goals"]:
        rows.append([goal["number"], goal["title"], "", ""])
        rows.extend(["", a["title"], a["status"] or "–", a["comment"]] for a in goal["activities"])
    if rows:
        headers = [_("Nr."), _("Mål / tiltak"), _("Status"), _("Kommentar")]
        table(document, headers, rows, caption=_("Mål og tiltak med status i perioden"))
    if context["actuals"]:
        table(
            document,
            [_("Indikator"), _("Utgangsverdi"), _("Faktisk"), _("Periode"), _("Kilde")],
            [
                [
                    a["name"],
                    a["baseline"] or "–",
                    a["actual"] or "–",
                    a["period"] or "–",
                    a["source"],
                ]
                for a in context["actuals"]
            ],
            caption=_("Indikatorer: utgangsverdi og faktisk tall i perioden"),
            numeric=(2,),
        )
    if context["risks"]:
        table(
            document,
            [_("Risiko"), _("Kommentar")],
            [[r["title"], r["comment"] or "–"] for r in context["risks"]],
            caption=_("Risikofaktorer"),
        )
    if context["final_results"]:
        keys = ("name", "baseline", "series", "target", "progress", "status")
        table(
            document,
            _final_headers(),
            [[r[k] for k in keys] for r in context["final_results"]],
            caption=_(
                "Resultater over hele programperioden: indikatorene fra utgangsverdi til mål"
            ),
            numeric=(4,),
        )


def _organisation(document: Any, context: dict[str, Any]) -> None:
    _paragraphs(document, context["organisation"], empty=not context["meetings"])
    if context["meetings"]:
        table(
            document,
            [_("Organ"), _("Møter"), _("Deltakere (roller)")],
            [[m["body"], str(m["held"]), m["participants"] or "–"] for m in context["meetings"]],
            caption=_("Møter i perioden"),
            numeric=(1,),
        )


def _economy(document: Any, context: dict[str, Any]) -> None:
    economy = context["economy"]
    year = economy["year"]
    if economy["costs"]:
        headers = [_("Kategori"), _("Kostnader")]
        if economy["has_budget"]:
            headers.append(_("Budsjett %(year)s") % {"year": year})
        rows = [[r["label"], r["amount"], r["budget"]][: len(headers)] for r in economy["costs"]]
        total = [_("Til sammen"), economy["total"], economy["budget_total"]][: len(headers)]
        caption = _("Kostnader per %(day)s") % {"day": economy["as_of"]}
        table(document, headers, rows, caption=caption, numeric=(1, 2), total=total)
    else:
        document.add_paragraph().add_run(_("Ingen kostnader er ført.")).italic = True
    if economy["funding"]:
        table(
            document,
            [_("Kilde"), _("Beløp")],
            [list(row) for row in economy["funding"]],
            caption=_("Finansiering %(year)s") % {"year": year},
            numeric=(1,),
        )
    if economy["forecast"]:
        paragraph = document.add_paragraph()
        paragraph.add_run(_("Forventet forbruk ut %(year)s:") % {"year": year} + " ").bold = True
        paragraph.add_run(economy["forecast"])
    _paragraphs(document, economy["comment"], empty=False)


def _learning(document: Any, context: dict[str, Any]) -> None:
    _paragraphs(document, context["learning"], empty=not context["stories"])
    for number, story in enumerate(context["stories"], start=1):
        document.add_heading(
            _("Historie %(n)s: %(title)s") % {"n": number, "title": story["title"]}, level=2
        )
        if story["told_on"]:
            document.add_paragraph(story["told_on"]).runs[0].italic = True
        _paragraphs(document, story["text"])


def _final_headers() -> list[str]:
    return [
        _("Indikator"),
        _("Utgangsverdi"),
        _("Tallene i perioden"),
        _("Mål"),
        _("Av veien"),
        _("Status"),
    ]


def report_document(context: dict[str, Any]) -> bytes:
    document = Document()
    _setup(document, context)
    _title(document, context)
    sections = context["sections"]
    document.add_heading(sections[1], level=1)
    table(document, [_("Felt"), _("Verdi")], [list(row) for row in context["general"]])
    document.add_heading(sections[2], level=1)
    _paragraphs(document, context["progress"])
    if context["is_final"]:
        final = context["final"]
        for key, title in (
            ("results", _("Resultater over hele perioden")),
            ("into_operations", _("Overført til ordinær drift")),
            ("remaining", _("Videre i neste boligsosiale handlingsplan")),
        ):
            document.add_heading(title, level=2)
            _paragraphs(document, final[key])
    for number, part in ((3, _goals), (4, _organisation), (5, _economy), (6, _learning)):
        document.add_heading(sections[number], level=1)
        part(document, context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
