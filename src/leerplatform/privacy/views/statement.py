"""The privacy statement: text per installation, a Dutch default."""

from django.http import Http404


def privacy_statement(request):
    raise Http404
