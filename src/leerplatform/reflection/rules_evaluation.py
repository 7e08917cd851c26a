"""Permissions for this area (filled in by its engineer)."""
