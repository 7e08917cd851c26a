"""The project's URLs: one include per app.

The pages that compose several apps (pages.urls) keep the URL names of the app they show: their
patterns join that app's own in its namespace (`editions:dashboard`, `meetings:detail`).
"""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from leerplatform.editions import urls as editions_urls
from leerplatform.meetings import urls as meetings_urls
from leerplatform.pages import urls as pages_urls

urlpatterns = [
    path("", include((pages_urls.edition_patterns + editions_urls.urlpatterns, "editions"))),
    path("", include("leerplatform.accounts.urls")),
    path("", include("leerplatform.membership.urls")),
    path("", include((pages_urls.meeting_patterns + meetings_urls.urlpatterns, "meetings"))),
    path("", include("leerplatform.proposals.urls")),
    path("", include("leerplatform.groups.urls")),
    path("", include("leerplatform.library.urls")),
    path("", include("leerplatform.search.urls")),
    path("", include("leerplatform.reflection.urls")),
    path("", include("leerplatform.showcase.urls")),
    path("", include("leerplatform.notifications.urls")),
    path("", include("leerplatform.privacy.urls")),
    path("", include("leerplatform.core.urls")),
    path("accounts/", include("allauth.urls")),
    # Without a CSRF token: the switch is on every page, and a page with a token in it cannot be
    # shared between visitors (core.visitor_cache). A forged switch only changes a language cookie.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
