"""A deterministic JSON-stat 2.0 dataset in the statistics bank's format, of any size.

Regions are the 357 municipalities of the 2024 structure (K- prefixed, as the
statistics bank's download writes them); the other dimensions are an age group,
two statistic variables and years. Values are whole numbers with some missing
(null with status '..'), as SSB tables have.
"""

from __future__ import annotations

import json
import random
from pathlib import Path


def dataset(regions: list[tuple[str, str]], *, cells: int, seed: int = 2024) -> dict[str, object]:
    contents = {"Personer": "Personer", "Husholdninger": "Husholdninger"}
    years_count = 28
    per_age = len(regions) * len(contents) * years_count
    ages = max(1, round(cells / per_age))
    years = [str(1997 + i) for i in range(years_count)]
    age_codes = [f"A{i:02d}" for i in range(ages)]
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not secrets)
    size = [len(regions), ages, len(contents), years_count]
    total = size[0] * size[1] * size[2] * size[3]
    values: list[int | None] = []
    status: dict[str, str] = {}
    for i in range(total):
        if rng.random() < 0.01:
            values.append(None)
            status[str(i)] = ".."
        else:
            values.append(rng.randint(0, 50_000))
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "99999: Syntetisk uttrekk for ytelsesmåling",
        "source": "boso benchmark (synthetic, in Statistisk sentralbyrå's format)",
        "updated": "2026-01-01T00:00:00Z",
        "id": ["Region", "Alder", "ContentsCode", "Tid"],
        "size": size,
        "role": {"time": ["Tid"], "geo": ["Region"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": _dim("region", [(f"K-{c}", n) for c, n in regions]),
            "Alder": _dim("alder", [(a, a) for a in age_codes]),
            "ContentsCode": _dim("statistikkvariabel", list(contents.items())),
            "Tid": _dim("år", [(y, y) for y in years]),
        },
        "value": values,
        "status": status,
        "extension": {"px": {"tableid": "99999", "decimals": 0}},
    }


def _dim(label: str, items: list[tuple[str, str]]) -> dict[str, object]:
    return {
        "label": label,
        "category": {
            "index": {code: i for i, (code, _name) in enumerate(items)},
            "label": dict(items),
        },
    }


def write(path: Path, regions: list[tuple[str, str]], *, cells: int) -> int:
    data = dataset(regions, cells=cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return len(data["value"])  # type: ignore[arg-type]
