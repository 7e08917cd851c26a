from django.contrib import admin

from leerplatform.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "starts_at", "kind", "theme", "status"]
    list_filter = ["edition", "kind", "status"]
    list_select_related = ["edition", "theme"]
    search_fields = ["title", "venue_name"]
    autocomplete_fields = ["theme"]
    date_hierarchy = "starts_at"
