"""Notifications from membership events."""
