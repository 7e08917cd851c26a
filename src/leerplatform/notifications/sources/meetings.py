"""Notifications from meetings events."""
