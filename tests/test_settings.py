"""Settings follow the environment. Each case imports the settings fresh in a clean subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
GOOD_KEY = "k" * 20 + "-random-enough-for-a-test-0123456789abcdefghij"
KEYS = [
    "DEBUG",
    "SECRET_KEY",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "DATABASES",
    "CACHES",
    "SESSION_ENGINE",
    "STORAGES",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_USE_TLS",
]
SCRIPT = f"""
import importlib, json, sys
settings = importlib.import_module(sys.argv[1])
print(json.dumps({{k: getattr(settings, k, None) for k in {KEYS!r}}}, default=str))
"""


def run_settings(module: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(PROJECT_DIR / "src"),
        "HOME": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, f"leerplatform.settings.{module}"],
        env=clean_env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def load_settings(module: str, tmp_path: Path, **env: str) -> dict:
    result = run_settings(module, tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def production(tmp_path: Path, **env: str) -> dict:
    return load_settings("production", tmp_path, SECRET_KEY=GOOD_KEY, **env)


@pytest.mark.parametrize(
    "secret_key",
    [
        None,
        "",
        "too-short-a-key",
        "django-insecure-" + "x" * 60,
    ],
    ids=["missing", "empty", "short", "django-insecure"],
)
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, secret_key):
    env = {} if secret_key is None else {"SECRET_KEY": secret_key}

    result = run_settings("production", tmp_path, **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_with_a_good_key_is_locked_down(tmp_path):
    settings = production(tmp_path, DEBUG="true")

    assert settings["SECRET_KEY"] == GOOD_KEY
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True


def test_default_database_is_sqlite_with_wal_and_a_busy_timeout(tmp_path):
    settings = production(tmp_path)

    database = settings["DATABASES"]["default"]
    # Django's engine with one change (core/db/sqlite3: a query's text converted once).
    assert database["ENGINE"] == "leerplatform.core.db.sqlite3"
    init_command = database["OPTIONS"]["init_command"]
    assert "journal_mode=WAL" in init_command
    assert "busy_timeout=" in init_command
    assert int(init_command.split("busy_timeout=")[1].split(";")[0]) > 0
    assert database["OPTIONS"]["timeout"] > 0


def test_database_url_selects_postgresql(tmp_path):
    settings = production(
        tmp_path, DATABASE_URL="postgres://leer:geheim@db.example.org:5432/leerplatform"
    )

    database = settings["DATABASES"]["default"]
    # Django's engine with a bounded wait for a restarting server (core/db/postgresql).
    assert database["ENGINE"] == "leerplatform.core.db.postgresql"
    assert database["NAME"] == "leerplatform"
    assert database["HOST"] == "db.example.org"
    assert database["PORT"] == 5432
    assert database["USER"] == "leer"
    assert "init_command" not in database.get("OPTIONS", {})
    assert database["CONN_HEALTH_CHECKS"] is True


def test_without_redis_the_cache_is_local_and_sessions_in_the_database(tmp_path):
    settings = production(tmp_path)

    assert settings["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )
    assert settings["SESSION_ENGINE"] == "leerplatform.accounts.sessions"  # Django's db store


def test_redis_url_selects_the_fail_open_redis_cache_and_database_sessions(tmp_path):
    settings = production(tmp_path, REDIS_URL="redis://cache.example.org:6379/1")

    cache = settings["CACHES"]["default"]
    assert cache["BACKEND"] == "leerplatform.core.cache.FailOpenRedisCache"
    assert cache["LOCATION"] == "redis://cache.example.org:6379/1"
    assert settings["SESSION_ENGINE"] == "leerplatform.accounts.sessions"  # Django's db store


def test_media_storage_defaults_to_the_file_system(tmp_path):
    settings = production(tmp_path)

    assert settings["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_media_storage_s3_selects_a_private_s3_bucket(tmp_path):
    settings = production(
        tmp_path,
        MEDIA_STORAGE="s3",
        S3_BUCKET="leerplatform-media",
        S3_ENDPOINT_URL="https://s3.example.org",
    )

    storage = settings["STORAGES"]["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "leerplatform-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["querystring_auth"] is True


def test_email_url_smtp_selects_the_smtp_backend(tmp_path):
    settings = production(tmp_path, EMAIL_URL="smtp+tls://mailer:geheim@smtp.example.org:587")

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "smtp.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_USER"] == "mailer"
    assert settings["EMAIL_USE_TLS"] is True


def test_plain_smtp_url_selects_the_smtp_backend_without_tls(tmp_path):
    settings = production(tmp_path, EMAIL_URL="smtp://relay.example.org:25")

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert settings["EMAIL_HOST"] == "relay.example.org"
    assert settings["EMAIL_PORT"] == 25
    assert not settings["EMAIL_USE_TLS"]


def test_without_email_url_mail_goes_to_the_console(tmp_path):
    settings = production(tmp_path)

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_development_settings_start_without_any_environment(tmp_path):
    settings = load_settings("dev", tmp_path)

    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"]
