"""Permission rows of the centre views."""

ROWS: list = []
