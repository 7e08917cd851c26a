"""The privacy app's domain events: the signals its services send.

`tasks.py` connects the ones that need background work, queued once the service's transaction
commits. Every event is sent inside the service's transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

# A person asked for an export of their data. kwargs: export.
export_requested = Signal()
