"""The change graph behind histories and lineages is built once and reused until the
register changes, in this process or in another one (a register load elsewhere)."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.utils import bulk_update_with_history

from boso.municipalities import selectors, services
from boso.municipalities.models import Municipality, MunicipalityChange

pytestmark = pytest.mark.django_db
KLASS_DIR = settings.SHARED_DIR / "data" / "kommuner" / "klass131_api_json"


def _codes(ids: set[int]) -> set[str]:
    return set(Municipality.objects.filter(pk__in=ids).values_list("code", flat=True))


def _lineage(code: str) -> set[str]:
    return _codes(selectors.municipality_lineage_ids(selectors.municipality_get(code)))


def test_an_unchanged_register_costs_one_query() -> None:
    drammen = selectors.municipality_get("3301")
    first = selectors.municipality_lineage_ids(drammen)
    with CaptureQueriesContext(connection) as again:
        assert selectors.municipality_lineage_ids(drammen) == first
    assert len(again) == 1  # the stamp; the graph is not read again


def test_a_renaming_written_elsewhere_is_seen() -> None:
    # Written as a load in another process would write it: in bulk, with history, and
    # without signals in this process.
    assert "0625" not in _lineage("3301")
    nedre_eiker = selectors.municipality_get("0625")
    nedre_eiker.name = "Drammen"
    bulk_update_with_history([nedre_eiker], Municipality, ["name"])
    assert "0625" in _lineage("3301")


def test_a_change_written_without_history_is_seen() -> None:
    assert _lineage("1580") == {"1580"}
    haram = selectors.municipality_get("1580")
    MunicipalityChange.objects.bulk_create(
        [
            MunicipalityChange(
                old_code="1579",
                old_name="Haram",
                new_code="1580",
                new_name="Haram",
                occurred=haram.valid_from,
            )
        ]
    )
    Municipality.objects.bulk_create(
        [
            Municipality(
                code="1579",
                name="Haram",
                valid_from=datetime.date(2019, 1, 1),
                valid_to=haram.valid_from,
            )
        ]
    )
    assert _lineage("1580") == {"1580", "1579"}


def test_a_newly_loaded_register_is_seen() -> None:
    Municipality.objects.filter(code="0602").update(name="Dramen")  # no history, no signal
    selectors.forget_change_graph()
    assert "0602" not in _lineage("3301")
    summary = services.register_load_klass(directory=KLASS_DIR)
    assert summary.municipalities_updated == 1
    assert "0602" in _lineage("3301")


def test_a_save_in_this_process_is_seen() -> None:
    selectors.change_graph()
    nedre_eiker = selectors.municipality_get("0625")
    nedre_eiker.name = "Drammen"
    nedre_eiker.save()
    assert "0625" in _lineage("3301")
