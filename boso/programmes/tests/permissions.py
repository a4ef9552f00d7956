"""Permission-matrix rows for the development programmes, one module per part."""

from boso.core.testing.matrix import Row
from boso.programmes.tests import (
    permissions_api,
    permissions_calls,
    permissions_money,
    permissions_pages,
)

ROWS: list[Row] = [
    *permissions_calls.ROWS,
    *permissions_pages.ROWS,
    *permissions_money.ROWS,
    *permissions_api.ROWS,
]
