"""The visibility tiers: content is `group`, `confidential`, `platform` or `public`.

Who may see what is the one visibility rule in `groups.visibility` (`visible_q`, `filter_visible`,
`is_visible`), the lowest app that knows both edition and group memberships:

- public:   everyone, also visitors;
- platform: active members (participants and facilitators) of the content's edition;
- group:    active members of the content's learning group only;
- confidential (vertrouwelijk): the same audience as group; the rest of the platform keeps it out
            of the activity stream, notifications' text, exports, the closing report and
            give-and-take details, and it can never be published.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    GROUP = "group", _("Learning group only")
    PLATFORM = "platform", _("Participants of the edition")
    PUBLIC = "public", _("Public")
    # Like GROUP (the group's active members only), and further: never in the activity stream,
    # notifications' text, exports, the closing report or give-and-take details, never published.
    CONFIDENTIAL = "confidential", _("Confidential (group members only)")


# The tiers that are for a learning group's active members only.
GROUP_TIERS = (Visibility.GROUP, Visibility.CONFIDENTIAL)
