"""Permission-matrix rows for the reports, one module per part."""

from boso.core.testing.matrix import Row
from boso.reports.tests import (
    permissions_api,
    permissions_api_synthesis,
    permissions_dashboard_documents,
    permissions_dashboards,
    permissions_documents,
    permissions_pages,
    permissions_synthesis,
)

ROWS: list[Row] = [
    *permissions_pages.ROWS,
    *permissions_documents.ROWS,
    *permissions_api.ROWS,
    *permissions_dashboards.ROWS,
    *permissions_dashboard_documents.ROWS,
    *permissions_synthesis.ROWS,
    *permissions_api_synthesis.ROWS,
]
