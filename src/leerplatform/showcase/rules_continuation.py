"""Who may continue an edition in a new one, and who answers an invitation to continue.

- Starting a new edition from an old one is for the old edition's facilitators (object: the old
  Edition). Staff are not included on purpose: continuing is the facilitators' decision, and they
  become the new edition's facilitators. Whether the edition is closed is the service's business,
  so that the page can say why it cannot be continued yet.
- Answering an invitation to continue is for the invited person only (object: a
  ContinuationInvitation); the view answers 404 to anyone without an invitation, as for an
  invitation that does not exist.
"""

from __future__ import annotations

import rules

from leerplatform.editions.rules import is_facilitator


@rules.predicate
def is_invited_person(user, invitation) -> bool:
    return invitation is not None and user.is_authenticated and invitation.user_id == user.pk


# On an Edition (the old one)
rules.add_perm("showcase.continue_edition", is_facilitator)
# On a ContinuationInvitation
rules.add_perm("showcase.answer_continuation", is_invited_person)
