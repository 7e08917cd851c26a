"""Permission rows (see permission_rows.py)."""

ROWS: list = []
