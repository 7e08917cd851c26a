from django.urls import path

from leerplatform.editions import views

app_name = "editions"

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.my_dashboard, name="my_dashboard"),
    path("editions/<slug:slug>/", views.detail, name="detail"),
    path("editions/<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("editions/<slug:slug>/phase/", views.change_phase, name="change_phase"),
]
