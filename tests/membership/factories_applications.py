"""Test helpers for applications: rows as the application service leaves them, and form data."""

from __future__ import annotations

import itertools

from allauth.account.models import EmailAddress
from django.utils import timezone

from leerplatform.accounts.models import Institution, User, WorkLevel
from leerplatform.membership.models import Application, ApplicationStatus

_counter = itertools.count(1)
PASSWORD = "Zonnige-Dinsdag-42"


def make_applicant(
    *, email: str, name: str = "Anna Aanmelder", password: str | None = None
) -> User:
    """A person as an application makes them: no usable password unless given, unverified."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, name=name)
        EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return user


def make_application(
    edition,
    *,
    email: str | None = None,
    name: str | None = None,
    status: str = ApplicationStatus.SUBMITTED,
    themes: int = 1,
    password: str | None = None,
    confirmed: bool = True,
    **fields,
) -> Application:
    """An application of `edition` as the service leaves it; idempotent by email.

    Confirmed (the default): its person is attached (made when needed, without a usable password
    unless given). Unconfirmed: no person attached; with a `password`, an account with the
    address exists (not attached until confirmation)."""
    n = next(_counter)
    email = (email or f"applicant{n}@example.org").lower()
    existing = Application.objects.filter(edition=edition, email__iexact=email).first()
    if existing is not None:
        return existing
    name = name or f"Applicant {n}"
    user = None
    if confirmed or password is not None:
        user = make_applicant(email=email, name=name, password=password)
    application = Application.objects.create(
        edition=edition,
        user=user if confirmed else None,
        email_verified_at=fields.pop("email_verified_at", timezone.now() if confirmed else None),
        email=email,
        name=name,
        institution=fields.pop("institution", Institution.objects.order_by("name").first()),
        job_title=fields.pop("job_title", "HR-adviseur"),
        years_of_experience=fields.pop("years_of_experience", 8),
        work_level=fields.pop("work_level", WorkLevel.TACTICAL),
        motivation=fields.pop("motivation", "Ik wil leren van collega's in het hbo."),
        consented_at=timezone.now(),
        status=status,
        **fields,
    )
    application.themes.set(edition.themes.all()[:themes])
    return application


def form_data(edition, **overrides) -> dict:
    """Valid POST data for the application form of `edition`; overrides replace fields."""
    institution = Institution.objects.order_by("name").first()
    data = {
        "name": "Anna Aanmelder",
        "email": "anna@example.org",
        "institution": str(institution.pk),
        "institution_other": "",
        "job_title": "HRD-adviseur",
        "years_of_experience": "7",
        "work_level": WorkLevel.TACTICAL,
        "motivation": "Ik wil samen met collega's werken aan talentontwikkeling.",
        "themes": [str(t.pk) for t in edition.themes.all()[:2]],
        "consent": "on",
    }
    for key, value in overrides.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
