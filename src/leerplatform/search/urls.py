from django.urls import path

from leerplatform.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/authors/", views.authors, name="authors"),
    path("search/groups/", views.groups, name="groups"),
]
