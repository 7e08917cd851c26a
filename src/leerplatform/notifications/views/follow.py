"""follow views (see urls.py)."""

urls: list = []
