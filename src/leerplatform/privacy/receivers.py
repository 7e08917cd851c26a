"""Logging in during the grace period cancels an asked-for erasure (privacy.services.erasure).

Django's `user_logged_in` is sent by every way in (password, a login code, single sign-on,
allauth's login after a password reset), so none can forget it. The moment of the login is kept
in the session too: someone without a password proves it is them on "Erase my account" by a
recent login (views/erasure.py), since allauth re-authenticates by password only.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _

from leerplatform.privacy.services import erasure

LOGGED_IN_AT = "privacy_logged_in_at"


@receiver(user_logged_in, dispatch_uid="privacy_cancel_erasure_on_login")
def _logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[LOGGED_IN_AT] = time.time()
    if getattr(user, "erasure_due_at", None) is None:
        return
    if erasure.cancel_erasure(user=user) and request is not None:
        messages.success(
            request,
            _("Welcome back. You logged in, so your account will not be erased."),
            fail_silently=True,
        )
