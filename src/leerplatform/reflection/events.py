"""Reflection's domain events: signals its services send; `tasks.py` queues the emails."""

from __future__ import annotations

from django.dispatch import Signal

# A meeting's request to reflect was claimed; its attendees are to be asked by email.
# kwargs: request = the ReflectionRequest; meeting = its Meeting; user_ids = the attendees' pks.
reflection_requested = Signal()
