"""Permission rows of the follow views."""

ROWS: list = []
