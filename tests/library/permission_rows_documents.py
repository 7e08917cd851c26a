"""Permission rows: documents, browsing, the bin."""

ROWS: list = []
