"""The editions' domain events: signals its services send, inside their transaction after the
write. Higher apps connect receivers to them (notifications tells the edition's people); the
editions app imports none of them."""

from __future__ import annotations

from django.dispatch import Signal

# The edition moved to another phase. kwargs: edition (saved in its new phase), previous (the
# phase it was in), actor (the User who moved it, or None).
phase_changed = Signal()
