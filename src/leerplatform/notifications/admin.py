from django.contrib import admin

from leerplatform.notifications.models import Follow, Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "edition", "created_at", "read_at", "channel"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["recipient", "actor", "edition", "group"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "target_type", "target_id", "automatic", "created_at"]
    raw_id_fields = ["user", "edition"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "channel"]
    raw_id_fields = ["user"]
