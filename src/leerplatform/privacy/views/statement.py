"""The privacy statement: the installation's own text, or a Dutch (and English) default."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from leerplatform.accounts.consent import privacy_statement_version
from leerplatform.core.markdown import render_markdown

# The longest own statement shown (a Markdown file chosen by the installation).
MAX_STATEMENT_BYTES = 200_000


@require_safe
def privacy_statement(request: HttpRequest) -> HttpResponse:
    own_text = None
    if settings.PRIVACY_STATEMENT_FILE:
        raw = Path(settings.PRIVACY_STATEMENT_FILE).read_bytes()[:MAX_STATEMENT_BYTES]
        own_text = render_markdown(raw.decode("utf-8", errors="replace"))
    return render(
        request,
        "privacy/statement.html",
        {
            "own_text": own_text,
            "version": privacy_statement_version(),
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
            "periods": {
                "applications_months": settings.RETENTION_APPLICATIONS_MONTHS,
                "guest_days": settings.RETENTION_GUEST_REGISTRATIONS_DAYS,
                "invitation_days": settings.RETENTION_INVITATIONS_DAYS,
                "erasure_days": settings.ERASURE_GRACE_DAYS,
                "notification_days": settings.NOTIFICATIONS_KEEP_DAYS,
                "bin_days": settings.LIBRARY_BIN_DAYS,
            },
        },
    )
