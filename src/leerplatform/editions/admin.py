from django.contrib import admin

from leerplatform.editions.models import Edition, Membership, Theme


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["position", "title", "description"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "phase", "max_participants", "is_published"]
    list_filter = ["phase", "is_published"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ThemeInline]
    # The phase moves through the dashboard so that every change is recorded in the ledger.
    readonly_fields = ["phase"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "position"]
    list_filter = ["edition"]
    search_fields = ["title"]
    list_select_related = ["edition"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "edition", "role", "joined_at", "left_at"]
    list_filter = ["edition", "role"]
    search_fields = ["user__name", "user__email"]
    list_select_related = ["user", "edition"]
    autocomplete_fields = ["user"]
