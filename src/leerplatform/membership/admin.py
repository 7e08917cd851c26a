"""The admin shows applications, invitations and agreements; changes go through the pages.

Decisions, invitations and published agreements are written by services that record them in the
ledger and send emails, so the admin only reads them. Applications and invitations may be
deleted (a person's request to remove their details); agreements and acceptances are evidence.
"""

from django.contrib import admin

from leerplatform.membership.models import Agreement, AgreementAcceptance, Application, Invitation


class ReadOnlyAdmin(admin.ModelAdmin):
    can_delete = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.can_delete and super().has_delete_permission(request, obj)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    can_delete = True
    list_display = [
        "name",
        "email",
        "edition",
        "institution",
        "years_of_experience",
        "work_level",
        "status",
        "email_verified_at",
        "created_at",
    ]
    list_filter = ["status", "edition", "work_level"]
    search_fields = ["name", "email", "institution__name", "institution_other", "job_title"]
    list_select_related = ["edition", "institution"]
    date_hierarchy = "created_at"
    exclude = ["verification_token"]  # a login link: not for anyone's eyes


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    can_delete = True
    list_display = [
        "email",
        "name",
        "edition",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["edition"]
    search_fields = ["email", "name"]
    list_select_related = ["edition", "invited_by"]
    exclude = ["token"]


class AcceptanceInline(admin.TabularInline):
    model = AgreementAcceptance
    extra = 0
    can_delete = False
    fields = ["user", "accepted_at"]
    readonly_fields = ["user", "accepted_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["edition", "version", "published_by", "published_at"]
    list_filter = ["edition"]
    list_select_related = ["edition", "published_by"]
    inlines = [AcceptanceInline]


@admin.register(AgreementAcceptance)
class AgreementAcceptanceAdmin(ReadOnlyAdmin):
    list_display = ["user", "agreement", "accepted_at"]
    list_filter = ["agreement__edition"]
    search_fields = ["user__name", "user__email"]
    list_select_related = ["user", "agreement__edition"]
