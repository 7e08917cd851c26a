"""Membership's domain events: signals its services send. Other apps (and membership's own
`tasks.py`) connect receivers to them; services never call higher apps or tasks directly."""

from __future__ import annotations

from django.dispatch import Signal

# A person's participation in an edition ended (they left, or a facilitator ended it).
# kwargs: membership = the editions.Membership that ended (`left_at` already set on the object,
#         not yet saved, so receivers run before the row is written);
#         actor = the User who ended it (the person themself when they left), or None.
participation_ended = Signal()
