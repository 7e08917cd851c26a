"""Development: `make run`. DEBUG on, a throw-away secret key, email to the console."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-dev-only-leerplatform-key")
WHITENOISE_USE_FINDERS = True
# Static files come straight from the apps (finders); collectstatic is for production only.
STATIC_ROOT = None
