"""Permission-matrix rows for the reports, one module per part."""

from boso.core.testing.matrix import Row
from boso.reports.tests import permissions_api, permissions_documents, permissions_pages

ROWS: list[Row] = [
    *permissions_pages.ROWS,
    *permissions_documents.ROWS,
    *permissions_api.ROWS,
]
