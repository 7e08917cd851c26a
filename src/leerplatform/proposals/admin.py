"""Admin for plenary proposals: for reading and for repairs. Everyday changes go through the pages
(and so through the services, which keep the ledger and the programme in step)."""

from django.contrib import admin

from leerplatform.proposals.models import Comment, Proposal, ProposalCall, Support


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SupportInline(ReadOnlyInline):
    model = Support
    fields = ("user", "created_at")


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ("author", "text", "created_at")


@admin.register(ProposalCall)
class ProposalCallAdmin(admin.ModelAdmin):
    list_display = ("meeting", "deadline", "opened_by", "created_at")
    list_select_related = ("meeting", "opened_by")
    raw_id_fields = ("meeting", "opened_by")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "proposer", "kind", "status", "created_at")
    list_filter = ("status", "kind")
    list_select_related = ("call__meeting", "proposer")
    search_fields = ("title", "proposer__name", "proposer__email")
    raw_id_fields = ("call", "proposer", "decided_by")
    readonly_fields = ("created_at", "updated_at", "decided_at")
    inlines = [SupportInline, CommentInline]
