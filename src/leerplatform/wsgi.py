"""WSGI entry point for gunicorn: `gunicorn leerplatform.wsgi` (production settings by default)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leerplatform.settings.production")

application = get_wsgi_application()
