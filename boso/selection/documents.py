"""The ranking and the decision memo (beslutningsnotat) of a frozen run, as PDF and XLSX.

Selector data in, the renderers' input out: no request objects. The PDF shows numbers in
Norwegian format; the workbook keeps them as numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from boso.core.formatting import format_date, format_number
from boso.documents.renderers import Column, Sheet, render_pdf, workbook_bytes
from boso.selection import selectors
from boso.selection.choices import Direction, MissingPolicy, Normalisation, Reason, Transform
from boso.selection.models import ScoringRun

SOURCE = "Kilde: Statistisk sentralbyrå"
SCORE_DECIMALS = 3


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(frozen=True)
class CriterionLine:
    code: str
    name: str
    period: str
    weight: Decimal
    direction: str
    transform: str
    normalisation: str
    missing: str


@dataclass(frozen=True)
class RankingLine:
    rank: int | None
    code: str
    name: str
    population: Decimal | None
    score: Decimal | None
    values: list[Decimal | None]
    contributions: list[Decimal | None]
    suggested: str
    decided: str
    reason: str
    comment: str
    flags: list[str]
    chosen: bool

    def text(self) -> dict[str, Any]:
        """The line in Norwegian format, for the PDF."""
        return {
            "rank": "" if self.rank is None else str(self.rank),
            "population": format_number(self.population, 0),
            "score": format_number(self.score, SCORE_DECIMALS),
            "values": [format_number(_trim(v)) if v is not None else "" for v in self.values],
            "contributions": [format_number(c, SCORE_DECIMALS) for c in self.contributions],
        }


def _trim(value: Decimal) -> Decimal:
    """At most four decimals, trailing zeros dropped: 7.0 → 7, 2.486 stays."""
    rounded = value.quantize(Decimal("0.0001"))
    return rounded.normalize()


def criteria_lines(run: ScoringRun) -> list[CriterionLine]:
    return [
        CriterionLine(
            code=c["indicator"],
            name=c.get("name") or c["indicator"],
            period=c["period"],
            weight=Decimal(c["weight"]),
            direction=_label(Direction, c["direction"]),
            transform=_label(Transform, c["transform"]),
            normalisation=_label(Normalisation, c["normalisation"]),
            missing=_label(MissingPolicy, c["missing"]),
        )
        for c in run.criteria
    ]


def ranking_lines(run: ScoringRun) -> list[RankingLine]:
    decisions = selectors.run_decisions(run)
    lines = []
    for row in selectors.run_rows(run):
        decision = decisions.get(row.municipality_code)
        lines.append(
            RankingLine(
                rank=row.rank,
                code=row.municipality_code,
                name=row.municipality_name,
                population=row.population,
                score=row.score,
                values=[_decimal(v) for v in row.values],
                contributions=[_decimal(c) for c in row.contributions],
                suggested=row.suggested_tier.name,
                decided=decision.tier.name if decision else "",
                reason=decision.get_reason_display() if decision else "",
                comment=decision.comment if decision else "",
                flags=list(row.flags),
                chosen=row.suggested_tier_id != run.definition.base_tier_id,
            )
        )
    # Ranked first, then the left-out ones by code (the selector orders NULL ranks first
    # on SQLite and last on PostgreSQL).
    return sorted(lines, key=lambda line: (line.rank is None, line.rank or 0, line.code))


def rule_text(run: ScoringRun) -> str:
    definition = run.definition
    parts = [
        _("De %(n)s øverst i rangeringen får foreslått nivået «%(tier)s»")
        % {"n": definition.top_n, "tier": definition.suggested_tier.name}
    ]
    if definition.threshold is not None:
        parts.append(
            _("med skår minst %(threshold)s") % {"threshold": format_number(definition.threshold)}
        )
    if definition.min_population is not None:
        parts.append(
            _("og minst %(population)s innbyggere")
            % {"population": format_number(definition.min_population)}
        )
    rest = _("de andre får «%(tier)s».") % {"tier": definition.base_tier.name}
    return " ".join(parts) + "; " + rest


def _base_context(run: ScoringRun) -> dict[str, Any]:
    definition = run.definition
    computed = timezone.localtime(run.computed_at)
    return {
        "run": run,
        "definition": definition,
        "region": definition.region.name,
        "structure_date": format_date(definition.structure_date),
        "computed": format_date(computed.date()),
        "criteria": criteria_lines(run),
        "rule": rule_text(run),
        "source": SOURCE,
        "printed": format_date(timezone.localdate()),
    }


def ranking_context(run: ScoringRun) -> dict[str, Any]:
    lines = ranking_lines(run)
    return {
        **_base_context(run),
        "lines": [(line, line.text()) for line in lines],
        "ranked": sum(1 for line in lines if line.rank is not None),
        "left_out": [line for line in lines if line.rank is None],
        "left_out_reasons": sorted({f for line in lines if line.rank is None for f in line.flags}),
        "total": len(lines),
    }


@dataclass(frozen=True)
class MemoDecision:
    code: str
    name: str
    rank: int | None
    tier: str
    suggested: str
    reason: str
    comment: str
    decided: str
    published: bool


def memo_context(run: ScoringRun) -> dict[str, Any]:
    rows = {r.municipality_code: r for r in selectors.run_rows(run)}
    decisions = []
    for code, d in selectors.run_decisions(run).items():
        row = rows.get(code)
        decisions.append(
            MemoDecision(
                code=code,
                name=row.municipality_name if row else code,
                rank=row.rank if row else None,
                tier=d.tier.name,
                suggested=row.suggested_tier.name if row else "",
                reason=_label(Reason, d.reason),
                comment=d.comment,
                decided=format_date(timezone.localtime(d.decided_at).date()),
                published=d.published,
            )
        )
    decisions.sort(key=lambda d: (d.rank is None, d.rank or 0, d.code))
    return {
        **_base_context(run),
        "pyramid": selectors.pyramid(run),
        "decisions": decisions,
    }


# --- PDF --------------------------------------------------------------------------


def ranking_pdf(run: ScoringRun) -> bytes:
    return render_pdf("selection/documents/ranking.html", ranking_context(run))


def memo_pdf(run: ScoringRun) -> bytes:
    return render_pdf("selection/documents/memo.html", memo_context(run))


# --- XLSX -------------------------------------------------------------------------

INTEGER = "#,##0"
SCORE = "0.000"


def _definition_lines(context: dict[str, Any]) -> list[str]:
    definition = context["definition"]
    return [
        f"{definition.name} (v{definition.version})",
        _("Region: %(region)s. Kommuneinndeling per %(date)s. Beregnet %(computed)s.")
        % {
            "region": context["region"],
            "date": context["structure_date"],
            "computed": context["computed"],
        },
        context["rule"],
    ]


def _ranking_sheet(run: ScoringRun, context: dict[str, Any]) -> Sheet:
    criteria: list[CriterionLine] = context["criteria"]
    columns = [
        Column(_("Rang"), 7, "0"),
        Column(_("Kommunenummer"), 10),
        Column(_("Kommune"), 22),
        Column(_("Folketall"), 12, INTEGER),
        Column(_("Skår"), 10, SCORE),
    ]
    columns += [Column(f"{c.code} {c.period}", 14) for c in criteria]
    columns += [
        Column(_("Bidrag: %(criterion)s") % {"criterion": f"{c.code} {c.period}"}, 14, SCORE)
        for c in criteria
    ]
    columns += [
        Column(_("Foreslått nivå"), 18),
        Column(_("Besluttet nivå"), 18),
        Column(_("Merknader"), 50),
    ]
    rows = [
        [
            line.rank,
            line.code,
            line.name,
            line.population,
            line.score,
            *line.values,
            *line.contributions,
            line.suggested,
            line.decided,
            "; ".join(line.flags),
        ]
        for line in ranking_lines(run)
    ]
    return Sheet(
        _("Rangering"), columns, rows, preamble=_definition_lines(context), footer=[SOURCE]
    )


def _criteria_sheet(context: dict[str, Any]) -> Sheet:
    columns = [
        Column(_("Indikator"), 24),
        Column(_("Navn"), 34),
        Column(_("Periode"), 9),
        Column(_("Vekt"), 8, "0.00"),
        Column(_("Retning"), 30),
        Column(_("Omregning"), 22),
        Column(_("Normalisering"), 30),
        Column(_("Manglende tall"), 40),
    ]
    rows = [
        [c.code, c.name, c.period, c.weight, c.direction, c.transform, c.normalisation, c.missing]
        for c in context["criteria"]
    ]
    return Sheet(_("Kriterier"), columns, rows, footer=[SOURCE])


def ranking_xlsx(run: ScoringRun) -> bytes:
    context = ranking_context(run)
    return workbook_bytes([_ranking_sheet(run, context), _criteria_sheet(context)])


def memo_xlsx(run: ScoringRun) -> bytes:
    context = memo_context(run)
    decisions: list[MemoDecision] = context["decisions"]
    decision_sheet = Sheet(
        _("Beslutninger"),
        [
            Column(_("Rang"), 7, "0"),
            Column(_("Kommunenummer"), 10),
            Column(_("Kommune"), 22),
            Column(_("Foreslått nivå"), 18),
            Column(_("Besluttet nivå"), 18),
            Column(_("Begrunnelse"), 30),
            Column(_("Kommentar"), 70),
            Column(_("Besluttet"), 12),
        ],
        [
            [d.rank, d.code, d.name, d.suggested, d.tier, d.reason, d.comment, d.decided]
            for d in decisions
        ],
        preamble=_definition_lines(context),
        footer=[SOURCE],
    )
    pyramid_sheet = Sheet(
        _("Pyramiden"),
        [Column(_("Nivå"), 20), Column(_("Kommunenummer"), 10), Column(_("Kommune"), 24)],
        [
            [level.tier.name, code, name]
            for level in context["pyramid"]
            if level.tier.level > 0
            for code, name in level.members
        ],
    )
    return workbook_bytes([decision_sheet, pyramid_sheet, _criteria_sheet(context)])
