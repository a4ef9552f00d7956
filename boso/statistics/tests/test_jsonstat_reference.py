"""boso's JSON-stat decoder against pyjstat, the reference implementation, cell by cell.

Every SSB sample response in the shared data folder (Kilde: Statistisk sentralbyrå) is
decoded by both; each cell must agree on its coordinates (region, period, statistic
variable and every further dimension, by id) and its value, null for null. The same
files with `value` and `status` rewritten as sparse objects must decode the same way.
"""

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from pyjstat import pyjstat

from boso.statistics.importers import jsonstat
from boso.statistics.importers.base import canonical_region

# pyjstat's own Dataset.write calls its deprecated from_json_stat and warns about itself.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Shouldn't use this function anymore:DeprecationWarning:pyjstat"
)

SSB = settings.SHARED_DIR / "data" / "jsonstat" / "ssb"
SAMPLES = sorted(SSB.glob("*.json"))


def _roles(data: dict) -> tuple[str, str, str | None]:
    """geo, time and metric dimension ids; 09895 marks no geo role, its regions are Soner2."""
    role = data.get("role") or {}
    geo = (role.get("geo") or [data["id"][0]])[0]
    return geo, role["time"][0], (role.get("metric") or [None])[0]


def _boso_cells(text: str, geo: str) -> list:
    table = jsonstat.parse(text.encode("utf-8"), geo_dimension=geo)
    cells = [cell for batch in table.batches for cell in batch]
    assert len(cells) == table.cells_total
    return cells


def _compare(path: Path, text: str) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    geo, time, metric = _roles(data)
    extra = [d for d in data["id"] if d not in (geo, time, metric)]
    frame = pyjstat.Dataset.read(path.read_text(encoding="utf-8")).write("dataframe", naming="id")
    cells = _boso_cells(text, geo)
    assert len(cells) == len(frame)
    for i, (cell, row) in enumerate(zip(cells, frame.to_dict("records"), strict=True)):
        where = f"{path.name} cell {i}"
        assert cell.region == canonical_region(str(row[geo])), where
        assert cell.period == str(row[time]), where
        assert cell.content == (str(row[metric]) if metric else "value"), where
        assert dict(cell.dimensions) == {d: str(row[d]) for d in extra}, where
        expected = row["value"]
        if expected is None or (isinstance(expected, float) and math.isnan(expected)):
            assert cell.value is None, where
            assert cell.status, where  # a null keeps a status symbol, never 0
        else:
            assert cell.value == Decimal(str(expected)), where
    return len(cells)


def test_there_are_samples() -> None:
    assert {p.name[:9] for p in SAMPLES} >= {"ssb_07459", "ssb_09895", "ssb_12362"}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:9])
def test_cells_agree_with_pyjstat(path: Path) -> None:
    assert _compare(path, path.read_text(encoding="utf-8")) > 0


def _sparse(text: str) -> str:
    """The same dataset with `value` and `status` as objects keyed by the cell index."""
    data = json.loads(text)
    data["value"] = {str(i): v for i, v in enumerate(data["value"]) if v is not None}
    status = data.get("status")
    if isinstance(status, list):
        data["status"] = {str(i): s for i, s in enumerate(status) if s}
    return json.dumps(data)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:9])
def test_sparse_values_decode_like_the_dense_array(path: Path) -> None:
    assert _compare(path, _sparse(path.read_text(encoding="utf-8"))) > 0
