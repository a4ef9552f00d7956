"""Pages of the programme plans, one view module per part."""

from django.urls import URLPattern

from boso.plans import views_documents, views_edit, views_indicators, views_plan

app_name = "plans"

urlpatterns: list[URLPattern] = [
    *views_plan.urlpatterns,
    *views_edit.urlpatterns,
    *views_indicators.urlpatterns,
    *views_documents.urlpatterns,
]
