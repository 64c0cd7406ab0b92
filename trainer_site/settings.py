"""Psoas Coach settings: one module, read top to bottom.

Every environment variable the app reads is read in this file; the README has the table.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_bool(name, default=False):
    """A yes/no variable. A typo (DEBUG=ture) stops the start: read as False it would quietly
    turn on production mode, or turn off a protection."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value. "
        f"Use one of {', '.join(TRUE_WORDS)} for yes or {', '.join(FALSE_WORDS)} for no."
    )


def env_int(name, default, minimum=0):
    """A whole-number variable, at least `minimum`; anything else stops the start."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a whole number of {minimum} or more."
        )
    return number


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Mode --------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG")
# pytest sets PYTEST_VERSION during a run; the suite runs over plain HTTP like development.
RUNNING_TESTS = "PYTEST_VERSION" in os.environ
PRODUCTION = not (DEBUG or RUNNING_TESTS)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production (DEBUG off) needs a long random key, e.g. "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`.'
        )
    SECRET_KEY = "development-only-key-never-use-in-production-3f9c2a7e1b8d4c6f0a5e9b2d7c1f4a8e"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Applications -------------------------------------------------------------------------------

INSTALLED_APPS = [
    # Before the admin: per-language columns for the library's texts (routines/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes
    "django_tasks_db",
    "trainer_site",
    "routines",
    "practices",
    "clients",
]

MIDDLEWARE = [
    # First, so it compresses what every other middleware has finished writing: pages are HTML
    # that gzip shrinks 5-10x (whitenoise sends static files already compressed). BREACH: the
    # CSRF token is masked anew in every response and every compressed response gets
    # random-length padding (docs/security.md, "Compression").
    "trainer_site.middleware.CompressPagesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body: too large by its Content-Length is refused unread (413).
    "trainer_site.middleware.RequestSizeLimitMiddleware",
    # Early: a NUL character (which PostgreSQL cannot hold) never reaches sessions or views.
    "trainer_site.middleware.RejectNulMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: the browser's language; a signed-in trainer's own choice
    # wins below (TrainerLanguageMiddleware). The client's page and mail use the client's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "clients.languages.TrainerLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "trainer_site.middleware.SessionLimitsMiddleware",
    "trainer_site.middleware.TwoFactorMiddleware",
    # Every view needs a signed-in trainer unless marked @login_not_required (the public ones:
    # the client's private pages, sign-in, health check); tests/test_access_matrix.py checks both.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trainer_site.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the "too many attempts" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trainer_site.urls"
FORM_RENDERER = "trainer_site.forms.FormRenderer"
WSGI_APPLICATION = "trainer_site.wsgi.application"

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
                "django.template.context_processors.csp",
                "trainer_site.context_processors.main_nav",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------

# SQLite is the embedded default: WAL lets readers run beside the writer, IMMEDIATE transactions
# take the write lock up front (no upgrade deadlocks), and the timeout waits out a busy writer.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        # secure_delete: an erased client's rows are overwritten with zeros, not only unlinked.
        "PRAGMA busy_timeout=20000; PRAGMA secure_delete=ON;"
    ),
}
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
if RUNNING_TESTS and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The test database is a file, as in production, not Django's shared in-memory one: the
    # live server's request threads then each have their own connection with WAL and the busy
    # timeout, instead of sharing one connection (and its transaction state) between threads.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"psoas-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache is shared by every gunicorn worker and host, so nothing kept in it (the dashboard's
# overview, the caution-tag lists, later whole rendered pages) differs between workers:
# - CACHE_URL=redis://host:6379/1: Redis. Fast, shared, and its INCR is atomic, so it also keeps
#   the counters of failed secret-link guesses.
# - unset: Django's database cache, in the table trainer_site_cache that `migrate` creates. Every
#   worker and host that shares the database shares it; a read costs one indexed query. Its incr
#   is a read then a write, so guess counters use their own atomic rows (trainer_site.guessing).
# No per-process memory cache: each worker would keep its own copy (sessions that outlive a
# sign-out on the other worker, guess limits multiplied by the number of workers).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must start with redis:// or rediss:// (or be unset).")
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "trainer_site_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
CACHE_IS_SHARED_AND_ATOMIC = bool(CACHE_URL)
# Failed secret-link lookups (private links, unsubscribe links) allowed per client IP address in
# SHARE_GUESS_WINDOW seconds; then 429 until the window ends.
SHARE_GUESS_LIMIT = env_int("SHARE_GUESS_LIMIT", 20, minimum=1)
SHARE_GUESS_WINDOW = 600
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Accounts -----------------------------------------------------------------------------------

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "clients:dashboard"
LOGOUT_REDIRECT_URL = "login"
# A session ends 8 hours after sign-in, or after an hour without a request, whichever comes
# first (trainer_site.middleware.SessionLimitsMiddleware enforces both).
SESSION_COOKIE_AGE = 8 * 60 * 60
# Sessions live in the database, which every worker and host shares: a sign-out, "end other
# sessions" or a second factor turned on holds everywhere at once. With Redis they are also
# cached there (shared as well): one query fewer on every signed-in page. Over the database
# cache, caching them would only double the database work.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if CACHE_IS_SHARED_AND_ATOMIC
    else "django.contrib.sessions.backends.db"
)
SESSION_IDLE_SECONDS = 60 * 60
# Messages name clients ("Alex Client and all their records were erased"): keep them in the
# server-side session, not in a cookie the browser stores and sends with every request.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Failed sign-ins (django-axes): 5 failures lock that username (from anywhere) and that address
# (whatever username it tries) for 15 minutes; a success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "trainer_site.network.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Two-factor sign-in (django-otp TOTP, static tokens as recovery codes): optional for trainers,
# required for staff in the admin. Guessing is slowed per device by django-otp's default
# throttle (after n wrong codes in a row, 2^(n-1) s before the next is checked).
OTP_TOTP_ISSUER = "Psoas Coach"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Email ------------------------------------------------------------------------------------


def mailer_from_url(url):
    """EMAIL_URL: empty or console:// prints mail to the console; smtp://user:pass@host:587 uses
    STARTTLS; smtps://user:pass@host:465 uses implicit TLS; add ?tls=off for a local relay."""
    if not url or url.startswith("console:"):
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"}:
        raise ImproperlyConfigured("EMAIL_URL must start with console://, smtp:// or smtps://")
    options = {
        "host": parts.hostname,
        "port": parts.port,
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "timeout": 15,
    }
    if parts.scheme == "smtps":
        options["use_ssl"] = True
    else:
        options["use_tls"] = "tls=off" not in parts.query
    return {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}


