"""Baobab's one settings module, read from the environment (12-factor).

``BAOBAB_ENV`` picks the safety profile:

- ``production`` (the default): DEBUG off, a real ``SECRET_KEY`` and ``ALLOWED_HOSTS`` required,
  HTTPS-only cookies and HSTS; the process refuses to start otherwise.
- ``demo``: what ``make demo`` runs: DEBUG on, a secret key generated once and kept under ``var/``.
- ``test``: what ``make test`` runs: like the demo, DEBUG off.
"""

import os
import secrets
import zoneinfo
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


BAOBAB_ENV = env_str("BAOBAB_ENV", "production")
if BAOBAB_ENV not in {"production", "demo", "test"}:
    raise ImproperlyConfigured("BAOBAB_ENV must be production, demo or test.")
PRODUCTION = BAOBAB_ENV == "production"

VAR_DIR = Path(env_str("BAOBAB_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", BAOBAB_ENV == "demo")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if PRODUCTION:
        if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
            raise ImproperlyConfigured(
                "Set SECRET_KEY to a random value of at least 50 characters "
                '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
            )
        return key
    if key:
        return key
    # The demo keeps one generated key so sessions survive a restart; it never leaves the machine.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names Baobab answers to.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "network",
    "onboarding",
    "programme",
    "learning",
    "experiments",
    "knowledge",
    "roadmap",
    "impact",
    "api",
    "website",
    "demo",
    "django_tasks",
    "django_tasks_db",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v3",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_countries",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so a request's logged duration is all of it.
    "baobab.logs.RequestLogMiddleware",
    # Outermost, so it compresses whatever the others answered, once they changed the body (the
    # admin's script nonces) and headers.
    "baobab.middleware.CompressionMiddleware",
    # Then, so it also turns the refusals of the others into JSON under /api/.
    "baobab.errors.ErrorMiddleware",
    # Then, so an oversized upload is refused before anything reads its body.
    "baobab.middleware.UploadSizeLimitMiddleware",
    # Then, so a method no view here takes is refused before any of them runs.
    "baobab.middleware.MethodMiddleware",
    # The ETag, computed on the body as it is sent but before compression (which makes it weak),
    # and the 304 to a request that already holds it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "baobab.middleware.ContentSecurityPolicyMiddleware",
    # A cached public page for a visitor with no session cookie, before any middleware below
    # reads the session, the user or the language: the same response, for much less work.
    "website.cache.EarlyPageCacheMiddleware",
    "baobab.middleware.SearchQueryLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baobab.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "network.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "network.sessions.SessionLifetimeMiddleware",
    "network.audit.RefusalAuditMiddleware",
    "website.cache.AnonymousPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its refusal page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baobab.urls"
WSGI_APPLICATION = "baobab.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # baobab is the project package, not an installed app: its shared templates (charts)
        # are found here.
        "DIRS": [BASE_DIR / "baobab" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'baobab.sqlite3'}",
        conn_max_age=0 if BAOBAB_ENV == "test" else 600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's server answers requests in threads. With SQLite's default deferred transactions
    # a write that starts as a read fails at once ("database is locked") when another thread
    # writes; immediate transactions wait their turn (up to the timeout), and WAL lets readers
    # go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every process (each gunicorn worker, and manage.py run from cron or a shell) must see the same
# cache, or a write made in one leaves the others serving stale pages. Without Redis, the database
# cache is that shared place and needs no other server: it reaches every app server that shares
# the database (a file cache would stop at one machine), and the page cache's invalidation commits
# in the same transaction as the write it follows. ``migrate`` creates its table
# (website.apps). Production refuses a per-process cache (the website.E001 system check).
_redis_url = env_str("REDIS_URL") or env_str("CACHE_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "baobab_cache",
            # Room for every public page in every language; past it, a third is culled.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    )
}

# Anonymous public pages are served from the cache until something they show changes, or time
# changes them (the next event start or end, midnight); browsers and proxies may keep them for
# BAOBAB_PAGE_BROWSER_SECONDS, so a change reaches them within that much.
BAOBAB_PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "86400"))
BAOBAB_PAGE_BROWSER_SECONDS = int(env_str("PAGE_BROWSER_SECONDS", "60"))

