"""How figures are presented on the statistics pages: structures, points, names.

Shared by the fact sheet, its downloads and the indicator pages.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from fnmatch import fnmatchcase
from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from boso.municipalities import selectors as register
from boso.municipalities.models import MunicipalityVersion
from boso.statistics.choices import SSB_STATUS_SYMBOLS
from boso.statistics.harmonise import HarmonisedPoint
from boso.statistics.models import Indicator
from boso.statistics.services import CATALOGUE_JSON

COUNTRY = "0"
_TABLE_PREFIX = re.compile(r"^\w+:\s+")
SSB = "Statistisk sentralbyrå"
MAX_CHOSEN = 10
# The order of the key indicators on a fact sheet; the rest of the catalogue follows
# by name, then the tables imported from the statistics bank.
KEY_ORDER = (
    "population",
    "homeless",
    "homeless_per_1000",
    "living_conditions_index",
    "housing_allowance_per_inhabitant",
    "start_loans_*",
    "municipal_dwellings*",
    "waiting_list",
    "rent_arrears",
)
# The explanations in choices.SSB_STATUS_SYMBOLS, marked here for translation.
_STATUS_MSGIDS = (
    gettext_noop("Lar seg ikke føre opp"),
    gettext_noop("Tall mangler"),
    gettext_noop("Tall kan ikke offentliggjøres ennå"),
    gettext_noop("Vises ikke av konfidensialitetshensyn"),
    gettext_noop("Null"),
)
# A figure that cannot be carried to the chosen structure (a merger backwards, a split)
# is shown with SSB's symbol for "cannot be stated", and a note says why.
NOT_COMPARABLE = "."


class StructureError(ValueError):
    """?struktur= is neither a date nor a year."""


class NotOnStructure(LookupError):
    """The code names no municipality on the structure; `alternative` is the code the
    same municipality had then, when there is one (3301 Drammen → 0602 in 2019)."""

    def __init__(self, code: str, day: datetime.date, alternative: str | None) -> None:
        self.code, self.day, self.alternative = code, day, alternative
        super().__init__(f"{code} is not a municipality on {day.isoformat()}")


# --- Structures ------------------------------------------------------------------------


def structure_day(raw: str, *, today: datetime.date | None = None) -> datetime.date:
    """?struktur=: a date (2019-06-30 or 30.06.2019) or a year (2019 → 1 January)."""
    text = raw.strip()
    if not text:
        return today or datetime.date.today()
    if len(text) == 4 and text.isdigit():
        year = int(text)
        if year < 1838:
            raise StructureError(text)
        return datetime.date(year, 1, 1)
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise StructureError(text)


def structure_param(version: MunicipalityVersion) -> str:
    """The shortest ?struktur= value that selects a version: its year when it starts
    on 1 January, else its first day."""
    start = version.valid_from
    return str(start.year) if (start.month, start.day) == (1, 1) else start.isoformat()


@dataclass(frozen=True)
class StructureOption:
    value: str  # "" for today's structure
    label: str
    selected: bool


def structure_options(
    current: MunicipalityVersion, today_version: MunicipalityVersion | None
) -> list[StructureOption]:
    """Today's structure first, then every loaded KLASS version, newest first (one query)."""
    options = []
    if today_version is not None:
        options.append(
            StructureOption(
                "",
                _("Dagens (fra %(year)s)") % {"year": today_version.valid_from.year},
                current.pk == today_version.pk,
            )
        )
    for version in reversed(list(register.loaded_versions())):
        if today_version is not None and version.pk == today_version.pk:
            continue
        options.append(
            StructureOption(structure_param(version), version.name, current.pk == version.pk)
        )
    return options


def today_version() -> MunicipalityVersion | None:
    try:
        return register.version_on(datetime.date.today())
    except register.DateOutsideRegister:
        return None


class OnStructure:
    """For a page shown on a municipality structure: today's, or an earlier one."""

    version: MunicipalityVersion
    today_version: MunicipalityVersion | None

    @property
    def is_today(self) -> bool:
        return self.today_version is not None and self.version.pk == self.today_version.pk

    @property
    def struktur(self) -> str:
        """The ?struktur= value that keeps a link on this structure ("" for today's)."""
        return "" if self.is_today else structure_param(self.version)


# --- Harmonised figures in bulk ---------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """A figure on the chosen structure: a value, or none with an SSB status symbol."""

    period: str
    start: datetime.date
    value: Decimal | None
    status: str = ""
    comparable: bool = True
    missing: tuple[str, ...] = ()  # parts without figures ("0625 Nedre Eiker"), if partial

    @property
    def symbol(self) -> str:
        if self.value is not None:
            return ""
        return self.status or ".."

    @property
    def explanation(self) -> str:
        if not self.comparable:
            return _("Kan ikke føres over på denne kommuneinndelingen")
        if self.missing:
            return _("Mangler for noen av kommunene som nå er en del av kommunen")
        return status_text(self.symbol) if self.symbol else ""


def to_point(p: HarmonisedPoint) -> Point:
    """A harmonised figure as the pages show it: a partial sum or an uncarried one is none."""
    if p.missing:
        return Point(p.period, p.period_start, None, "..", missing=p.missing)
    if p.value is None and not p.status and p.note:
        return Point(p.period, p.period_start, None, NOT_COMPARABLE, comparable=False)
    return Point(p.period, p.period_start, p.value, p.status if p.value is None else "")


# --- Indicators --------------------------------------------------------------------------


@cache
def catalogue_codes() -> frozenset[str]:
    """The codes of the catalogue shipped with boso (the rest came from imported tables)."""
    entries = json.loads(CATALOGUE_JSON.read_text(encoding="utf-8"))["indicators"]
    return frozenset(entry["code"] for entry in entries)


def is_catalogue(indicator: Indicator) -> bool:
    return indicator.code in catalogue_codes()


def indicator_name(indicator: Indicator) -> str:
    """The name in the UI's language. An imported table's variable is named after the
    table too ("Befolkning: personer"), since its own label says little ("Personer")."""
    if translation.get_language() == "en" and indicator.name_en:
        return indicator.name_en
    if is_catalogue(indicator):
        return indicator.name_nb
    topic = _TABLE_PREFIX.sub("", indicator.definition).split(", etter ")[0].strip()
    label = indicator.name_nb
    if not topic or not label or topic.casefold() == label.casefold():
        return label or topic or indicator.code
    return f"{topic}: {label[0].lower()}{label[1:]}"


def indicator_source(indicator: Indicator) -> str:
    return indicator.source or SSB


def _order_key(indicator: Indicator) -> tuple[int, int, str]:
    if is_catalogue(indicator):
        for rank, pattern in enumerate(KEY_ORDER):
            if fnmatchcase(indicator.code, pattern):
                return (0, rank, indicator.code)
        return (1, 0, indicator_name(indicator).casefold())
    return (2, 0, indicator.code)


def indicators_in_order(*, fact_sheet: bool = False) -> list[Indicator]:
    """Every indicator (with `fact_sheet`, those on the fact sheet) with its parts, in
    fact-sheet order (one query)."""
    found = Indicator.objects.select_related("numerator", "denominator")
    if fact_sheet:
        found = found.filter(on_fact_sheet=True)
    return sorted(found, key=_order_key)


def status_text(symbol: str) -> str:
    text = SSB_STATUS_SYMBOLS.get(symbol)
    return _(text) if text else ""
