"""Placeholder: filled in by the issue-7 work."""

from django.http import HttpResponse


def start(request, slug):
    return HttpResponse("todo")


def answer(request, slug):
    return HttpResponse("todo")
