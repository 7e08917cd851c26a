"""The notifications' URLs in the permission table, one module per area."""

from tests.notifications import rows_centre, rows_follow, rows_mentions, rows_preferences

ROWS = [*rows_centre.ROWS, *rows_preferences.ROWS, *rows_follow.ROWS, *rows_mentions.ROWS]
