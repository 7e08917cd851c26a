"""The notifications' URLs: the centre, preferences and unsubscribing, following, mentions."""

from leerplatform.notifications.views import centre, follow, mentions, preferences

app_name = "notifications"

urlpatterns = [*centre.urls, *preferences.urls, *follow.urls, *mentions.urls]
