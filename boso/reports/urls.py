"""Pages of the reports, one view module per part."""

from django.urls import URLPattern

from boso.reports import (
    views_dashboards,
    views_documents,
    views_edit,
    views_report,
    views_synthesis,
)

app_name = "reports"

urlpatterns: list[URLPattern] = [
    *views_report.urlpatterns,
    *views_edit.urlpatterns,
    *views_documents.urlpatterns,
    *views_synthesis.urlpatterns,
    *views_dashboards.urlpatterns,
]
