"""Pages of the reports, one view module per part."""

from django.urls import URLPattern

from boso.reports import views_documents, views_edit, views_report

app_name = "reports"

urlpatterns: list[URLPattern] = [
    *views_report.urlpatterns,
    *views_edit.urlpatterns,
    *views_documents.urlpatterns,
]
