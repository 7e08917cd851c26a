"""Mijn gegevens: my exports, my consents, erasing my account."""

from django.http import Http404


def my_data(request):
    raise Http404
