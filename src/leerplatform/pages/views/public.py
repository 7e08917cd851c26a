"""The public pages beside the edition page: the archive of editions, "Over", "Contact" and the
accessibility statement. Everyone may read them; they show only editions visitors may see."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from leerplatform.pages.queries.public import archive as archive_entries
from leerplatform.pages.queries.public import contact_page

# When the accessibility statement was drawn up and the audit it reports on was done; change both
# when the statement is renewed (after the fixes of issue 18, and at least once a year).
ACCESSIBILITY_STATEMENT_DATE = dt.date(2026, 12, 4)
ACCESSIBILITY_AUDIT_DATE = dt.date(2026, 12, 4)
ACCESSIBILITY_RECHECK_DATE = dt.date(2026, 12, 4)  # the keyboard walk after the repairs


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    """Every edition visitors may see, with its period, outputs and closing report."""
    return render(request, "pages/archive.html", {"entries": archive_entries()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """What the network and the platform are (the text is the template's, translated)."""
    return render(request, "pages/about.html")


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    """The contact persons of the running edition(s)."""
    return render(request, "pages/contact.html", {"entries": contact_page()})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement, after the model of the Dutch government
    (toegankelijkheidsverklaring): status, how it was tested, what is known not to work yet and
    how to report a problem."""
    return render(
        request,
        "pages/accessibility.html",
        {
            "statement_date": ACCESSIBILITY_STATEMENT_DATE,
            "audit_date": ACCESSIBILITY_AUDIT_DATE,
            "recheck_date": ACCESSIBILITY_RECHECK_DATE,
            "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        },
    )
