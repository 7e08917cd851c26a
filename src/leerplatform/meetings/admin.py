from django.contrib import admin
from django.db import transaction

from leerplatform.meetings.models import CalendarFeed, Meeting, ProgrammeItem, Registration
from leerplatform.meetings.services.meetings import record_status_change


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ["starts_at", "ends_at", "kind", "title", "description", "proposal"]
    raw_id_fields = ["proposal"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "starts_at", "kind", "theme", "status", "capacity"]
    list_filter = ["edition", "kind", "status"]
    list_select_related = ["edition", "theme"]
    search_fields = ["title", "venue_name"]
    autocomplete_fields = ["theme"]
    date_hierarchy = "starts_at"
    inlines = [ProgrammeItemInline]

    def save_model(self, request, obj, form, change):
        # Publishing or cancelling here is recorded in the ledger, as on the meeting pages.
        with transaction.atomic():
            previous = (
                Meeting.objects.filter(pk=obj.pk).values_list("status", flat=True).first()
                if change
                else None
            )
            super().save_model(request, obj, form, change)
            record_status_change(meeting=obj, previous_status=previous, actor=request.user)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-mostly: registrations change through the meeting pages (waitlist, emails, ledger)."""

    list_display = ["__str__", "meeting", "status", "registered_at", "reminded_at", "attended_at"]
    list_filter = ["status", "meeting__edition", "meeting"]
    list_select_related = ["meeting", "user"]
    search_fields = ["user__name", "user__email", "guest_name", "guest_email", "meeting__title"]
    date_hierarchy = "registered_at"
    readonly_fields = [
        "meeting",
        "user",
        "guest_name",
        "guest_email",
        "guest_organisation",
        "guest_confirmed_at",
        "status",
        "registered_at",
        "cancelled_at",
        "promoted_at",
        "reminded_at",
        "attended_at",
        "checked_in_by",
    ]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__name", "user__email"]
    readonly_fields = ["user", "created_at"]
    exclude = ["token"]

    def has_add_permission(self, request):
        return False
