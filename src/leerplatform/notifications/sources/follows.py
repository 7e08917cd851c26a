"""Notifications from follows events."""
