from django.urls import path

from leerplatform.proposals import views

app_name = "proposals"

urlpatterns = [
    path("meetings/<int:meeting_pk>/proposals/", views.proposal_list, name="list"),
    path("meetings/<int:meeting_pk>/proposals/call/", views.call, name="call"),
    path("meetings/<int:meeting_pk>/proposals/new/", views.create, name="create"),
    path("proposals/<int:pk>/", views.detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.edit, name="edit"),
    path("proposals/<int:pk>/support/", views.support, name="support"),
    path("proposals/<int:pk>/comment/", views.comment, name="comment"),
    path("proposals/<int:pk>/decide/", views.decide, name="decide"),
]
