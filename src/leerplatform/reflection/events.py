"""Reflection's domain events: signals its services send (the notifications listen)."""

from __future__ import annotations

from django.dispatch import Signal

# A meeting's request to reflect was claimed; its attendees are to be asked (a notification, by
# email at once unless they chose otherwise).
# kwargs: request = the ReflectionRequest; meeting = its Meeting; user_ids = the attendees' pks.
reflection_requested = Signal()
