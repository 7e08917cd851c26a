"""The admin of reflection and evaluation.

Journal entries are personal: the admin shows what staff need to help someone (whose entry, which
meeting, whether and with whom it is shared), never the answers or the note. Evaluations are
anonymous by default: their rows are read-only, and an anonymous one shows no "signed by" field at
all. Receipts (THAT someone evaluated) and reflection requests are records, read-only too.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from leerplatform.reflection.models import (
    Evaluation,
    EvaluationRating,
    EvaluationReceipt,
    GroupReflection,
    JournalEntry,
    ReflectionQuestion,
    ReflectionRequest,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReflectionQuestion)
class ReflectionQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "edition", "position"]
    list_filter = ["edition"]
    ordering = ["edition", "position"]


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ["user", "edition", "meeting", "is_shared", "shared_with", "created_at"]
    list_filter = ["edition"]
    list_select_related = ["user", "edition", "meeting", "shared_with"]
    search_fields = ["user__name", "user__email"]
    # Not the answers, not the note: what someone wrote in their journal is theirs.
    fields = ["user", "edition", "meeting", "shared_with", "created_at", "updated_at"]

    @admin.display(boolean=True, description=_("shared"))
    def is_shared(self, obj) -> bool:
        return obj.is_shared


@admin.register(GroupReflection)
class GroupReflectionAdmin(admin.ModelAdmin):
    list_display = ["group", "meeting", "author", "updated_at"]
    list_filter = ["group__edition"]
    list_select_related = ["group", "meeting", "author"]
    raw_id_fields = ["group", "meeting", "author"]


@admin.register(ReflectionRequest)
class ReflectionRequestAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "sent_at", "recipients"]
    list_select_related = ["meeting"]


class EvaluationRatingInline(admin.TabularInline):
    model = EvaluationRating
    fields = ["item", "rating"]
    readonly_fields = ["item", "rating"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "submitted_on", "signed"]
    list_filter = ["meeting__edition"]
    list_select_related = ["meeting", "user"]
    inlines = [EvaluationRatingInline]

    @admin.display(description=_("signed by"))
    def signed(self, obj) -> object:
        return obj.user.name if obj.user_id else _("anonymous")

    def get_fields(self, request, obj=None):
        fields = ["meeting", "submitted_on", "remarks"]
        # An anonymous evaluation has no signer: no field that could suggest one.
        if obj is not None and obj.user_id is not None:
            fields.append("user")
        return fields


@admin.register(EvaluationReceipt)
class EvaluationReceiptAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "user"]
    list_select_related = ["meeting", "user"]
