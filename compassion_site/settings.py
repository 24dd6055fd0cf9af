"""Tend's one settings module, read from the environment.

The defaults run a fresh clone for development: DEBUG on, a SQLite file in the project folder,
email printed to the console. Production sets DEBUG=0 and then must give SECRET_KEY and
ALLOWED_HOSTS; see the README's table of variables.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from compassion_site.env import cache_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

# A development key only while DEBUG is on; production refuses to start without a real one.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Generate one with: "
            'python -c "import secrets; print(secrets.token_urlsafe(50))"'
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the host names Tend answers to when DEBUG is off, "
        "for example ALLOWED_HOSTS=tend.example.org"
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The five apps, each depending only on those below it (care -> progress -> journal ->
# practices -> accounts), and the site itself (the home page and seed_demo read every app).
INSTALLED_APPS = [
    "compassion_site",
    "compassion_site.accounts",
    "practices",
    "journal",
    "progress",
    "care",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials.apps.SimpleAppConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the person with their session (one query for both).
    "compassion_site.accounts.sessions.AuthenticationMiddleware",
    # No django_otp.middleware.OTPMiddleware: two-factor is checked once, at login
    # (accounts/two_factor.py), and nothing asks user.is_verified() afterwards, so its lookup
    # of the person's device on every request (one query each, for everyone with two-factor)
    # bought nothing. Code that wants is_verified() must add it back (it fails loudly without).
    "compassion_site.accounts.middleware.shared_device",
    "compassion_site.accounts.middleware.person_time_zone",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "compassion_site.lib.failed_saves.FailedSaveMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "compassion_site.urls"
WSGI_APPLICATION = "compassion_site.wsgi.application"

# Every form field is drawn by one renderer, our templates/ first (compassion_site/lib/forms.py).
FORM_RENDERER = "compassion_site.lib.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "compassion_site.accounts.context_processors.care",
                "compassion_site.accounts.context_processors.way_back",
            ],
            "builtins": [
                "template_partials.templatetags.partials",
                "compassion_site.accounts.templatetags.writing",
                "compassion_site.accounts.templatetags.crisis",
            ],
            "loaders": [
                (
                    "template_partials.loader.Loader",
                    [
                        (
                            "django.template.loaders.cached.Loader",
                            [
                                "django.template.loaders.filesystem.Loader",
                                "django.template.loaders.app_directories.Loader",
                            ],
                        )
                    ],
                )
            ],
        },
    },
]

# Database: a SQLite file beside manage.py unless DATABASE_URL says otherwise.
_database_url = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _database = dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database address Tend understands ({error}). "
        "Use postgres://user:password@host:5432/name or sqlite:////absolute/path.db"
    ) from None
if _database["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://) or SQLite.")
if _database["ENGINE"] == "django.db.backends.postgresql":
    _database["CONN_HEALTH_CHECKS"] = True
    # What the planner counts for reading a page out of order: 1.1, as for an SSD or data held
    # in memory, where PostgreSQL's own 4 is for spinning disks. With 4, a search for a common
    # word reads all of a person's entries and sorts them (10 ms at 10,000) where walking them
    # newest first until it has enough takes 4 (BENCHMARKS.md). "server" leaves the server's.
    _page_cost = env_str("DB_RANDOM_PAGE_COST", "1.1").strip()
    if _page_cost != "server":
        try:
            _page_cost = float(_page_cost)
        except ValueError:
            raise ImproperlyConfigured(
                f"DB_RANDOM_PAGE_COST must be a number (or server); it is {_page_cost!r}."
            ) from None
        _database["OPTIONS"] = {"options": f"-c random_page_cost={_page_cost}"}
else:
    # SQLite: wait for a busy writer instead of failing, and start write transactions
    # immediately so two requests never deadlock upgrading a read lock.
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    # Tests run on a file, as Tend does, not in memory: an in-memory database shared between
    # threads locks whole tables and never waits, so races couldn't be tested as they happen.
    # One file per test process (pytest-xdist's workers, or two runs at once), in /tmp.
    _database["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"tend-test-{os.getpid()}.sqlite3")
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Library practices are YAML files, loaded by `manage.py sync_practices`.
PRACTICE_LIBRARY_DIR = BASE_DIR / "practices" / "library"
# Lessons are Markdown files with a small header, loaded by the same sync; the diagrams they
# may show are SVG files.
LESSON_LIBRARY_DIR = BASE_DIR / "practices" / "lessons"
LESSON_DIAGRAM_DIR = BASE_DIR / "templates" / "practices" / "diagrams"
# Paths (lessons and practices in order) are YAML files too, checked and loaded with them.
PATH_LIBRARY_DIR = BASE_DIR / "practices" / "paths"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes.backends.AxesStandaloneBackend, refusing locked-out logins before any other
    "compassion_site.accounts.backends.ThrottleBackend",
    "compassion_site.accounts.backends.UsernameOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # three hours

# Two-factor sign-in (django-otp): an authenticator app (TOTP) and single-use recovery codes.
# Wrong codes are throttled by django-otp itself: after n wrong codes in a row a device waits
# 2^(n-1) seconds before it checks another, and a right code resets the count.
OTP_TOTP_ISSUER = "Tend"

# Login throttling (django-axes, counts kept in the database so every worker shares them).
# Five failed logins lock an account, from anywhere, and separately lock an address, whatever
# accounts it tried, for 15 minutes. The list (not a nested list) makes the two independent.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the 15 minutes run from the 5th failure
AXES_RESET_ON_SUCCESS = True  # a success clears that account's failures (see ThrottleHandler)
AXES_HANDLER = "compassion_site.accounts.backends.ThrottleHandler"
AXES_USERNAME_CALLABLE = "compassion_site.accounts.backends.throttle_username"
AXES_CLIENT_IP_CALLABLE = "compassion_site.accounts.backends.client_ip"
AXES_LOCKOUT_CALLABLE = "compassion_site.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful login
AXES_ENABLE_ADMIN = False
# How many proxies append to X-Forwarded-For in front of Tend (usually 1); 0 uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Limits on everything else a stranger could guess or flood (accounts/throttle.py): how many
# tries in a fixed hour, counted in the shared cache below, per address or account and per
# client address (TRUSTED_PROXY_COUNT applies; IPv6 counts by /64).
PASSWORD_RESET_LIMIT_PER_ADDRESS = 3  # reset emails to one address
PASSWORD_RESET_LIMIT_PER_IP = 10
SIGNUP_LIMIT_PER_ADDRESS = 3  # new accounts (and so emails) for one email address
SIGNUP_LIMIT_PER_IP = 20  # sign-up posts, wrong ones too (a taken username is an answer)
INVITE_CODE_LIMIT_PER_PERSON = 10  # invite codes typed at /invite/
INVITE_CODE_LIMIT_PER_IP = 30
CONFIRMATION_EMAIL_LIMIT_PER_PERSON = 3  # links sent again, and changes of address
# A link to confirm an email address works once, for this long.
EMAIL_CONFIRMATION_TIMEOUT = 60 * 60 * 24 * 3  # three days

# One cache shared by every worker, so the limits above hold however many processes and hosts
# serve Tend: Django's database cache by default (its table, tend_cache, is made by `migrate`),
# or Redis/Valkey with CACHE_URL=redis://host:6379/0. See compassion_site/env.py.
CACHES = {"default": cache_from_url("CACHE_URL", env_str("CACHE_URL") or "db://")}
if not DEBUG and CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")):
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache every worker shares when DEBUG is off (db:// or "
        "redis://): with locmem:// or dummy:// the limits on sign-ups, password resets and "
        "invite codes would not hold."
    )

# Database sessions whose rows know their person (accounts/sessions.py): deleting an account
# deletes its sessions on every device. Run `manage.py clearsessions` daily from cron.
SESSION_ENGINE = "compassion_site.accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
# Messages can name an entry ("Moved “Sunday” to the trash"): keep them in the server-side
# session, never in a cookie the browser sends back and forth.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the cookie: htmx sends the token from base.html's hx-headers and forms
# carry it in a hidden field, so the cookie stays out of JavaScript's reach.
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media: recorded voices and made narration, through Django's storage API. Local files by
# default (served by Tend's own views, which check who may hear them); an S3-compatible store
# when S3_BUCKET is set (credentials from the usual AWS_* variables; S3_ENDPOINT_URL for a store
# that isn't Amazon's).
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    try:
        import storages  # noqa: F401
    except ImportError as missing:
        raise ImproperlyConfigured(
            "S3_BUCKET needs django-storages with boto3, which isn't in requirements.lock: "
            "pip install 'django-storages[s3]'"
        ) from missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not S3_BUCKET
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    },
    "staticfiles": {
        # Hashed names and compression in production; plain files while developing and
        # testing, so nothing needs collectstatic to run first.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# While developing, whitenoise serves straight from the source folders and picks up changes.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Email: printed to the console unless EMAIL_HOST names an SMTP server.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tend <tend@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
    EMAIL_TIMEOUT = 10
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security. Production answers over HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Tend needs no device or powerful feature: every one is off for us and any frame, except
# writing to the clipboard from our own pages (the "Copy link" button on an invite). Only
# features Chromium knows are named (it warns about others, such as bluetooth and web-share
# on Linux), so the browser console stays quiet.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "clipboard-read",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "sync-xhr",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
} | {"clipboard-write": ["self"]}

# Scripts and styles come from our own origin only: no inline script or style anywhere.
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
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}

# Logs carry paths and status codes, never what a person wrote.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured("LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL.")
# Journal words never reach logs or error reports: query strings are hidden from log lines
# (the development server logs every request line) and error reports carry no form data,
# query strings, cookies or, outside DEBUG, local variables. See compassion_site/logs.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "hide_query_strings": {"()": "compassion_site.logs.HideQueryStrings"},
        "hide_database_details": {"()": "compassion_site.logs.HideDatabaseDetails"},
    },
    "formatters": {
        "plain": {"format": "{levelname} {name} {message}", "style": "{"},
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["hide_query_strings", "hide_database_details"],
        },
        "server": {
            "class": "logging.StreamHandler",
            "formatter": "server",
            "filters": ["hide_query_strings", "hide_database_details"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # No handlers of its own: Django's defaults for "django" (a console, and mail to
        # ADMINS) hide neither query strings nor database details. It reaches ours (root).
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "INFO"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}
DEFAULT_EXCEPTION_REPORTER = "compassion_site.logs.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "compassion_site.logs.PrivateExceptionReporterFilter"
