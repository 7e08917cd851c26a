"""Membership's domain events: signals its services send. Other apps (and membership's own
`tasks.py`) connect receivers to them; services never call higher apps or tasks directly."""

from __future__ import annotations

from django.dispatch import Signal

# A person's participation in an edition ended (they left, or a facilitator ended it).
# kwargs: membership = the editions.Membership that ended (`left_at` already set on the object,
#         not yet saved, so receivers run before the row is written);
#         actor = the User who ended it (the person themself when they left), or None.
participation_ended = Signal()

# An application form was submitted; the address is to be mailed what applies to it.
# kwargs: kind = services.applications.NEW, APPLIED or MEMBER; edition = the Edition;
#         email = the address (lowercased); application = the Application (None for MEMBER).
application_submitted = Signal()

# An application has a confirmed person behind it (the address was confirmed, or the applicant
# applied with a verified account) and now waits for the facilitators' decision.
# kwargs: application = the Application (saved, with its user).
application_confirmed = Signal()

# A facilitator decided on an application (accepted, declined or waitlisted).
# kwargs: application = the Application (saved with its new status); status = that status.
application_decided = Signal()

# Invitations were made or renewed and are to be mailed (one event per invite or import).
# kwargs: invitation_ids = list of Invitation pks.
invitations_made = Signal()
