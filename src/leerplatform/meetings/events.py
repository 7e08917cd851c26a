"""The meetings app's domain events: signals its services send, received in `tasks.py`.

The services change rows; what must follow off the request path (an email) hangs on these. The
receivers queue their tasks once the service's transaction commits, so a rolled-back change mails
nobody.
"""

from __future__ import annotations

from django.dispatch import Signal

# A member or a confirmed guest got a place, went on the waiting list, or moved up from it.
# kwargs: registration (Registration), kind ("registered", "waitlisted" or "promoted")
registration_changed = Signal()

# A guest of the closing meeting registered (or registered again): they need the links to confirm
# their address and to cancel.
# kwargs: registration (Registration, a guest's)
guest_link_requested = Signal()

# A published meeting's programme was published or changed: the meeting was published with a
# programme, or an item was added, changed or removed (the standard day sends it once).
# kwargs: meeting (Meeting), actor (User or None)
programme_changed = Signal()

# A meeting was cancelled: everyone holding a place or waiting for one (members and confirmed
# guests) is told, with a calendar file that takes the meeting out of their calendar.
# kwargs: meeting (Meeting, already saved as cancelled), actor (User or None)
meeting_cancelled = Signal()
