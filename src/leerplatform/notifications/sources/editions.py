"""Notifications from editions events."""