# Long work (large exports, PDFs, e-mail) runs as tasks. In production they wait in the database
# for `manage.py db_worker` processes; the demo and tests run each one at once, within the
# request that asked for it.
TASKS_BACKEND = env_str("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
if TASKS_BACKEND not in {"database", "immediate"}:
    raise ImproperlyConfigured("TASKS_BACKEND must be database or immediate.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# The release an offline pack says built it (impact.pack); the checkout's commit when unset.
BAOBAB_VERSION = env_str("RELEASE", "")

# django-axes counts failed logins first; the demo accounts' shared password is refused at login
# in production.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "network.auth.AuthenticationBackend",
]
# At most 100 failed logins an hour, counted per account and, separately, per client address.
AXES_FAILURE_LIMIT = int(env_str("LOGIN_FAILURE_LIMIT", "100"))
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False
# Every failed attempt gets its own row (who, from where, when), besides the per-hour counters;
# successful logins are in axes' access log.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The client's address is the connection's, unless a proxy of ours sits in front: then the
# address that proxy appended to X-Forwarded-For (and only that hop: the rest can be forged).
BAOBAB_BEHIND_PROXY = env_bool("BEHIND_TLS_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "baobab.middleware.client_address"
LOGIN_URL = "wagtailadmin_login"
# Sessions end after 2 hours idle (renewed on each request) and 12 hours after signing in.
SESSION_COOKIE_AGE = int(env_str("SESSION_IDLE_MINUTES", "120")) * 60
SESSION_SAVE_EVERY_REQUEST = True
BAOBAB_SESSION_MAX_SECONDS = int(env_str("SESSION_MAX_HOURS", "12")) * 3600
BAOBAB_INVITATION_DAYS = int(env_str("INVITATION_DAYS", "7"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the interface ships in these; content is translated with wagtail-localize.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("pt", _("Portuguese"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# locale/packages/: the libraries' Portuguese, built by ``make messages`` (baobab.compile_messages).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "packages"]
# The admin offers the site's languages only: a regional variant (pt-pt) would give the admin
# links to public addresses that do not exist.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
# The zones a person may choose in their account: all of them, less Debian's "localtime" file,
# which is no zone name (the browser refuses it, and the account page's script fails).
WAGTAIL_USER_TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime"})

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    # The demo and tests serve static files from the apps directly; production serves the
    # collected, compressed, hashed copies.
    WHITENOISE_USE_FINDERS = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

WAGTAIL_SITE_NAME = "Baobab"
# Approving the knowledge review publishes the item (see knowledge.workflows).
WAGTAIL_FINISH_WORKFLOW_ACTION = "knowledge.workflows.publish_when_reviewed"
# No request leaves for another site: no avatars from Gravatar (it would also learn who uses
# the admin), no check for new Wagtail releases.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILADMIN_BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The library's search: "builtin" reads its own index (knowledge.search: FTS5 on SQLite, tsvector
# on PostgreSQL), "wagtail" asks WAGTAILSEARCH_BACKENDS (e.g. OpenSearch) instead.
LIBRARY_SEARCH = env_str("LIBRARY_SEARCH", "builtin")
if LIBRARY_SEARCH not in ("builtin", "wagtail"):
    raise ImproperlyConfigured("LIBRARY_SEARCH must be builtin or wagtail")
# SVG and HTML can carry scripts: never accepted as documents (nor as images: Wagtail's default
# image formats leave SVG out). Each upload's content must match its extension
# (network.uploads).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_DOCUMENT_FORM_BASE = "network.uploads.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "network.uploads.ImageForm"
# Documents are always served through Wagtail's view, which applies collection privacy; the
# files under MEDIA_ROOT/documents are never served directly (only images/ is, see urls.py).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads larger than this are refused before their body is read (baobab.middleware and
# baobab.uploads); above FILE_UPLOAD_MAX_MEMORY_SIZE an upload goes to a temporary file, not memory.
BAOBAB_UPLOAD_MAX_BYTES = int(env_str("UPLOAD_MAX_MB", "20")) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = WAGTAILDOCS_MAX_UPLOAD_SIZE = BAOBAB_UPLOAD_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "baobab.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Public search boxes and admin searches read at most this many characters of a query.
BAOBAB_SEARCH_MAX_CHARS = 200

# Every e-mail is sent by a task: with the database task backend a worker sends it, so no
# request waits for the mail server (baobab.mail).
EMAIL_BACKEND = "baobab.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env_str("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "baobab@localhost")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The public site has no inline script or style: everything comes from our own origin. The
# admin's relaxations are added for /admin/ only (baobab.middleware's CSP middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Two-step verification: secretariat accounts cannot use the admin without it in production.
REQUIRE_2FA_FOR_SECRETARIAT = env_bool("REQUIRE_2FA_FOR_SECRETARIAT", PRODUCTION)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Erasures are also written here, outside the database, so that restoring an older backup
# cannot bring an erased person back (manage.py restore applies them again).
BAOBAB_ERASURE_LEDGER = Path(env_str("ERASURE_LEDGER") or VAR_DIR / "erasure-ledger.jsonl")

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for this exact host, on every path.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One JSON object a line in production (LOG_FORMAT=json), for a log collector; plain text
    # in a terminal.
    "formatters": {"json": {"()": "baobab.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **(
                {"formatter": "json"}
                if env_str("LOG_FORMAT", "json" if BAOBAB_ENV == "production" else "text") == "json"
                else {}
            ),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Every task run, page action and request is logged at INFO: useful in production logs,
    # noise in a terminal.
    "loggers": {
        name: {"level": env_str("LOG_LEVEL", "WARNING" if BAOBAB_ENV != "production" else "INFO")}
        for name in ("django_tasks", "wagtail", "baobab.requests")
    },
}


# --- Production stack (deploy/): error reports, background worker ---------------------------------

# Error reports go to Sentry (or a compatible service) only when SENTRY_DSN is set, without
# personal data (baobab.error_reports).
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from baobab.error_reports import error_reports_start

    error_reports_start(dsn=SENTRY_DSN, environment=BAOBAB_ENV)
