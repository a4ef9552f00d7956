from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from boso.statistics.models import ImportProfile, ImportRun, Indicator


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_nb", "kind", "unit", "direction", "source_table", "on_fact_sheet")
    list_filter = ("kind", "direction", "on_fact_sheet")
    search_fields = ("code", "name_nb", "name_en")
    raw_id_fields = ("numerator", "denominator")


@admin.register(ImportProfile)
class ImportProfileAdmin(SimpleHistoryAdmin):
    list_display = ("name", "table_id")


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("source", "status", "created_at", "created", "updated", "unchanged", "skipped")
    list_filter = ("status", "source_format")
    readonly_fields = [f.name for f in ImportRun._meta.fields]
