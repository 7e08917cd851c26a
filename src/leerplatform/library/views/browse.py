"""Placeholder: filled in by the library work."""

from django.http import HttpResponse


def library(request, slug):
    return HttpResponse("todo")


def theme(request, slug, theme_pk):
    return HttpResponse("todo")
