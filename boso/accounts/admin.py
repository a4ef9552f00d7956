from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from boso.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "role", "region", "municipality", "is_active")
    list_filter = ("role", "is_active", "region")
    list_select_related = ("region", "municipality")
    autocomplete_fields = ("municipality",)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Rolle og omfang"), {"fields": ("role", "region", "municipality")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_select_related = ("user",)
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")
