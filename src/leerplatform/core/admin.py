from django.contrib import admin

from leerplatform.core.models import ActivityEntry


@admin.register(ActivityEntry)
class ActivityEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only."""

    list_display = ["created_at", "actor", "verb", "direction", "edition", "target_label"]
    list_filter = ["direction", "verb", "edition"]
    search_fields = ["actor__email", "actor__name", "target_label"]
    list_select_related = ["actor", "edition"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
