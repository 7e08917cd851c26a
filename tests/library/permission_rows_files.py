"""Permission rows: files, versions, downloads."""

ROWS: list = []
