"""Placeholder: filled in by the issue-7 work."""

from django.http import HttpResponse


def journal(request, slug):
    return HttpResponse("todo")


def questions(request, slug):
    return HttpResponse("todo")


def reflect(request, pk):
    return HttpResponse("todo")


def entry(request, entry_pk):
    return HttpResponse("todo")


def overview(request, pk):
    return HttpResponse("todo")


def group_reflection(request, pk, meeting_pk):
    return HttpResponse("todo")
