from django.urls import path

from leerplatform.meetings.views import calendar, meetings, registrations

app_name = "meetings"

urlpatterns = [
    # Meetings and their programme (meetings.py)
    path("editions/<slug:slug>/meetings/", meetings.meeting_list, name="list"),
    path("editions/<slug:slug>/meetings/new/", meetings.create, name="create"),
    path("meetings/<int:pk>/edit/", meetings.edit, name="edit"),
    path("meetings/<int:pk>/programme/", meetings.programme, name="programme"),
    path(
        "meetings/<int:pk>/programme/<int:item_pk>/",
        meetings.programme_item,
        name="programme_item",
    ),
    path(
        "meetings/<int:pk>/programme/<int:item_pk>/delete/",
        meetings.delete_programme_item,
        name="delete_programme_item",
    ),
    # Calendars (calendar.py)
    path("meetings/<int:pk>/meeting.ics", calendar.meeting_ics, name="ics"),
    path("calendar/", calendar.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    # Registration, guests, attendance (registrations.py)
    path("meetings/<int:pk>/register/", registrations.register, name="register"),
    path("meetings/<int:pk>/unregister/", registrations.unregister, name="unregister"),
    path("meetings/<int:pk>/guests/", registrations.guest_register, name="guest_register"),
    path(
        "meetings/guests/<str:token>/confirm/",
        registrations.guest_confirm,
        name="guest_confirm",
    ),
    path("meetings/guests/<str:token>/cancel/", registrations.guest_cancel, name="guest_cancel"),
    path("meetings/<int:pk>/attendance/", registrations.attendance, name="attendance"),
    path(
        "meetings/<int:pk>/attendance/<int:registration_pk>/",
        registrations.check_in,
        name="check_in",
    ),
    path(
        "meetings/<int:pk>/registrations.csv",
        registrations.registrations_csv,
        name="registrations_csv",
    ),
    path("meetings/<int:pk>/attendance.csv", registrations.attendance_csv, name="attendance_csv"),
]
