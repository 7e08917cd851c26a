"""Notifications from library events."""
