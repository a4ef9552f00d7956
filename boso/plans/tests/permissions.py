"""Permission-matrix rows for the plan pages, one module per part."""

from boso.core.testing.matrix import Row
from boso.plans.tests import (
    permissions_api,
    permissions_documents,
    permissions_edit,
    permissions_plan,
)

ROWS: list[Row] = [
    *permissions_plan.ROWS,
    *permissions_edit.ROWS,
    *permissions_documents.ROWS,
    *permissions_api.ROWS,
]
