"""Notifications from groups events."""
