"""centre views (see urls.py)."""

urls: list = []
