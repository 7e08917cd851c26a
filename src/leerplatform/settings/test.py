"""Settings for the test suite (pytest). Same parts as production, faster hashing."""

from __future__ import annotations

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Rate limits live in the cache: one per process, emptied before every test (tests/conftest.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One process, one local cache: the visitor cache is on, so every test of a public page uses it.
VISITOR_CACHE_SECONDS = 300
# The local tier (core/version_watch.py) only where a test asks for it, with Redis.
VISITOR_CACHE_LOCAL_BYTES = 0
# SQLite tests in memory, one database per xdist worker, as with Django's own engine: pytest-django
# recognises that engine by its name only, and would give ours a file name with a suffix.
if DATABASES["default"]["ENGINE"] == "leerplatform.core.db.sqlite3":  # noqa: F405
    DATABASES["default"].setdefault("TEST", {}).setdefault("NAME", ":memory:")  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test's transaction never commits, so a background thread could not see its rows: file
# text is read (in its limited child process) where the captured on-commit callbacks run.
LIBRARY_EXTRACT_IN_THREAD = False
MEDIA_ROOT = str(VAR_DIR / "test-media")  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
