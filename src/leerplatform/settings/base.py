"""Settings shared by every environment; everything site-specific comes from the environment.

See README.md ("Configuration") for the variables. `dev`, `test` and `production` build on this.
"""

from __future__ import annotations

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

SRC_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = SRC_DIR.parent
VAR_DIR = PROJECT_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First, so that its templates override those of allauth and Django (layouts, error pages).
    "leerplatform.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "template_partials",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    # Ours: one app per part of the domain
    "leerplatform.accounts",
    "leerplatform.editions",
    "leerplatform.meetings",
    "leerplatform.membership",
    "leerplatform.proposals",
    "leerplatform.groups",
    "leerplatform.library",
    "leerplatform.search",
    "leerplatform.reflection",
    "leerplatform.showcase",
    "leerplatform.notifications",
    "leerplatform.privacy",
    "leerplatform.pages",
    "leerplatform.demo",
]

MIDDLEWARE = [
    # Visitors' public pages from the shared cache, before any session is read (core.visitor_cache).
    "leerplatform.core.middleware.VisitorCacheMiddleware",
    # First: every later middleware, view and log line sees the client's address (core.proxies).
    "leerplatform.core.proxies.ClientIPMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "leerplatform.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "leerplatform.accounts.sessions.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with a plain response's headers built once (core.middleware.CSPMiddleware).
    "leerplatform.core.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "leerplatform.urls"
WSGI_APPLICATION = "leerplatform.wsgi.application"

TEMPLATES = [
    {
        # Django's backend; its check knows the i18n and static libraries replaced below.
        "BACKEND": "leerplatform.core.template_backend.Templates",
        "NAME": "django",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            # Django's {% url %}, each URL reversed once per process (core/reversing.py), and
            # {% extends %}, the root template's blocks found once per compiled template.
            "builtins": [
                "leerplatform.core.templatetags.cached_url",
                "leerplatform.core.templatetags.cached_extends",
                # Django's `date` and `time` filters, each answer kept per process (cached_dates.py).
                "leerplatform.core.templatetags.cached_dates",
            ],
            # Django's i18n and static libraries, with {% translate %} of a fixed text and
            # {% static %} made once per process (core/templatetags/cached_i18n.py, cached_static.py).
            "libraries": {
                "i18n": "leerplatform.core.templatetags.cached_i18n",
                "static": "leerplatform.core.templatetags.cached_static",
            },
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "leerplatform.groups.context_processors.audience",
                "leerplatform.notifications.context_processors.bell",
                "leerplatform.pages.context_processors.public_nav",
            ],
        },
    },
]
# Every form field drawn by the site's own field template (a required field says so in words).
FORM_RENDERER = "leerplatform.core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
# SQLite by default (one machine, zero set-up); PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'leerplatform.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer writes; IMMEDIATE transactions plus a busy
    # timeout make concurrent writers wait their turn instead of failing with "locked".
    # Django's engine, but the text of a query is converted to SQLite's style once (core/db/sqlite3).
    DATABASES["default"]["ENGINE"] = "leerplatform.core.db.sqlite3"
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's engine, but a new connection waits for a restarting server (core/db/postgresql).
        DATABASES["default"]["ENGINE"] = "leerplatform.core.db.postgresql"
    # PostgreSQL prepares the fixed queries of core.statements (only those: Django's own cursor
    # binds on the client and never prepares). Off behind a transaction-pooling pgbouncer.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