MAILERS = {"default": mailer_from_url(os.environ.get("EMAIL_URL", ""))}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Psoas Coach <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (django.tasks) -------------------------------------------------------------

# Mail (the share link, reminders, digests, sign-up and password reset) is sent by tasks.
# TASK_BACKEND=immediate (the default) runs a task on the spot, inside the process that queued it:
# `make run` stays one process. TASK_BACKEND=database queues tasks in the database, where the
# worker (`manage.py db_worker`, django-tasks-db) on any host picks them up; docs/deploy.md.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate").strip().lower()
if TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASK_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured("TASK_BACKEND must be immediate or database.")
# A failed send is tried again after each of these delays in turn (seconds), then given up; each
# failed try stays in the admin (Task results, with its traceback).
TASK_RETRY_DELAYS = [int(delay) for delay in env_list("TASK_RETRY_DELAYS", "60,300,1800")]

# `make bench` turns on its yardstick page, /bench/floor/ (a 404 otherwise).
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

# Where `manage.py backup` writes when no --output is given.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
# Backups hold health data: `backup` encrypts them with age to these public keys ("age1...",
# comma-separated; `manage.py backup_keygen` makes a pair). Production refuses to write an
# unencrypted backup without --no-encrypt. `restore` decrypts with the private key in the
# identity file (or --identity).
BACKUP_AGE_RECIPIENTS = env_list("BACKUP_AGE_RECIPIENTS")
BACKUP_AGE_IDENTITY_FILE = os.environ.get("BACKUP_AGE_IDENTITY_FILE", "")

