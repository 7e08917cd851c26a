"""Placeholder: filled in by the issue-7 work."""

from django.http import HttpResponse


def reports(request, slug):
    return HttpResponse("todo")


def progress(request, pk):
    return HttpResponse("todo")


def publish(request, pk):
    return HttpResponse("todo")


def download(request, pk):
    return HttpResponse("todo")
