"""Permission rows: the search page."""

ROWS: list = []
