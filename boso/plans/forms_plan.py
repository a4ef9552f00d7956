"""Forms for the plan pages: a new plan or version (title and years) and the plan's texts.

Forms only read what was typed; boso.plans.services checks the rules, sanitises the
rich text and writes.
"""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from boso.plans.models import Plan

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

YEAR = forms.TextInput(attrs={"inputmode": "numeric"})
YEAR_ERRORS = {
    "invalid": _("Skriv et årstall, for eksempel 2011."),
    "required": _("Skriv årstallet."),
}
# Any HTML tag: text with one is taken as HTML; text without is plain text.
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
BLANK_LINE = re.compile(r"\n[ \t]*\n")
RICH_HELP = _(
    "Vanlig tekst (tom linje mellom avsnittene) eller enkel HTML. Tall fra statistikken: "
    "{{tall:kode}} eller {{tall:kode:periode}}."
)
FIGURES_HELP = _(
    "Skriv vanlig tekst med en tom linje mellom avsnittene, eller enkel HTML: <p>, <strong>, "
    "<em>, <ul>, <ol>, <li>, <h3>, <a href>. Alt annet fjernes når teksten lagres. "
    "Tall fra statistikken settes inn når planen leses: {{tall:kode}} gir kommunens siste "
    "tall, {{tall:kode:periode}} tallet for en bestemt periode, for eksempel "
    "{{tall:waiting_list:2010}}. Planen viser tallet med periode og kilde, og et tydelig "
    "merke når koden eller tallet ikke finnes."
)


class PlanYearsForm(forms.Form):
    """A new plan, or a new version of one: title and the years it covers."""

    title = forms.CharField(
        label=_("Tittel"),
        max_length=200,
        help_text=_("For eksempel «Programplan 2011» eller «Handlingsplan 2012–2014»."),
        error_messages={"required": _("Gi planen en tittel.")},
    )
    first_year = forms.IntegerField(label=_("Første år"), widget=YEAR, error_messages=YEAR_ERRORS)
    last_year = forms.IntegerField(label=_("Siste år"), widget=YEAR, error_messages=YEAR_ERRORS)


def paragraphs(text: str) -> str:
    """Plain text becomes HTML paragraphs (a blank line between them, a line break
    within); text that already holds tags is left for the service to sanitise."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or TAG.search(text):
        return text
    blocks = [block.strip() for block in BLANK_LINE.split(text) if block.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line.strip()) for line in block.split("\n")) + "</p>"
        for block in blocks
    )


PARAGRAPHS = re.compile(r"(?:<p>(?:(?!</?p>).)*</p>)+", re.S)


def for_editing(html: str) -> str:
    """Stored rich text as the user would write it: paragraphs and line breaks only
    become plain text again (the reverse of `paragraphs`); anything richer stays HTML."""
    if not PARAGRAPHS.fullmatch(html):
        return html
    blocks = re.findall(r"<p>(.*?)</p>", html, re.S)
    lines = [block.replace("<br>", "\n") for block in blocks]
    if any(TAG.search(line) for line in lines):
        return html
    text = "\n\n".join(unescape(line) for line in lines)
    # Text that would read as a tag once unescaped stays HTML, so it is kept as written.
    return html if TAG.search(text) else text


def _rich(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        help_text=RICH_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class PlanTextsForm(forms.Form):
    """The plan's texts, with the version the page was opened at (a stale save is a
    conflict, never a silent overwrite)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(
        label=_("Tittel"), max_length=200, error_messages={"required": _("Gi planen en tittel.")}
    )
    vision = forms.CharField(
        label=_("Visjon"),
        max_length=300,
        required=False,
        help_text=_("Én setning, for eksempel «Alle skal bo trygt og godt i Lillehammer»."),
    )
    summary = _rich(_("Sammendrag"))
    purpose = _rich(_("Formål med planen"))
    mandate = _rich(_("Mandat for programmet"))
    background = _rich(_("Bakgrunn"))
    status_and_challenges = _rich(_("Status og utfordringer"))

    RICH = ("summary", "purpose", "mandate", "background", "status_and_challenges")
    TEXTS = ("title", "vision", *RICH)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.RICH:
            if name in data:
                data[name] = paragraphs(data[name])
        return data

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.TEXTS}


def texts_initial(plan: Plan) -> dict[str, Any]:
    texts = {n: getattr(plan, n) for n in PlanTextsForm.TEXTS}
    return {"version": plan.version, **texts} | {
        n: for_editing(texts[n]) for n in PlanTextsForm.RICH
    }
