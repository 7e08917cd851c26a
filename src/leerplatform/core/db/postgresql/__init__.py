"""Django's PostgreSQL engine that waits for the server while it restarts (see base.py)."""
