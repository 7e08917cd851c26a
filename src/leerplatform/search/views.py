"""Placeholder: the search page."""

from django.http import HttpResponse


def search(request):
    return HttpResponse("todo")
