"""Who may do what on the way into an edition. The object is an Edition unless said otherwise."""

from __future__ import annotations

import rules

from leerplatform.accounts.rules import is_staff
from leerplatform.editions.rules import is_facilitator, is_member, is_participant


@rules.predicate
def is_open_for_applications(user, edition) -> bool:
    """Open, not closed, and not past the last day to apply (the edition's calendar closes
    applications by itself: nobody has to remember to untick "open for applications")."""
    return (
        edition is not None
        and edition.applications_open
        and edition.phase != "closed"
        and not edition.applications_have_closed()
    )


rules.add_perm("membership.apply", is_open_for_applications & ~is_member)
rules.add_perm("membership.review_applications", is_facilitator | is_staff)
rules.add_perm("membership.invite", is_facilitator | is_staff)
rules.add_perm("membership.publish_agreements", is_facilitator | is_staff)
rules.add_perm("membership.view_agreements", is_member | is_staff)
rules.add_perm("membership.view_directory", is_member | is_staff)
rules.add_perm("membership.leave", is_participant)
rules.add_perm("membership.end_participation", is_facilitator | is_staff)