# A worker keeps its connection between requests (both databases): opening one, with SQLite's
# PRAGMAs above, cost a fifth of a small page. CONN_HEALTH_CHECKS replaces one that broke.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# How long opening a database connection waits for a restarting PostgreSQL (0: not at all).
DATABASE_CONNECT_RETRY_SECONDS = env.float("DATABASE_CONNECT_RETRY_SECONDS", default=10.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
# Redis is optional at run time: the cache fails open (leerplatform/core/cache.py). When Redis
# is down or slow, each process uses a local cache (so rate limits become per-process limits) and
# leaves Redis alone for REDIS_RETRY_AFTER seconds before trying again.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "leerplatform.core.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "leerplatform",
            "OPTIONS": {"RETRY_AFTER": env.float("REDIS_RETRY_AFTER", default=5.0)},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database only, with or without Redis. Not `cached_db`: its copy in Redis
# outlives an outage, and a cached session is read before the database, so a logout (or a
# password change that ends other sessions) during an outage would be undone by the stale copy
# once Redis is back; and a login during the outage would be written to the local cache of one
# process only. One indexed primary-key read per request, the person read with it
# (accounts/sessions.py), is cheap next to that.
SESSION_ENGINE = "leerplatform.accounts.sessions"
# Whole public pages for visitors, in the shared cache (core/visitor_cache.py). On only with Redis:
# a change must reach every worker's view of the cache. 0 turns it off.
VISITOR_CACHE_SECONDS = env.int("VISITOR_CACHE_SECONDS", default=300 if REDIS_URL else 0)
# Each process also keeps what it read from that cache in its own memory, at most this many bytes,
# and knows the content version without asking Redis (core/version_watch.py). 0 turns it off.
VISITOR_CACHE_LOCAL_BYTES = env.int("VISITOR_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "editions:my_dashboard"
LOGOUT_REDIRECT_URL = "editions:home"

ACCOUNT_ADAPTER = "leerplatform.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "leerplatform.accounts.forms.LoginForm"}  # its error tied to its fields
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
# Rate limits (allauth's machinery, kept in the cache; see accounts/ratelimits.py).
# Failed logins: at most 10 a minute per client IP, and 5 per five minutes per account *from one
# IP* (the adapter keys "key" on IP + address), so that nobody can lock out someone else.
# The public forms: per client IP and per email address ("key").
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("LOGIN_RATE_LIMIT", default="10/m/ip,5/300s/key"),
    "reset_password": "20/m/ip,5/m/key",
    "apply": env.str("APPLY_RATE_LIMIT", default="10/10m/ip,3/10m/key"),
    "guest_register": env.str("GUEST_RATE_LIMIT", default="10/10m/ip,3/10m/key"),
    "link_post": "30/10m/ip",  # posts to emailed links (confirm, cancel, set a password)
}
# A public form mails one address at most once per this many seconds (per edition or meeting).
PUBLIC_FORM_MAIL_INTERVAL = env.int("PUBLIC_FORM_MAIL_INTERVAL", default=10 * 60)
# Behind a load balancer or reverse proxy: how many proxies of ours stand in front, and the header
# they append the client address to. 0 (the default): the header is ignored (clients can forge it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="X-Forwarded-For")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Leerplatform] "

# --- Login with SURFconext --------------------------------------------------------------------
# "Inloggen met SURFconext": allauth's OpenID Connect provider, one app with the provider id
# "surfconext" (callback /accounts/oidc/surfconext/login/callback/). Off while the issuer, the
# client id or the secret is empty. The app is made from these settings by
# accounts.adapters.SocialAccountAdapter (list_apps); README "Login with SURFconext".
SURFCONEXT_ISSUER = env.str("SURFCONEXT_ISSUER", default="")  # e.g. https://connect.surfconext.nl
SURFCONEXT_CLIENT_ID = env.str("SURFCONEXT_CLIENT_ID", default="")
SURFCONEXT_CLIENT_SECRET = env.str("SURFCONEXT_CLIENT_SECRET", default="")
SURFCONEXT_SCOPES = env.list("SURFCONEXT_SCOPES", default=["openid", "profile", "email"])
# Domains whose addresses count as verified when SURFconext sends them, also without an
# email_verified claim (the hogescholen's own domains, whose accounts the institution manages).
# Empty: only email_verified=true counts.
SURFCONEXT_VERIFIED_EMAIL_DOMAINS = env.list("SURFCONEXT_VERIFIED_EMAIL_DOMAINS", default=[])
SOCIALACCOUNT_ADAPTER = "leerplatform.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
# SSO is a way to log in, not a way in: a newcomer gets an account without any membership.
SOCIALACCOUNT_AUTO_SIGNUP = True
# Only they sign up through allauth (its own sign-up is closed): they land on the home page, which
# says how to join an edition (apply, or wait for an invitation).
ACCOUNT_SIGNUP_REDIRECT_URL = "editions:home"
# The first login links to an existing account only through an address both sides have verified
# (SURFconext's email_verified claim; ours, see SocialAccountAdapter.can_authenticate_by_email).
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # a GET shows a confirmation page; only a POST leaves the site
SOCIALACCOUNT_STORE_TOKENS = False  # we only log in: no tokens are kept
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5  # seconds per request to SURFconext
# Lets login forms be redirected to SURFconext (CSP form-action) and shows "SURFconext is
# unreachable" instead of a 500 when the login view cannot fetch its discovery document.
MIDDLEWARE = [*MIDDLEWARE, "leerplatform.accounts.middleware.SurfconextMiddleware"]

# --- Email ----------------------------------------------------------------------------------
# EMAIL_URL examples: consolemail://, filemail:////abs/path/to/dir (four slashes: absolute), smtp+tls://user:pw@host:587
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Leerplatform <noreply@leerplatform.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------------------------
# The database queue (django-tasks-db, made durable by core.queue and core.worker): tasks are rows
# in the platform's own database, run by `manage.py run_worker` (`make run` starts one). Every
# node may run workers. TASKS_BACKEND=immediate runs each task in the web process after the
# request instead (no worker needed; not durable: for trying things out only).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env.str("TASKS_BACKEND", default="database") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
# A task whose worker has not been seen (heartbeat) for this long is run again by another worker.
TASKS_LEASE_SECONDS = env.int("TASKS_LEASE_SECONDS", default=60)
TASKS_HEARTBEAT_SECONDS = env.int("TASKS_HEARTBEAT_SECONDS", default=5)
# A failing task is tried this many times in all, waiting BACKOFF × 2^(attempt − 1) seconds
# between attempts (30 s, 1, 2, 4 minutes by default); then it is listed as failed on /status/.
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=5)
TASKS_RETRY_BACKOFF_SECONDS = env.int("TASKS_RETRY_BACKOFF_SECONDS", default=30)
# How long the record of which emails a task sent (its exactly-once guard) is kept.
TASKS_HISTORY_DAYS = env.int("TASKS_HISTORY_DAYS", default=30)

