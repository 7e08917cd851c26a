"""Notifications from proposals events."""
