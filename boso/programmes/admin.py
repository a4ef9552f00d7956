from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from boso.programmes.models import (
    Agreement,
    Application,
    ApplicationContact,
    ApplicationYear,
    Assessment,
    Call,
    Disbursement,
    Gathering,
    GrantDecision,
    InstrumentRecord,
    Invitation,
    Participation,
    Programme,
    ProgrammeBudget,
    StatusChange,
)

# Statuses change through the services only, so they are read-only here.


class ProgrammeBudgetInline(admin.TabularInline):
    model = ProgrammeBudget
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "region", "start_year", "end_year", "status", "application_deadline")
    list_filter = ("region", "status")
    readonly_fields = ("status",)
    inlines = [ProgrammeBudgetInline]


class GatheringInline(admin.TabularInline):
    model = Gathering
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ("municipality", "decision")


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ("title", "programme", "deadline", "status")
    list_filter = ("status",)
    readonly_fields = ("status",)
    inlines = [GatheringInline, InvitationInline]


class ApplicationYearInline(admin.TabularInline):
    model = ApplicationYear
    extra = 0


class ApplicationContactInline(admin.TabularInline):
    model = ApplicationContact
    extra = 0
    raw_id_fields = ("user",)


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "call", "status", "version", "submitted_at")
    list_filter = ("status",)
    raw_id_fields = ("municipality",)
    readonly_fields = ("status", "version", "submitted_at", "submitted_by")
    inlines = [ApplicationYearInline, ApplicationContactInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("application", "outcome", "assessed_by", "assessed_at")
    readonly_fields = ("outcome",)


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ("application", "starts_on", "ends_on", "status")
    readonly_fields = ("status",)


@admin.register(Participation)
class ParticipationAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "programme", "tier", "starts_on", "ends_on", "status")
    list_filter = ("status", "programme")
    raw_id_fields = ("municipality",)
    readonly_fields = ("status",)


@admin.register(GrantDecision)
class GrantDecisionAdmin(SimpleHistoryAdmin):
    list_display = ("participation", "year", "amount", "decided_on")


@admin.register(Disbursement)
class DisbursementAdmin(SimpleHistoryAdmin):
    list_display = ("grant", "requested_amount", "requested_on", "paid_amount", "paid_on", "status")
    readonly_fields = ("status",)


@admin.register(InstrumentRecord)
class InstrumentRecordAdmin(SimpleHistoryAdmin):
    list_display = ("municipality", "year", "kind", "amount", "count")
    list_filter = ("kind", "year")
    raw_id_fields = ("municipality",)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = (
        "content_type",
        "object_id",
        "from_status",
        "to_status",
        "changed_by",
        "changed_at",
    )
    list_filter = ("content_type",)

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
