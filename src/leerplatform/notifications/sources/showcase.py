"""Notifications from showcase events."""
