from django.urls import path

from leerplatform.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/photo/", views.photo, name="photo"),
]
