"""Placeholder: filled in by the library work."""

from django.http import HttpResponse


def create(request, slug):
    return HttpResponse("todo")


def bin(request, slug):
    return HttpResponse("todo")


def detail(request, pk):
    return HttpResponse("todo")


def edit(request, pk):
    return HttpResponse("todo")


def delete(request, pk):
    return HttpResponse("todo")


def restore(request, pk):
    return HttpResponse("todo")
