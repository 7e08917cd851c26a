"""Permission rows for this area."""

ROWS: list = []
