"""The pages' URLs, in the namespaces of the apps they belong to (the root URLconf adds them):
`editions:home`, `editions:detail`, `editions:my_dashboard`, `editions:dashboard`,
`editions:archive`, `editions:about`, `editions:contact`, `editions:accessibility`,
`meetings:detail`."""

from django.urls import path

from leerplatform.pages.views import activity, dashboard, edition, meeting, public

edition_patterns = [
    path("", edition.home, name="home"),
    path("dashboard/", dashboard.my_dashboard, name="my_dashboard"),
    path("editions/<slug:slug>/", edition.detail, name="detail"),
    path("editions/<slug:slug>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("editions/<slug:slug>/activity/", activity.activity, name="activity"),
    path("editions/", public.archive, name="archive"),
    path("over/", public.about, name="about"),
    path("contact/", public.contact, name="contact"),
    path("toegankelijkheid/", public.accessibility, name="accessibility"),
]

meeting_patterns = [
    path("meetings/<int:pk>/", meeting.detail, name="detail"),
]
