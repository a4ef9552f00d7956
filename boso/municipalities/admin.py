from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from boso.municipalities.models import (
    County,
    Municipality,
    MunicipalityChange,
    MunicipalityVersion,
    Region,
    RegionCounty,
    RegionMunicipality,
)


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "valid_from", "valid_to")
    search_fields = ("code", "name")
    list_filter = ("valid_to",)


@admin.register(MunicipalityVersion)
class MunicipalityVersionAdmin(admin.ModelAdmin):
    list_display = ("name", "klass_id", "valid_from", "valid_to", "items_loaded")
    list_filter = ("items_loaded",)


@admin.register(MunicipalityChange)
class MunicipalityChangeAdmin(SimpleHistoryAdmin):
    list_display = ("occurred", "old_code", "old_name", "new_code", "new_name")
    search_fields = ("old_code", "old_name", "new_code", "new_name")
    date_hierarchy = "occurred"


@admin.register(County)
class CountyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "valid_from", "valid_to")


class RegionCountyInline(admin.TabularInline):
    model = RegionCounty
    extra = 1


class RegionMunicipalityInline(admin.TabularInline):
    model = RegionMunicipality
    extra = 0


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "office")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [RegionCountyInline, RegionMunicipalityInline]