# --- Request size limits ------------------------------------------------------------------------
# Form posts are small; anything over 1 MB (files apart) is refused with 400 before a form sees it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
# Uploaded photos are judged in routines.images (5 MB, 25 megapixels); a file over 2 MB is
# streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Static and uploaded files ------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


def storage_from_url(url):
    """STORAGE_URL=s3://ACCESS_KEY:SECRET_KEY@BUCKET?endpoint_url=https://s3.example.net&region_name=eu-west-1
    keeps uploads in that S3-compatible bucket (the keys may instead come from boto3's usual
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an instance role). Returns the storage and the
    origin browsers fetch files from (for the Content-Security-Policy)."""
    from botocore.config import Config

    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(
            "STORAGE_URL must look like s3://KEY:SECRET@BUCKET?endpoint_url=..."
        )
    query = dict(parse_qsl(parts.query))
    options = {
        "bucket_name": parts.hostname,
        "endpoint_url": query.get("endpoint_url") or None,
        "region_name": query.get("region_name") or None,
        "default_acl": "private",  # nothing in the bucket is public
        "querystring_auth": True,
        "querystring_expire": STORAGE_SIGNED_SECONDS,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "addressing_style": query.get("addressing_style", "path"),
        # A bucket that does not answer fails a request (and /healthz) in seconds, not minutes.
        "client_config": Config(
            connect_timeout=5, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"}
        ),
    }
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password or "")
    origin = (
        options["endpoint_url"]
        or f"https://s3.{options['region_name'] or 'us-east-1'}.amazonaws.com"
    )
    backend = {"BACKEND": "trainer_site.storage.PrivateBucketStorage", "OPTIONS": options}
    return backend, origin.rstrip("/")


# Uploaded stretch photos: the local disk (MEDIA_ROOT) by default, or a bucket shared by every
# host. Either way the app serves them (routines.photos): a private photo only to who may see it.
STORAGE_URL = os.environ.get("STORAGE_URL", "")
# How long the bucket's signed address of a file stays valid once the app has sent a browser there.
STORAGE_SIGNED_SECONDS = env_int("STORAGE_SIGNED_SECONDS", 300, minimum=10)
if STORAGE_URL:
    MEDIA_STORAGE, MEDIA_ORIGIN = storage_from_url(STORAGE_URL)
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_ORIGIN = None
STORAGES = {
    "default": MEDIA_STORAGE,
    # Compressed, content-hashed names: safe to cache for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Outside production, whitenoise serves straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security headers ---------------------------------------------------------------------------

# Only our own files: no inline script or style, no eval, nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # The bucket, when photos live in one: the app redirects there with a signed address.
    "img-src": [CSP.SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    # The client's page registers its link's own service worker (clients/views/shared.py).
    "worker-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of ours uses are switched off for every page and any frame; the
# client's player keeps the screen awake during a hold (Wake Lock). Vibration and notifications
# (the player's cues, movement breaks) are not governed by this header and keep working.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "serial": [],
    "display-capture": [],
    "screen-wake-lock": ["self"],
}

if PRODUCTION:
    # TLS ends at the reverse proxy, which must set X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # __Host- cookies are secure, host-only and path=/, so no subdomain can plant or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Internationalisation -----------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
# English is the source text; every client-facing string has a Spanish translation in
# locale/es/LC_MESSAGES (make messages, make compile; the .mo files are committed).
LANGUAGES = [("en-gb", "English"), ("es", "Español")]
LANGUAGE_CODES = [code for code, _ in LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# The library's texts (routines.translation): one column per language on the same table, so a
# translated page costs no extra query; an empty translation falls back to English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en-gb"
MODELTRANSLATION_LANGUAGES = ("en-gb", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en-gb",)

# --- Logging ------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_share_tokens": {"()": "trainer_site.redaction.RedactShareTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_share_tokens"]}},
    "loggers": {
        # Request and access loggers print paths; route them through the redacting handler only.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # django-axes logs every sign-in at INFO; lockouts are WARNING and still shown.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
