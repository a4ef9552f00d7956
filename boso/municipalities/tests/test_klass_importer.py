"""The KLASS 131 parser and the span computation, on SSB's real files.

Kilde: Statistisk sentralbyrå (KLASS 131 Standard for kommuneinndeling).
"""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from boso.municipalities.importers import klass

KLASS_DIR = settings.SHARED_DIR / "data" / "kommuner" / "klass131_api_json"
D = datetime.date


@pytest.fixture(scope="module")
def parsed() -> tuple[list[klass.VersionInfo], list[klass.VersionItems], list[klass.ChangeRow]]:
    return klass.read_directory(KLASS_DIR)


@pytest.fixture(scope="module")
def spans(parsed) -> dict[tuple[str, datetime.date], klass.Span]:
    _infos, versions, changes = parsed
    return {(s.code, s.valid_from): s for s in klass.compute_spans(versions, changes)}


def test_reads_all_versions_and_changes(parsed) -> None:
    infos, versions, changes = parsed
    assert len(infos) == 140
    assert len(versions) == 12
    assert len(changes) == 594
    v2024 = next(v for v in versions if v.version.valid_from == D(2024, 1, 1))
    assert len(v2024.names) == 357  # 358 items less 9999 Uoppgitt
    assert klass.UNKNOWN_CODE not in v2024.names


def test_renumbering_ends_a_span(spans) -> None:
    drammen_0602 = spans[("0602", D(2008, 1, 1))]
    assert drammen_0602.valid_to == D(2020, 1, 1)
    assert not drammen_0602.valid_from_exact  # in use before the earliest loaded version
    assert spans[("3005", D(2020, 1, 1))].valid_to == D(2024, 1, 1)
    assert spans[("3301", D(2024, 1, 1))].valid_to is None


def test_merger_that_keeps_the_number_starts_a_new_span(spans) -> None:
    before = spans[("1103", D(2008, 1, 1))]
    after = spans[("1103", D(2020, 1, 1))]
    assert before.valid_to == D(2020, 1, 1)
    assert after.valid_to is None


def test_start_comes_from_the_change_table_when_it_knows(spans) -> None:
    # 1504 Ålesund began in the 1977 merger: older than our 2008 version, but known.
    alesund = spans[("1504", D(1977, 1, 1))]
    assert alesund.valid_from_exact
    assert alesund.valid_to == D(2020, 1, 1)


def test_names_per_version_follow_renames(spans) -> None:
    trondheim = spans[("5001", D(2020, 1, 1))]
    assert trondheim.name == "Trondheim - Tråante"
    assert "Trondheim" in trondheim.version_names.values()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read JSON"),
        ('{"id": 1, "name": "x"}', "missing field 'validFrom'"),
        ('{"id": 1, "name": "x", "validFrom": "2024-13-01"}', "is not a date"),
        (
            '{"id": 1, "name": "x", "validFrom": "2024-01-01", '
            '"classificationItems": [{"code": "30A1", "name": "x"}]}',
            "bad code '30A1'",
        ),
    ],
)
def test_bad_version_files_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "kommuneinndeling_2024.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(klass.KlassFormatError, match=message) as info:
        klass.parse_version(path)
    assert "kommuneinndeling_2024.json" in str(info.value)


def test_change_rows_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "klass131_changes_x.json"
    path.write_text(json.dumps({"codeChanges": [{"oldCode": "0101"}]}), encoding="utf-8")
    with pytest.raises(klass.KlassFormatError, match=r"codeChanges\[0\]"):
        klass.parse_changes(path)


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(klass.KlassFormatError, match="is not a folder"):
        klass.read_directory(tmp_path / "nope")
