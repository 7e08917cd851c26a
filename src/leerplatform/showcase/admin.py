"""Admin for outputs, consents and closing reports: for reading. Offering, consent and publication
go through the pages (and so through the services, which keep the ledger, the library's
visibility and the search index in step); a consent changed here would publish or hide work
behind its authors' backs."""

from django.contrib import admin

from leerplatform.showcase.models import ClosingReport, Consent, Output


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ConsentInline(ReadOnlyMixin, admin.TabularInline):
    model = Consent
    extra = 0
    fields = ("author", "status", "decided_at")
    readonly_fields = fields


@admin.register(Output)
class OutputAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "edition", "group", "proposed_by", "proposed_at", "published_at")
    list_filter = ("edition", ("published_at", admin.EmptyFieldListFilter))
    list_select_related = (
        "edition",
        "group",
        "proposed_by",
        "document",
        "report__group",
        "report__meeting",
    )
    search_fields = ("document__title", "group__name")
    inlines = [ConsentInline]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("author", "output", "status", "decided_at")
    list_filter = ("status", "output__edition")
    list_select_related = (
        "author",
        "output__document",
        "output__report__group",
        "output__report__meeting",
    )
    search_fields = ("author__name", "author__email", "output__document__title")


@admin.register(ClosingReport)
class ClosingReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "edition",
        "language",
        "status",
        "progress",
        "pages",
        "requested_at",
        "published_at",
    )
    list_filter = ("edition", "language", "status")
    list_select_related = ("edition",)
