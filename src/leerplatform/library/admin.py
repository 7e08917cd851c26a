"""Admin for the library: for reading. Documents are added, changed, deleted to the bin and
restored through the pages (and so through the services, which keep the ledger and the search
index in step); the bin empties itself (`purge_library_bin`). What a group keeps to itself is
readable here for administrators only, as everything in the admin is."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from leerplatform.library.models import Attachment, Document, FileVersion


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting here would skip the bin, the ledger and the stored files.
        return False


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ("current", "created_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "edition", "kind", "group", "visibility", "created_at", "in_bin")
    list_filter = ("edition", "kind", "visibility", ("deleted_at", admin.EmptyFieldListFilter))
    list_select_related = ("edition", "group")
    search_fields = ("title", "summary")
    date_hierarchy = "created_at"
    inlines = [AttachmentInline]

    @admin.display(boolean=True, description=_("in the bin"))
    def in_bin(self, obj: Document) -> bool:
        return obj.deleted_at is not None


class VersionInline(ReadOnlyMixin, admin.TabularInline):
    model = FileVersion
    extra = 0
    fk_name = "attachment"
    fields = ("number", "original_name", "size", "content_type", "uploaded_by", "created_at")
    readonly_fields = fields


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "document", "created_at")
    list_select_related = ("document", "current")
    inlines = [VersionInline]


@admin.register(FileVersion)
class FileVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("original_name", "number", "attachment", "size", "text_status", "created_at")
    list_filter = ("text_status",)
    list_select_related = ("attachment",)
    search_fields = ("original_name", "sha256")
    exclude = ("text", "file")  # files are served only by the permission-checking views
