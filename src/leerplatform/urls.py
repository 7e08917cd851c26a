"""The project's URLs: one include per app."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("leerplatform.editions.urls")),
    path("", include("leerplatform.accounts.urls")),
    path("", include("leerplatform.membership.urls")),
    path("", include("leerplatform.meetings.urls")),
    path("", include("leerplatform.proposals.urls")),
    path("", include("leerplatform.groups.urls")),
    path("", include("leerplatform.library.urls")),
    path("", include("leerplatform.search.urls")),
    path("", include("leerplatform.reflection.urls")),
    path("", include("leerplatform.showcase.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
