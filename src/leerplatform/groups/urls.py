from django.urls import path

from leerplatform.groups.views import activities, discussions, groups, reports, workplan

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
        "groups/<int:pk>/members/<int:person_pk>/remove/",
        groups.remove_member,
        name="remove_member",
    ),
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
    # Activities (activities.py)
    path("groups/<int:pk>/activities/", activities.timeline, name="activities"),
    path("groups/<int:pk>/activities/new/", activities.create, name="create_activity"),
    path(
        "groups/<int:pk>/activities/<int:activity_pk>/edit/",
        activities.edit,
        name="edit_activity",
    ),
    path(
        "groups/<int:pk>/activities/<int:activity_pk>/delete/",
        activities.delete,
        name="delete_activity",
    ),
    path(
        "groups/<int:pk>/activities/<int:activity_pk>/restore/",
        activities.restore,
        name="restore_activity",
    ),
    # Progress reports (reports.py)
    path("groups/<int:pk>/reports/<int:meeting_pk>/", reports.write, name="report"),
    path("meetings/<int:pk>/reports/", reports.meeting_overview, name="meeting_reports"),
    path("meetings/<int:pk>/reports/remind/", reports.remind, name="remind_reports"),
    # The group's discussions (discussions.py)
    path("groups/<int:pk>/discussions/", discussions.threads, name="threads"),
    path("groups/<int:pk>/discussions/new/", discussions.create_thread, name="create_thread"),
    path("discussions/<int:thread_pk>/", discussions.thread, name="thread"),
    path("posts/<int:post_pk>/edit/", discussions.edit_post, name="edit_post"),
    path("posts/<int:post_pk>/delete/", discussions.delete_post, name="delete_post"),
    path("groups/<int:pk>/notifications/", discussions.notifications, name="notifications"),
]
