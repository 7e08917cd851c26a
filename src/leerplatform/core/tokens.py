"""Secret tokens for links sent by email or kept as subscription addresses."""

from __future__ import annotations

import secrets


def new_token() -> str:
    """A URL-safe random token of 43 characters (256 bits)."""
    return secrets.token_urlsafe(32)
