"""The plan's rich text (sanitised HTML: p, br, strong, em, ul, ol, li, h3, h4, a,
blockquote) as Word paragraphs, runs and lists, with the standard library's HTML
parser: no extra dependency for a handful of tags.

Whitespace is collapsed as a browser would, so the DOCX reads like the PDF. Numbered
lists restart at 1 for each list (Word would otherwise go on counting across the
whole document); links become real hyperlinks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph

SPACE = re.compile(r"\s+")
BLOCKS = {"p", "li", "h3", "h4", "blockquote", "ul", "ol"}
LINK_COLOUR = RGBColor(0x0B, 0x2D, 0x4F)


def add_hyperlink(paragraph: Paragraph, url: str, text: str, *, bold: bool, italic: bool) -> None:
    """A clickable link: python-docx has no API for it, so build the w:hyperlink."""
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(text)  # styled by python-docx, then moved into the link
    run.underline = True
    run.font.color.rgb = LINK_COLOUR
    run.bold, run.italic = bold or None, italic or None
    link.append(run._r)
    paragraph._p.append(link)


def restart_numbering(document: Any, paragraph: Paragraph) -> int:
    """A new numbering instance of the paragraph's list style, starting at 1."""
    numbering = document.part.numbering_part.element
    style_num = paragraph.style.element.pPr.numPr.numId.val  # type: ignore[union-attr]
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def set_numbering(paragraph: Paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


class RichText(HTMLParser):
    """Feeds HTML into `container` (the document) under a heading of `level`."""

    def __init__(self, document: Any, level: int) -> None:
        super().__init__(convert_charrefs=True)
        self.document, self.level = document, level
        self.paragraph: Paragraph | None = None
        self.bold = self.italic = self.quote = 0
        self.lists: list[list[Any]] = []  # [tag, numbering id or None]
        self.href: str | None = None

    # Blocks ----------------------------------------------------------------------

    def _new(self, style: str | None = None) -> Paragraph:
        if style is None and self.quote:
            style = "Quote"
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def _list_item(self) -> None:
        if not self.lists:
            self._new()
            return
        kind, depth = self.lists[-1][0], min(len(self.lists), 3)
        base = "List Number" if kind == "ol" else "List Bullet"
        paragraph = self._new(base if depth == 1 else f"{base} {depth}")
        if kind == "ol" and depth == 1:
            if self.lists[-1][1] is None:
                self.lists[-1][1] = restart_numbering(self.document, paragraph)
            set_numbering(paragraph, self.lists[-1][1])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.paragraph = None
            self._start_block(tag)
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or None

    def _start_block(self, tag: str) -> None:
        if tag == "p":
            self._new()
        elif tag == "li":
            self._list_item()
        elif tag in ("h3", "h4"):
            depth = self.level + (1 if tag == "h3" else 2)
            self._new(f"Heading {min(depth, 9)}")
        elif tag in ("ul", "ol"):
            self.lists.append([tag, None])
        elif tag == "blockquote":
            self.quote += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.paragraph = None
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "a":
            self.href = None

    # Text --------------------------------------------------------------------------

    def handle_data(self, data: str) -> None:
        text = SPACE.sub(" ", data)
        if self.paragraph is None:
            if not text.strip():
                return  # white space between blocks
            self._new()
        assert self.paragraph is not None
        if not self.paragraph.text or self.paragraph.text.endswith("\n"):
            text = text.lstrip()
        if not text:
            return
        if self.href:
            add_hyperlink(
                self.paragraph, self.href, text, bold=bool(self.bold), italic=bool(self.italic)
            )
            return
        run = self.paragraph.add_run(text)
        run.bold, run.italic = bool(self.bold) or None, bool(self.italic) or None


def add_rich_text(document: Any, html: str, *, level: int) -> None:
    """Append the rich text as paragraphs; `level` is the heading it stands under."""
    parser = RichText(document, level)
    parser.feed(html)
    parser.close()
