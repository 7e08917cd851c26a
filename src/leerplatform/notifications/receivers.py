"""The apps' events turned into notifications: one module per part of the platform, each
connecting its receivers when imported (by `apps.py`)."""
