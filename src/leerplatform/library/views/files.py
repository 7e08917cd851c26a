"""Placeholder: filled in by the library work."""

from django.http import HttpResponse


def add_file(request, pk):
    return HttpResponse("todo")


def history(request, attachment_pk):
    return HttpResponse("todo")


def upload_version(request, attachment_pk):
    return HttpResponse("todo")


def download(request, attachment_pk):
    return HttpResponse("todo")


def download_version(request, version_pk):
    return HttpResponse("todo")


def restore_version(request, version_pk):
    return HttpResponse("todo")
