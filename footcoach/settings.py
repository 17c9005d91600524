"""footcoach settings: one file, values from the environment with safe defaults.

With no environment at all it runs on SQLite in the data folder (FOOTCOACH_DATA,
default ./var) and keeps a generated secret key there.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name}={value!r} is not a yes/no value (use 1 or 0)")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a whole number") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return default if value is None else [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("FOOTCOACH_DATA", "var")).resolve()


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    # Generated once and kept beside the database, so `make run` needs no
    # settings file and sessions survive a restart.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "footcoach.accounts",
    "footcoach.library",
    "footcoach.training",
    "footcoach.progress",
    "footcoach.player",
    "footcoach.coaching",
    "footcoach.reminders",
    "ninja",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses pages and API answers (whitenoise sends static files compressed
    # already). Before every middleware that reads or writes the body; Django's
    # adds random bytes to each answer against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "footcoach.middleware.csrf_cookie_sent_only_when_new",
    "django.middleware.csrf.CsrfViewMiddleware",
    "footcoach.middleware.csrf_cookie_on_every_page",
    "footcoach.middleware.time_zone_from_browser",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout found during the view into the answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "footcoach.urls"
WSGI_APPLICATION = "footcoach.wsgi.application"

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
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "footcoach.sqlite3",
            # Each server thread keeps its connection between requests: opening
            # one (its PRAGMAs, Django's SQL functions) cost more than most
            # pages' queries. Checked before reuse, so a broken one is replaced.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Many people at once on one file: readers never block the writer
                # (WAL), a writer waits for the lock instead of failing at once,
                # and a write transaction takes the lock when it begins, so two
                # writers cannot deadlock upgrading from read to write.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "signin"
# The plan is what a person comes back for; without a profile it leads to the onboarding.
LOGIN_REDIRECT_URL = "plan"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names, kept a year by browsers; see footcoach.staticfiles.
    "staticfiles": {"BACKEND": "footcoach.staticfiles.HashedStaticFiles"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Pages and answers drawn from the content alone (footcoach.library.caching),
    # kept in each server's own memory: they are the same on every server of a
    # release, so there is nothing to share.
    "content": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "content",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
}

# Behind HTTPS (HTTPS=1): plain HTTP is redirected, browsers are told to use
# HTTPS only for a year (HSTS) and cookies travel over HTTPS alone. Off by
# default so that `make run` serves http://127.0.0.1 as it is.
HTTPS = envbool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", False)
# Django's sessions in the database, read with SQL written once (footcoach/accounts/sessions.py).
SESSION_ENGINE = "footcoach.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Reverse proxies in front of the app (PROXY_COUNT=1 behind one nginx or load
# balancer). Only then are X-Forwarded-Proto and X-Forwarded-For believed: a
# client can write any header it likes, so with no proxy they are ignored.
PROXY_COUNT = envint("PROXY_COUNT", 0)
if PROXY_COUNT < 0:
    raise ValueError(f"PROXY_COUNT={PROXY_COUNT} cannot be negative")
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every page: scripts, styles, pictures and connections from this site alone;
# no inline script or style, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Sign-in limits (django-axes). Wrong passwords are counted per pair of
# address and client: after 5 within 15 minutes that pair waits 15 minutes, so
# a stranger guessing cannot lock the owner out of their own device. A client
# is also capped across all addresses (IP_FAILURE_LIMIT, see
# footcoach.accounts.signin_limits), so it cannot try 5 passwords on each of a
# thousand addresses. Changing a password counts the same way.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in account with SQL written once.
    "footcoach.accounts.backends.PersonBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "footcoach.accounts.signin_limits.PairAndClientHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "footcoach.accounts.signin_limits.address_of"
AXES_LOCKOUT_CALLABLE = "footcoach.accounts.signin_limits.locked_out"
# A right password does not wipe the count: it would also wipe the client's
# count across addresses, letting someone with an account of their own guess
# on.
AXES_RESET_ON_SUCCESS = False
# The client is REMOTE_ADDR; behind PROXY_COUNT proxies, the address the
# nearest of them appended to X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_PROXY_ORDER = "right-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if PROXY_COUNT else ("REMOTE_ADDR",)
# Axes keeps each failed request's form data and logs each failure; these
# fields are masked in both, so no password (not even a wrong one, often a
# near miss) is stored, and no address or IP is written to the server's log.
AXES_SENSITIVE_PARAMETERS = [
    "username", "ip_address", "old_password", "new_password1", "new_password2", "csrfmiddlewaretoken",
]
AXES_VERBOSE = False  # no banner on every start of a command


# Email for password resets (and later reminders and invitations). With
# nothing set, messages are printed on the server's console, so `make run`
# needs no mail server. EMAIL_URL=smtp://user:password@host:587 sends by SMTP
# with STARTTLS (smtps:// for TLS from the start), as do Django's usual
# EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and
# EMAIL_USE_TLS / EMAIL_USE_SSL.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    _mail = urlsplit(EMAIL_URL)
    if _mail.scheme not in {"smtp", "smtps"} or not _mail.hostname:
        raise ValueError(f"EMAIL_URL must look like smtp://user:password@host:587, not {_mail.scheme}://...")
    EMAIL_HOST = _mail.hostname
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = not EMAIL_USE_SSL
elif os.environ.get("EMAIL_HOST"):
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
if EMAIL_URL or os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "footcoach <footcoach@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A reset link works for one hour: long enough to find the mail, short
# enough that an old mailbox is not a key to the account.
PASSWORD_RESET_TIMEOUT = 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
