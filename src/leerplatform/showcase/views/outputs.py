"""Placeholder: filled in by the issue-7 work."""

from django.http import HttpResponse


def public_page(request, slug):
    return HttpResponse("todo")


def feed(request, slug):
    return HttpResponse("todo")


def my_consents(request, slug):
    return HttpResponse("todo")


def manage(request, slug):
    return HttpResponse("todo")


def offer_document(request, pk):
    return HttpResponse("todo")


def offer_report(request, pk):
    return HttpResponse("todo")


def consent(request, pk):
    return HttpResponse("todo")