# --- Notifications ------------------------------------------------------------------------
# Notifications older than this are deleted by `manage.py purge_notifications` (run daily).
NOTIFICATIONS_KEEP_DAYS = env.int("NOTIFICATIONS_KEEP_DAYS", default=180)
# `manage.py send_reminders` (daily) looks this many days ahead (notifications/reminders.py).
NOTIFY_REPORT_DUE_DAYS = env.int("NOTIFY_REPORT_DUE_DAYS", default=3)
NOTIFY_CALL_CLOSING_DAYS = env.int("NOTIFY_CALL_CLOSING_DAYS", default=2)
NOTIFY_REPORTS_MISSING_DAYS = env.int("NOTIFY_REPORTS_MISSING_DAYS", default=3)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "leerplatform" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
# One date style per language, asked for by name ("2 december 2026"): leerplatform/formats.
FORMAT_MODULE_PATH = ["leerplatform.formats"]
LANGUAGE_COOKIE_NAME = "leerplatform_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "static"))
# Every page links one stylesheet, leerplatform/css/bundle.css (core's site.css and each app's
# static/<app>/css/*.css), and one script, leerplatform/js/bundle.js (htmx, core's
# leerplatform/js/*.js and each app's static/<app>/js/*.js), joined by core.staticfiles and
# written to this folder when a source changes.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "leerplatform.core.staticfiles.CssBundleFinder",
    "leerplatform.core.staticfiles.JsBundleFinder",
]
STATICFILES_BUNDLE_DIR = env.str(
    "STATICFILES_BUNDLE_DIR", default=str(VAR_DIR / "build" / "static")
)
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# No MEDIA_URL is served: every upload goes out through a view that checks permission.
MEDIA_URL = "/media-not-served/"

_staticfiles_backend = env.str(
    "STATICFILES_STORAGE_BACKEND",
    default="django.contrib.staticfiles.storage.StaticFilesStorage",
)
if env.str("MEDIA_STORAGE", default="filesystem") == "s3":
    # Any S3-compatible service (AWS, MinIO, Ceph, ...). Files stay private: the bucket ACL is
    # never public and downloads go through our permission-checking views.
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "access_key": env.str("S3_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {"BACKEND": _staticfiles_backend},
}

