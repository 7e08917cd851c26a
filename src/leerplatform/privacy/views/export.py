"""Download my data: request an export, follow its progress, download it (owner only, signed)."""

from django.http import Http404


def request_export(request):
    raise Http404


def export_status(request, pk: int):
    raise Http404


def download(request, pk: int):
    raise Http404
