"""mentions views (see urls.py)."""

urls: list = []
