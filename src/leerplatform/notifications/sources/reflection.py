"""Notifications from reflection events."""
