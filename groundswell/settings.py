"""Groundswell's one settings module: everything comes from the environment.

Parsers are strict: a malformed value stops start-up with a message naming the
variable, instead of silently falling back to a default.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GROUNDSWELL_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("GROUNDSWELL_DEBUG", False)
TESTING = env_bool("GROUNDSWELL_TESTING", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set GROUNDSWELL_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "groundswell.accounts",
    "groundswell.workspaces",
    "groundswell.feedback",
    "groundswell.duplicates",
    "groundswell.inbox",
    "groundswell.notifications",
    "groundswell.changelog",
    "groundswell.widget",
    "groundswell.intake",
    "groundswell.imports",
    "groundswell.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "groundswell.accounts.sessions.AuthenticationMiddleware",
    "groundswell.pagecache.FreshAfterWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "groundswell.urls"
WSGI_APPLICATION = "groundswell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("TEST", {})
        test_name = os.environ.get("GROUNDSWELL_TEST_DATABASE")
        if test_name:
            DATABASES["default"]["TEST"]["NAME"] = test_name
        # Server-side binding lets psycopg prepare each statement a connection runs
        # often, so PostgreSQL plans it once instead of on every execution: planning
        # had been two thirds of its work per vote. A pooler that cannot keep prepared
        # statements (PgBouncer before 1.21, or without max_prepared_statements in
        # transaction mode) needs DATABASE_PREPARED_STATEMENTS=false.
        if env_bool("DATABASE_PREPARED_STATEMENTS", True):
            DATABASES["default"].setdefault("OPTIONS", {}).update(
                server_side_binding=True, prepare_threshold=5
            )
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "groundswell.sqlite",
            "NAME": os.environ.get("SQLITE_PATH", str(DATA_DIR / "groundswell.sqlite3")),
            # Kept open across requests, as PostgreSQL's are: opening one per request
            # re-ran the PRAGMAs and started every request with an empty page cache.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=20000;"
                    "PRAGMA mmap_size=268435456;"
                    "PRAGMA cache_size=-65536;"
                ),
            },
            # A file, not memory, so tests can use several connections at once.
            "TEST": {"NAME": os.environ.get("SQLITE_TEST_PATH", str(DATA_DIR / "test.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Django's own, each reading its row with one hand-written query (see the modules).
AUTHENTICATION_BACKENDS = ["groundswell.accounts.backends.AccountBackend"]
SESSION_ENGINE = "groundswell.accounts.sessions"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 3600  # a reset link lasts an hour
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "groundswell_cache",
    },
    # Rendered public pages, per process (see VISITOR_ and SIGNED_IN_PAGE_CACHE_SECONDS).
    # Entries live seconds and only busy pages profit; 500 of 20-40 KB bound the memory.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "groundswell-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
    # Rendered rows of boards, per process, keyed by everything they show, so they
    # never go stale, only out of use: 5,000 rows of 1-2 KB.
    # Off in development, where templates change while the process runs.
    "fragments": {
        "BACKEND": (
            "django.core.cache.backends.dummy.DummyCache"
            if DEBUG
            else "django.core.cache.backends.locmem.LocMemCache"
        ),
        "LOCATION": "groundswell-fragments",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# Signed-out visitors may see public pages up to this many seconds old, so a busy
# board is rendered once per interval per process instead of once per visitor.
# 0 turns it off.
VISITOR_PAGE_CACHE_SECONDS = env_int("VISITOR_PAGE_CACHE_SECONDS", 0 if TESTING else 2)
# Flash messages travel in a cookie only, so a request carrying one is seen by the
# page caches (groundswell.pagecache), which then render that page fresh.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
# Signed-in people share a board rendering up to this many seconds old (the team one
# copy, everyone else another), with their own votes, unread count and CSRF token
# filled in; whoever has just changed something gets fresh pages for this long.
SIGNED_IN_PAGE_CACHE_SECONDS = env_int("SIGNED_IN_PAGE_CACHE_SECONDS", 0 if TESTING else 2)
# Keep similarity indexes up to date in a background thread, so no query waits for it.
# Tests refresh in line, where they can see the data of their own transaction.
DUPLICATES_REFRESH_IN_BACKGROUND = not TESTING

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

# Email: SMTP in production; in development (GROUNDSWELL_DEBUG), files a developer can read.
MAIL_DIR = str(DATA_DIR / "mail")
EMAIL_DELIVERY = os.environ.get("EMAIL_DELIVERY", "files" if DEBUG else "smtp")
if EMAIL_DELIVERY == "files":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": MAIL_DIR},
        }
    }
elif EMAIL_DELIVERY == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "groundswell.mail.SMTPBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 30),
            },
        }
    }
elif EMAIL_DELIVERY == "console":
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    raise ImproperlyConfigured(
        f"EMAIL_DELIVERY={EMAIL_DELIVERY!r} is unknown; use smtp, files or console."
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Groundswell <noreply@localhost>")

REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if TESTING else "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    # django_rq provides the `rqworker` command that `groundswell worker` runs.
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={TASKS_BACKEND!r} is unknown; use database, rq or immediate."
    )

# A worker that claimed an outbox row (a notification or changelog email, a webhook
# delivery) and has not finished it after this many seconds is presumed dead, and
# the row is claimed again. Keep it well above one send (EMAIL_TIMEOUT): a row
# reclaimed while its send is still running goes out twice. The variable's first
# name, NOTIFICATION_SENDING_TIMEOUT, is still read.
OUTBOX_SENDING_TIMEOUT = env_int(
    "OUTBOX_SENDING_TIMEOUT", env_int("NOTIFICATION_SENDING_TIMEOUT", 600)
)
if OUTBOX_SENDING_TIMEOUT < 1:
    raise ImproperlyConfigured("OUTBOX_SENDING_TIMEOUT must be at least 1 (seconds).")

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Rate limits: attempts per window (seconds) per client address and per account.
SIGN_IN_RATE_LIMIT = env_int("SIGN_IN_RATE_LIMIT", 10)
EMAIL_RATE_LIMIT = env_int("EMAIL_RATE_LIMIT", 5)
RATE_LIMIT_WINDOW = env_int("RATE_LIMIT_WINDOW", 900)
# Ideas and feedback posted through the embeddable widget, per person and per address.
WIDGET_POST_RATE_LIMIT = env_int("WIDGET_POST_RATE_LIMIT", 10)

# Webhooks may reach private, loopback and link-local addresses (local development, tests).
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Intake channels: the inbound email address of a workspace is <token>@INBOUND_EMAIL_DOMAIN.
INBOUND_EMAIL_DOMAIN = os.environ.get("INBOUND_EMAIL_DOMAIN", "inbound.localhost").strip().lower()
INBOUND_EMAIL_MAX_BYTES = env_int("INBOUND_EMAIL_MAX_BYTES", 10 * 1024 * 1024)
# Slack's Web API, for looking message authors up when a workspace saved a bot token.
SLACK_API_URL = "https://slack.com/api"
# Message-shortcut confirmations are posted only to response_urls under this prefix.
SLACK_RESPONSE_URL_PREFIX = "https://hooks.slack.com/"
# Email providers' inbound webhooks (django-anymail) authenticate with HTTP basic auth
# "user:password"; while it is empty those endpoints are refused.
ANYMAIL = {
    "WEBHOOK_SECRET": os.environ.get("INBOUND_EMAIL_WEBHOOK_SECRET", ""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}
# Imports: the largest CSV file (bytes) the team may upload at /<workspace>/manage/import/.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
