"""Texts of Django and django-allauth that appear on our pages, kept here for their Dutch.

Django's and allauth's own Dutch speaks formally ("Uw wachtwoord mag niet …", "Neem a.u.b.
contact met ons op"), and Django 5.2 left one password message untranslated. Our locale
(settings.LOCALE_PATHS) is read before the packages' locales, so an entry with the same msgid in
locale/nl/LC_MESSAGES/django.po gives our informal Dutch ("je") instead. But `makemessages
--no-obsolete` keeps only msgids that our own code uses: this module is that use. Nothing calls
these names; they exist so that the msgids are extracted and their translations stay.

Each msgid must be copied exactly (curly apostrophes, line breaks, placeholders) from the
package's source; after upgrading Django or allauth, check that they still match (a changed msgid
silently brings the formal Dutch back: tests/core/test_dutch_dates.py does not see it).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth.password_validation: the help texts under every new-password field
# (allauth's password change, set, reset-from-key and signup forms).
PASSWORD_HELP_TEXTS = [
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
]

# django.contrib.auth.password_validation.MinimumLengthValidator.get_error_message: Django 5.2
# changed this msgid ("%d" instead of "%(min_length)d") and its Dutch catalogue has no entry for
# it yet, so a too short password was refused in English.
PASSWORD_ERRORS = [
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]

# allauth: the password reset page, and the pages after signing up or adding an address
# ("Neem a.u.b. contact met ons op").
ALLAUTH_TEXTS = [
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. "
        "Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize "
        "the signup process. If you do not see the verification email in your main inbox, check "
        "your spam folder. Please contact us if you do not receive the verification email "
        "within a few minutes."
    ),
    gettext_noop(
        "We have sent an email to you for\nverification. Please click on the link inside that "
        "email. If you do not see the verification email in your main inbox, check your spam "
        "folder. Otherwise\ncontact us if you do not receive it within a few minutes."
    ),
]
