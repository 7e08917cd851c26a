"""Erase my account: re-authenticate, read what goes and what stays, confirm."""

from django.http import Http404


def erase(request):
    raise Http404
