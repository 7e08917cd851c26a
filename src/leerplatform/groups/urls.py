from django.urls import path

from leerplatform.groups.views import groups, workplan

app_name = "groups"

urlpatterns = [
    # Groups and their members (groups.py)
    path("editions/<slug:slug>/agenda/", groups.agenda, name="agenda"),
    path("editions/<slug:slug>/groups/", groups.group_list, name="list"),
    path("editions/<slug:slug>/groups/new/", groups.create, name="create"),
    path("groups/<int:pk>/", groups.detail, name="detail"),
    path("groups/<int:pk>/edit/", groups.edit, name="edit"),
    path("groups/<int:pk>/join/", groups.join, name="join"),
    path("groups/<int:pk>/leave/", groups.leave, name="leave"),
    path("groups/<int:pk>/members/", groups.members, name="members"),
    path(
        "groups/<int:pk>/requests/<int:request_pk>/",
        groups.decide_request,
        name="decide_request",
    ),
    # The work plan (workplan.py)
    path("groups/<int:pk>/workplan/", workplan.current, name="workplan"),
    path("groups/<int:pk>/workplan/edit/", workplan.edit, name="edit_workplan"),
    path("groups/<int:pk>/workplan/versions/", workplan.versions, name="workplan_versions"),
    path(
        "groups/<int:pk>/workplan/versions/<int:number>/",
        workplan.version,
        name="workplan_version",
    ),
    path("groups/<int:pk>/workplan/compare/", workplan.compare, name="compare_workplan"),
    path(
        "groups/<int:pk>/workplan/versions/<int:number>/agree/",
        workplan.agree,
        name="agree_workplan",
    ),
]
