"""Permission rows of the preferences views."""

ROWS: list = []
