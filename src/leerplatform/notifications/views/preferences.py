"""preferences views (see urls.py)."""

urls: list = []
