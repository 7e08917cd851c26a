"""A second URLconf for tests/core/test_reversing.py: the same name, another path."""

from django.http import HttpResponse
from django.urls import include, path


def _view(request, pk):
    return HttpResponse()


urlpatterns = [
    path("elsewhere/", include(([path("p/<int:pk>/", _view, name="person")], "accounts"))),
]
