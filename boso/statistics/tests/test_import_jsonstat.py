"""JSON-stat import into the store, on SSB's real files (Kilde: Statistisk sentralbyrå)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from boso.statistics.importers import jsonstat, parse_source
from boso.statistics.importers.base import ImportFormatError
from boso.statistics.models import ImportRun, Observation, ObservationRevision
from boso.statistics.periods import PeriodError, parse_period
from boso.statistics.services import ImportFailed, statistics_import

SSB = settings.SHARED_DIR / "data" / "jsonstat" / "ssb"
POPULATION = SSB / "ssb_07459_befolkning_region-1130-strand_1986-2026.json"
KOSTRA = SSB / "ssb_12362_kostra-utgifter-funksjon_region-1130-strand_2015-2024.json"


def _import(path: Path, **kwargs):
    return statistics_import(table=parse_source(path.read_bytes()), source=path.name, **kwargs)


def test_strides_follow_the_row_major_order() -> None:
    table = jsonstat.parse(KOSTRA.read_bytes())
    cells = [cell for batch in table.batches for cell in batch]
    assert len(cells) == table.cells_total == 4850
    raw = json.loads(KOSTRA.read_text())
    # The last dimension (Tid) varies fastest: cell 1 is the same function a year later.
    assert cells[0].period == "2015"
    assert cells[1].period == "2016"
    assert cells[10].dimensions == (("KOKfunksjon0000", "100"), ("KOKart0000", "AGD10"))
    assert cells[0].value == Decimal(str(raw["value"][0]))


@pytest.mark.django_db
def test_population_import_and_reimport_changes_nothing() -> None:
    first = _import(POPULATION)
    assert (first.created, first.updated, first.unchanged) == (41, 0, 0)
    strand = Observation.objects.get(indicator__code="07459.Personer1", period="2026")
    assert strand.region == "1130"
    assert strand.value == Decimal("13959")
    again = _import(POPULATION)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 41)
    assert ObservationRevision.objects.count() == 0


@pytest.mark.django_db
def test_status_symbols_are_kept_never_zero() -> None:
    _import(KOSTRA)
    missing = Observation.objects.filter(indicator__code="12362.KOSbelop0000", value__isnull=True)
    assert missing.count() == 265
    assert set(missing.values_list("status", flat=True)) == {"."}


@pytest.mark.django_db
def test_a_revised_figure_keeps_the_old_one() -> None:
    _import(POPULATION)
    data = json.loads(POPULATION.read_text())
    data["value"][-1] = 14000
    table = parse_source(json.dumps(data).encode())
    result = statistics_import(table=table, source="revised")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 40)
    revision = ObservationRevision.objects.get()
    assert revision.value == Decimal("13959")
    assert revision.observation.value == Decimal("14000")


@pytest.mark.django_db
def test_dry_run_writes_nothing_but_counts() -> None:
    result = _import(POPULATION, dry_run=True)
    assert result.created == 41
    assert not Observation.objects.exists()
    assert ImportRun.objects.get().status == "previewed"


@pytest.mark.django_db
def test_unknown_region_refuses_the_whole_file() -> None:
    data = json.loads(POPULATION.read_text())
    data["dimension"]["Region"]["category"]["index"] = {"9876": 0}
    with pytest.raises(ImportFailed, match="unknown region code '9876'"):
        statistics_import(table=parse_source(json.dumps(data).encode()), source="bad")
    assert not Observation.objects.exists()
    assert ImportRun.objects.get().status == "failed"


@pytest.mark.django_db
def test_region_prefixes_of_the_statistics_bank_download() -> None:
    data = json.loads(POPULATION.read_text())
    data["dimension"]["Region"]["category"]["index"] = {"K-1130": 0}
    result = statistics_import(table=parse_source(json.dumps(data).encode()), source="k")
    assert result.created == 41
    assert Observation.objects.filter(region="1130").count() == 41


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["value"].pop(), r"'value' has 40 entries, but 'size' \[1, 1, 41\] makes 41"),
        (lambda d: d.pop("dimension"), "missing 'dimension'"),
        (lambda d: d["value"].__setitem__(3, "12"), r"value\[3\] is '12'"),
    ],
)
def test_broken_jsonstat_is_named(mutate, message: str) -> None:
    data = json.loads(POPULATION.read_text())
    mutate(data)

    def read_all() -> None:
        table = parse_source(json.dumps(data).encode())
        list(table.batches)

    with pytest.raises(ImportFormatError, match=message):
        read_all()


def test_truncated_json_names_the_place() -> None:
    with pytest.raises(ImportFormatError, match="invalid JSON at line 1"):
        parse_source(POPULATION.read_bytes()[:500])


@pytest.mark.django_db
def test_command_summary_and_failure(capsys, tmp_path: Path) -> None:
    call_command("import_statistics", str(POPULATION))
    assert capsys.readouterr().out.strip() == "created 41 / updated 0 / unchanged 0 / skipped 0"
    broken = tmp_path / "broken.json"
    broken.write_bytes(POPULATION.read_bytes()[:-10])
    with pytest.raises(CommandError, match="nothing written"):
        call_command("import_statistics", str(broken))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024", "2024"),
        ("2024H1", "2024H1"),
        ("2024S2", "2024H2"),
        ("2024K1", "2024K1"),
        ("2024Q4", "2024K4"),
        ("2024M03", "2024M03"),
        ("2024M3", "2024M03"),
        ("2024-11-20", "2024-11-20"),
    ],
)
def test_periods(text: str, code: str) -> None:
    assert parse_period(text).code == code


@pytest.mark.parametrize("text", ["24", "2024H3", "2024M13", "2024-02-30", "år 2024"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError, match="period"):
        parse_period(text)


@pytest.mark.django_db
def test_deleting_an_import_run_keeps_its_figures_without_provenance() -> None:
    _import(POPULATION)
    run = ImportRun.objects.get()
    run.delete()
    assert Observation.objects.filter(import_run__isnull=True).count() == 41
