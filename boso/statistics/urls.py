from django.urls import path

from boso.statistics import views_import

app_name = "statistics"

urlpatterns = [
    # Importing statistics in the browser (Husbanken only).
    path("statistikk/import/", views_import.import_start, name="import"),
    path("statistikk/import/kjoringer/", views_import.import_runs, name="import-runs"),
    path("statistikk/import/<int:pk>/", views_import.import_preview, name="import-preview"),
    path(
        "statistikk/import/<int:pk>/importer/", views_import.import_confirm, name="import-confirm"
    ),
    path("statistikk/import/<int:pk>/avbryt/", views_import.import_cancel, name="import-cancel"),
    path(
        "statistikk/import/<int:pk>/fremdrift/",
        views_import.import_progress,
        name="import-progress",
    ),
]
