"""Admin for learning groups: for reading and for repairs. Everyday changes go through the pages
(and so through the services, which keep the ledger, the member limits and the coordinators in
step). What a group keeps to itself is readable here for administrators only, as everything in
the admin is; the admin shows it but does not let it be rewritten."""

from django.contrib import admin

from leerplatform.groups.models import (
    GroupActivity,
    GroupMembership,
    JoinRequest,
    LearningGroup,
    Post,
    ProgressReport,
    Thread,
    WorkPlanVersion,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(ReadOnlyInline):
    model = GroupMembership
    fields = ("user", "is_coordinator", "joined_at", "left_at")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the members' own pages: readable, not editable here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LearningGroup)
class LearningGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "edition", "status", "join_policy", "max_size", "created_at")
    list_filter = ("edition", "status", "join_policy")
    list_select_related = ("edition",)
    search_fields = ("name",)
    raw_id_fields = ("created_by",)
    filter_horizontal = ("themes",)
    readonly_fields = ("created_at",)
    inlines = [MembershipInline]


@admin.register(GroupMembership)
class GroupMembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "group", "is_coordinator", "joined_at", "left_at")
    list_filter = ("is_coordinator", "group__edition")
    list_select_related = ("user", "group")
    search_fields = ("user__name", "user__email", "group__name")


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    list_display = ("user", "group", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("user", "group", "decided_by")
    search_fields = ("user__name", "user__email", "group__name")


@admin.register(WorkPlanVersion)
class WorkPlanVersionAdmin(ReadOnlyAdmin):
    list_display = ("group", "number", "author", "created_at", "agreed_at")
    list_select_related = ("group", "author")
    search_fields = ("group__name",)


@admin.register(GroupActivity)
class GroupActivityAdmin(ReadOnlyAdmin):
    list_display = ("title", "group", "kind", "status", "date")
    list_filter = ("kind", "status")
    list_select_related = ("group",)
    search_fields = ("title", "group__name")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ("group", "meeting", "author", "submitted_at")
    list_select_related = ("group", "meeting", "author")
    search_fields = ("group__name",)


class PostInline(ReadOnlyInline):
    model = Post
    fields = ("author", "text", "created_at", "edited_at", "deleted_at")


@admin.register(Thread)
class ThreadAdmin(ReadOnlyAdmin):
    list_display = ("title", "group", "visibility", "last_post_at")
    list_filter = ("visibility",)
    list_select_related = ("group",)
    search_fields = ("title", "group__name")
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "thread", "created_at", "edited_at", "deleted_at")
    list_select_related = ("thread", "author")
    search_fields = ("thread__title",)
