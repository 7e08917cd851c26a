"""Placeholder: filled in by the issue-7 work."""

from django.http import HttpResponse


def mine(request, slug):
    return HttpResponse("todo")


def network(request, slug):
    return HttpResponse("todo")