# Uploads: the limit per file is checked by our validators; this caps the whole request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The library: the largest file one may upload, and how long deleted documents stay in the bin.
LIBRARY_MAX_UPLOAD_BYTES = env.int("LIBRARY_MAX_UPLOAD_BYTES", default=25 * 1024 * 1024)
LIBRARY_BIN_DAYS = env.int("LIBRARY_BIN_DAYS", default=30)
# Reading a file's text for search runs in a child process with these limits (extract_worker);
# a file past a limit is kept and marked "could not be read". With the in-process (immediate) task
# backend the reading runs on a background thread of the web process, never in the request.
LIBRARY_EXTRACT_CPU_SECONDS = env.int("LIBRARY_EXTRACT_CPU_SECONDS", default=20)
LIBRARY_EXTRACT_MEMORY_MB = env.int("LIBRARY_EXTRACT_MEMORY_MB", default=768)
LIBRARY_EXTRACT_TIMEOUT_SECONDS = env.int("LIBRARY_EXTRACT_TIMEOUT_SECONDS", default=60)
LIBRARY_EXTRACT_IN_THREAD = True
PROFILE_PHOTO_MAX_BYTES = env.int("PROFILE_PHOTO_MAX_BYTES", default=2 * 1024 * 1024)

# --- Membership -----------------------------------------------------------------------------
# How long the personal link in an invitation works.
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)

# --- Meetings -------------------------------------------------------------------------------
# Reminder emails go to registered people this many days before a meeting starts
# (`manage.py send_meeting_reminders`, run daily).
MEETING_REMINDER_DAYS = env.int("MEETING_REMINDER_DAYS", default=3)
# The site's own address, for links in emails sent without a request (the reminders).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Security -------------------------------------------------------------------------------
# Nothing loads from anywhere but this server: no CDN, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# The console shows our own lines (LOG_LEVEL, default INFO), Django's (the server's request lines)
# and the task worker's; every other library only from WARNING: for one PDF WeasyPrint's progress
# and fontTools' font subsetting print ~150 lines at INFO, Markdown and rules thousands at DEBUG.
# Django's loggers keep their mail to the admins and runserver's request lines as Django sets them
# up, but print through the root's console only (Django's own console handler would print each of
# their lines a second time with DEBUG).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # Every line names the client's address (behind trusted proxies too; core.proxies).
        "client_ip": {"()": "leerplatform.core.proxies.ClientIPFilter"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "leerplatform": {"format": "[%(client_ip)s] %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_ip"],
            "formatter": "leerplatform",
        },
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "leerplatform": {"level": env.str("LOG_LEVEL", default="INFO")},
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "INFO"},
        "django_tasks_db": {"level": "INFO"},
        **{
            library: {"level": "WARNING"}
            for library in ("fontTools", "weasyprint", "pydyf", "PIL", "MARKDOWN", "rules")
        },
    },
}

# --- Privacy: the statement, erasure and retention (AVG) ------------------------------------------
# The installation's own privacy statement (a Markdown file); unset: the default text, in Dutch
# (and English), filled in with the periods below. Its version is recorded with every consent.
PRIVACY_STATEMENT_FILE = env.str("PRIVACY_STATEMENT_FILE", default="")
PRIVACY_STATEMENT_VERSION = env.str("PRIVACY_STATEMENT_VERSION", default="")
# Who answers questions about personal data (shown in the default statement).
PRIVACY_CONTACT_EMAIL = env.str("PRIVACY_CONTACT_EMAIL", default="")
# Days between asking to erase one's account and the erasure; logging in meanwhile cancels it.
ERASURE_GRACE_DAYS = env.int("ERASURE_GRACE_DAYS", default=7)
# `manage.py apply_retention` (daily): applications of people never admitted, months after their
# edition ended; guest registrations, days after the edition's last meeting; invitations, days
# after they expired unused.
RETENTION_APPLICATIONS_MONTHS = env.int("RETENTION_APPLICATIONS_MONTHS", default=12)
RETENTION_GUEST_REGISTRATIONS_DAYS = env.int("RETENTION_GUEST_REGISTRATIONS_DAYS", default=30)
RETENTION_INVITATIONS_DAYS = env.int("RETENTION_INVITATIONS_DAYS", default=30)
# The most a data export holds of a person's files (their photo, the documents they wrote);
# what does not fit is named in the export, not left out silently.
PRIVACY_EXPORT_MAX_FILE_BYTES = env.int("PRIVACY_EXPORT_MAX_FILE_BYTES", default=500 * 1024 * 1024)
