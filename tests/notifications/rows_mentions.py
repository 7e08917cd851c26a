"""Permission rows of the mentions views."""

ROWS: list = []
