from django.urls import path

from boso.statistics import views_facts as views

app_name = "facts"

urlpatterns = [
    path("kommuner/<str:code>/faktaark/", views.fact_sheet, name="sheet"),
    path("kommuner/<str:code>/faktaark.xlsx", views.fact_sheet_xlsx, name="sheet-xlsx"),
    path("kommuner/<str:code>/faktaark.csv", views.fact_sheet_csv, name="sheet-csv"),
    path("statistikk/indikatorer/", views.indicator_list, name="indicator-list"),
    path("statistikk/indikatorer/<str:code>/", views.indicator_detail, name="indicator"),
]
