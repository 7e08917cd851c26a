"""Notifications from mentions events."""
