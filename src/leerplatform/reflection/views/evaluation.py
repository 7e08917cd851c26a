"""Placeholder: filled in by the issue-7 work."""

from django.http import HttpResponse


def evaluate(request, pk):
    return HttpResponse("todo")


def results(request, pk):
    return HttpResponse("todo")


def export(request, pk):
    return HttpResponse("todo")
