from django.urls import path

from boso.selection import views, views_analysis, views_documents

app_name = "selection"

urlpatterns = [
    path("utvalg/", views.definition_list, name="definition-list"),
    path("utvalg/ny/", views.definition_create, name="definition-create"),
    path(
        "utvalg/indekser/<int:pk>/ny-versjon/", views.definition_version, name="definition-version"
    ),
    path("utvalg/indekser/<int:pk>/beregn/", views.run_compute, name="run-compute"),
    path("utvalg/kjoringer/<int:pk>/", views.run_detail, name="run"),
    path("utvalg/kjoringer/<int:pk>/pyramide/", views.run_pyramid, name="pyramid"),
    path("utvalg/kjoringer/<int:pk>/publiser/", views.run_publish, name="run-publish"),
    path(
        "utvalg/kjoringer/<int:pk>/beslutninger/<str:code>/", views.decision_record, name="decide"
    ),
    path(
        "utvalg/kjoringer/<int:pk>/beslutninger/<str:code>/historikk/",
        views.decision_history,
        name="decision-history",
    ),
    path("utvalg/min-kommune/", views.my_decisions, name="my-decisions"),
    path(
        "utvalg/kjoringer/<int:pk>/sensitivitet/",
        views_analysis.run_sensitivity,
        name="sensitivity",
    ),
    path("utvalg/kjoringer/<int:pk>/dekning/", views_analysis.run_coverage, name="coverage"),
    path("utvalg/rotasjon/<slug:family>/", views_analysis.family_rotation, name="rotation"),
    path(
        "utvalg/kjoringer/<int:run_id>/rangering.pdf",
        views_documents.ranking_pdf,
        name="ranking-pdf",
    ),
    path(
        "utvalg/kjoringer/<int:run_id>/rangering.xlsx",
        views_documents.ranking_xlsx,
        name="ranking-xlsx",
    ),
    path(
        "utvalg/kjoringer/<int:run_id>/beslutningsnotat.pdf",
        views_documents.memo_pdf,
        name="memo-pdf",
    ),
    path(
        "utvalg/kjoringer/<int:run_id>/beslutningsnotat.xlsx",
        views_documents.memo_xlsx,
        name="memo-xlsx",
    ),
]
