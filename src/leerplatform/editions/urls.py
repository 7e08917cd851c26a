"""The editions app's own URLs. The edition's pages that show more than the edition (home, the
edition page, the dashboards) are pages.urls.edition_patterns, in this same namespace (see the
root URLconf)."""

from django.urls import path

from leerplatform.editions import views

app_name = "editions"

urlpatterns = [
    path("editions/<slug:slug>/phase/", views.change_phase, name="change_phase"),
    path("editions/<slug:slug>/contacts/", views.contacts, name="contacts"),
    path("editions/<slug:slug>/contacts/<int:pk>/", views.edit_contact, name="edit_contact"),
    path(
        "editions/<slug:slug>/contacts/<int:pk>/remove/",
        views.remove_contact,
        name="remove_contact",
    ),
]
