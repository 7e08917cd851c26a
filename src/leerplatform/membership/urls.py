from django.urls import path

from leerplatform.membership.views import applications, invitations, people

app_name = "membership"

urlpatterns = [
    # Applications (aanmelden) and their review
    path("editions/<slug:slug>/apply/", applications.apply, name="apply"),
    path("editions/<slug:slug>/apply/sent/", applications.apply_sent, name="apply_sent"),
    path("apply/verify/<str:token>/", applications.verify, name="verify_application"),
    path("my/applications/", applications.my_applications, name="my_applications"),
    path("editions/<slug:slug>/applications/", applications.review, name="review"),
    path(
        "editions/<slug:slug>/applications/<int:pk>/",
        applications.application_detail,
        name="application_detail",
    ),
    path(
        "editions/<slug:slug>/applications/<int:pk>/promote/",
        applications.promote,
        name="promote",
    ),
    # Invitations
    path("editions/<slug:slug>/invitations/", invitations.invitations, name="invitations"),
    path(
        "editions/<slug:slug>/invitations/import/",
        invitations.import_invitations,
        name="import_invitations",
    ),
    path("invitations/<str:token>/", invitations.accept, name="accept_invitation"),
    # Agreements, the directory, leaving
    path("editions/<slug:slug>/agreements/", people.agreements, name="agreements"),
    path("editions/<slug:slug>/agreements/edit/", people.edit_agreements, name="edit_agreements"),
    path("editions/<slug:slug>/people/", people.directory, name="directory"),
    path("editions/<slug:slug>/people/institutions/", people.institutions, name="institutions"),
    path("editions/<slug:slug>/leave/", people.leave, name="leave"),
    path(
        "editions/<slug:slug>/members/<int:user_id>/end/",
        people.end_participation,
        name="end_participation",
    ),
]
