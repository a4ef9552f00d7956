"""The English catalogue is complete, compiled and used.

Bokmål is the source language; every message must have an English translation that
keeps the placeholders, no entry may be left fuzzy, and the compiled .mo must match
the .po (run `make messages` and translate what is new).
"""

from __future__ import annotations

import ast
import gettext as python_gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LC_MESSAGES = Path(settings.BASE_DIR) / "boso" / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\([a-z_][a-z0-9_]*\)[sd]|\{\{\s*[^}]+\}\}")
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr")]


def _unquote(text: str) -> str:
    return str(ast.literal_eval(text))


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for the catalogues makemessages writes."""
    entries: list[Entry] = []
    entry: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            entry = None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            key = match.group(1)
            entry.fields[key] = _unquote(match.group(2))
        elif line.startswith('"'):
            entry.fields[key] += _unquote(line)
        else:
            raise AssertionError(f"{path.name} line {number}: cannot read {raw!r}")
    return [e for e in entries if "msgid" in e.fields]


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO.exists(), "boso/locale/en/LC_MESSAGES/django.po is missing; run `make messages`"
    return [e for e in parse_po(PO) if e.msgid]  # the header has an empty msgid


def _where(entry: Entry) -> str:
    return f"django.po line {entry.line}: {entry.msgid!r}"


def test_catalogue_has_messages(entries: list[Entry]) -> None:
    assert len(entries) > 50


def test_no_fuzzy_entries() -> None:
    fuzzy = [e for e in parse_po(PO) if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries (check and remove the flag):\n" + "\n".join(
        _where(e) for e in fuzzy
    )


def test_every_message_is_translated(entries: list[Entry]) -> None:
    untranslated = [e for e in entries if not e.translations or not all(e.translations)]
    assert not untranslated, "untranslated messages:\n" + "\n".join(_where(e) for e in untranslated)


def test_plural_messages_have_both_forms(entries: list[Entry]) -> None:
    plurals = [e for e in entries if "msgid_plural" in e.fields]
    wrong = [e for e in plurals if len(e.translations) != 2]
    assert not wrong, "plural messages need msgstr[0] and msgstr[1]:\n" + "\n".join(
        _where(e) for e in wrong
    )


def test_translations_keep_the_placeholders(entries: list[Entry]) -> None:
    wrong = []
    for entry in entries:
        sources = [entry.msgid, entry.fields.get("msgid_plural", entry.msgid)]
        expected = {frozenset(PLACEHOLDER.findall(s)) for s in sources}
        for text in entry.translations:
            if frozenset(PLACEHOLDER.findall(text)) not in expected:
                wrong.append(f"{_where(entry)} → {text!r}")
    assert not wrong, "translations that lose or add placeholders:\n" + "\n".join(wrong)


def test_compiled_catalogue_matches_the_po(entries: list[Entry]) -> None:
    assert MO.exists(), "django.mo is missing; run `make messages` (compilemessages)"
    with MO.open("rb") as handle:
        compiled = python_gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if "msgid_plural" in entry.fields:
            got = [compiled.ngettext(entry.msgid, entry.fields["msgid_plural"], n) for n in (1, 2)]
        else:
            got = [compiled.gettext(entry.msgid)]
        if "msgctxt" not in entry.fields and got != entry.translations:
            stale.append(_where(entry))
    assert not stale, "django.mo is older than django.po; run compilemessages:\n" + "\n".join(
        stale[:20]
    )


def test_english_is_used_when_activated(entries: list[Entry]) -> None:
    plural = next(e for e in entries if "msgid_plural" in e.fields)
    with translation.override("en"):
        assert translation.gettext("Kommuner") == "Municipalities"
        assert translation.gettext("Logg inn") == "Log in"
        forms = [
            translation.ngettext(plural.msgid, plural.fields["msgid_plural"], n) for n in (1, 2)
        ]
        assert forms == plural.translations
    with translation.override("nb"):
        assert translation.gettext("Kommuner") == "Kommuner"
