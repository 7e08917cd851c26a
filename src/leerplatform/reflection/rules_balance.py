"""Who may see the give-and-take pages. The object is an Edition.

"Mijn brengen en halen" is every member's own page (participants and facilitators), about
themselves only: staff who are not in the edition have no give and take of their own there.
The network's balance is for the edition's facilitators and staff.
"""

from __future__ import annotations

import rules

from leerplatform.editions.rules import is_facilitator, is_member, is_staff

rules.add_perm("reflection.view_own_balance", is_member)
rules.add_perm("reflection.view_network_balance", is_facilitator | is_staff)
