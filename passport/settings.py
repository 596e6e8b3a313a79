"""Passport settings: one module, configured from the environment.

With no configuration at all it runs for development (set ``DJANGO_DEBUG=1``):
SQLite, console e-mail, media on local disk. Every variable is listed in README.md.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from badges.openbadges.fetch_types import MAX_FILE_BYTES
from passport.env import env_bool, env_int, env_list, env_named_locations, env_str
from passport.web import storage_config

BASE_DIR = Path(__file__).resolve().parent.parent

# pytest sets PYTEST_VERSION for the whole session; tests get a throwaway key.
RUNNING_TESTS = "PYTEST_VERSION" in os.environ
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or RUNNING_TESTS):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Badge images and page files served from a host of their own (passport.web.usercontent),
# e.g. https://usercontent.passport.example. No cookie of the app may reach it: leave
# SESSION_COOKIE_DOMAIN and CSRF_COOKIE_DOMAIN unset (cookies stay on the app's host).
USER_CONTENT_ORIGIN = env_str("USER_CONTENT_ORIGIN").rstrip("/")
if USER_CONTENT_ORIGIN:
    _content = urlsplit(USER_CONTENT_ORIGIN)
    if _content.scheme not in ("http", "https") or not _content.hostname or _content.path:
        raise ImproperlyConfigured(
            "USER_CONTENT_ORIGIN must be an origin such as "
            f"https://usercontent.passport.example, not {USER_CONTENT_ORIGIN!r}."
        )
    if _content.hostname in (host.lower() for host in ALLOWED_HOSTS):
        raise ImproperlyConfigured("USER_CONTENT_ORIGIN must be a host of its own.")
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, _content.hostname]  # Django matches hosts without port

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for the project's form renderer
    "django.contrib.humanize",  # allauth.mfa's list of security keys
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "oauth2_provider",
    "passport",
    "passport.accounts",
    "badges",
    "pages",
    "sharing",
    "passport.api",
    "djcelery_email",  # its send task, found by the worker
]

MIDDLEWARE = [
    "passport.web.afterwards.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "passport.web.usercontent.UserContentMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "passport.accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "passport.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "passport.urls"
WSGI_APPLICATION = "passport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "passport.context_processors.site",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# The lookup every kept public page makes is prepared once per connection (PostgreSQL);
# off behind a pooler that runs statements on any server connection (passport.web.lookups).
DATABASE_PREPARED_LOOKUPS = env_bool("DATABASE_PREPARED_LOOKUPS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Imports write at the same time. In WAL mode readers carry on while one writer works;
    # IMMEDIATE transactions take the write lock when they begin, so a second writer waits
    # up to ``timeout`` seconds instead of failing with "database is locked" when its read
    # turns into a write. Production should still use PostgreSQL (check passport.W001).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, but an unreachable Redis is a miss, not a 500.
            "BACKEND": "passport.web.cache.SafeRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered public pages are kept only in a cache every app server shares: with one
# process's local memory, an edit made through another worker would not reach it.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", bool(REDIS_URL))

# --- Task queue (Celery, passport.celery) ------------------------------------------
from passport.celery_settings import *  # noqa: E402, F403

# --- Images ------------------------------------------------------------------------
# Decoding a picture holds all its pixels in memory (about 100 MB at the 25-megapixel
# cap), so each process decodes only a few at once; one waiting longer is refused as
# busy and the learner is asked to try again (passport.web.images).
IMAGE_DECODE_CONCURRENCY = env_int("IMAGE_DECODE_CONCURRENCY", 2)
if IMAGE_DECODE_CONCURRENCY < 1:
    raise ImproperlyConfigured(
        f"IMAGE_DECODE_CONCURRENCY must be 1 or more, not {IMAGE_DECODE_CONCURRENCY}."
    )
IMAGE_DECODE_WAIT = env_int("IMAGE_DECODE_WAIT", 10)
if IMAGE_DECODE_WAIT < 0:
    raise ImproperlyConfigured(f"IMAGE_DECODE_WAIT must be 0 or more, not {IMAGE_DECODE_WAIT}.")

# --- Reverse proxies -------------------------------------------------------------
# How many proxies of the operator's own stand in front of Passport (0: none, so
# REMOTE_ADDR is the client). Each appends the address it got the request from to
# CLIENT_IP_HEADER; the N-th entry from the right is the client (passport.web.client_ip).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}.")
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "X-Forwarded-For")
if not re.fullmatch(r"[A-Za-z0-9-]+", CLIENT_IP_HEADER):
    raise ImproperlyConfigured(
        f"CLIENT_IP_HEADER must be a header name such as X-Real-IP, not {CLIENT_IP_HEADER!r}."
    )
# allauth's own names for the same, so any part of it that reads them agrees. Its
# limits still ask passport.web.client_ip (AccountAdapter.get_client_ip), which falls back
# to the peer on a malformed header where allauth would raise ImproperlyConfigured.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    CLIENT_IP_HEADER
    if TRUSTED_PROXY_COUNT and CLIENT_IP_HEADER.lower() != "x-forwarded-for"
    else None
)

# --- Accounts (django-allauth) --------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
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
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_MAX_EMAIL_ADDRESSES = 10
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_CLASS = "passport.accounts.forms.SignupConsentForm"
ACCOUNT_FORMS = {
    name: f"passport.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
    }.items()
}
ACCOUNT_ADAPTER = "passport.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "passport.accounts.adapter.SocialAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Passport] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_PRESERVE_USERNAME_CASING = False
# allauth's rate limits stay at their defaults but for wrong passwords: per client
# address 10 a minute and 60 an hour, and 5 in 5 minutes per account *from one network*
# (AccountAdapter keys it so), so a guesser elsewhere never locks the owner out.
# passport.accounts.throttle spaces out guesses spread over many networks.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,60/h/ip,5/5m/key",
    # Adding, removing or re-sending e-mail addresses: a learner needs a few a minute.
    "manage_email": "5/m/user",
}
# allauth's security notifications: the learner hears of password, e-mail address and
# two-factor changes, with the address and browser they came from.
ACCOUNT_EMAIL_NOTIFICATIONS = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_ONLY = False

# Two-factor authentication (allauth.mfa): an authenticator app, recovery codes, and
# security keys or passkeys (WebAuthn, which browsers allow on https or localhost only).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Passport"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

SOCIALACCOUNT_PROVIDERS: dict = {}
if env_str("GOOGLE_CLIENT_ID"):
    INSTALLED_APPS.append("allauth.socialaccount.providers.google")
    SOCIALACCOUNT_PROVIDERS["google"] = {
        "APPS": [
            {
                "client_id": env_str("GOOGLE_CLIENT_ID"),
                "secret": env_str("GOOGLE_CLIENT_SECRET"),
            }
        ],
        "SCOPE": ["profile", "email"],
    }
if env_str("LINKEDIN_CLIENT_ID"):
    INSTALLED_APPS.append("allauth.socialaccount.providers.openid_connect")
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": env_str("LINKEDIN_CLIENT_ID"),
                "secret": env_str("LINKEDIN_CLIENT_SECRET"),
                "settings": {"server_url": "https://www.linkedin.com/oauth"},
            }
        ]
    }

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")
USE_I18N = True
USE_TZ = True

# --- Static files and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media are never served as a public folder: every user file goes through a view that
# checks who may see it, so MEDIA_URL is unused on purpose.
MEDIA_URL = "/media-not-served/"
# User files on local disk, or in a private S3-compatible bucket (passport.web.storage_config)
# when STORAGE_BACKEND=s3 or AWS_STORAGE_BUCKET_NAME is set.
STORAGES = {
    "default": storage_config.default_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or RUNNING_TESTS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# With object storage, answer a user file with a redirect to a short-lived signed address
# in the bucket instead of streaming it through the app (passport.web.stored_files).
MEDIA_SIGNED_URLS = env_bool("MEDIA_SIGNED_URLS", False)
if MEDIA_SIGNED_URLS and STORAGES["default"]["BACKEND"] != storage_config.S3:
    raise ImproperlyConfigured("MEDIA_SIGNED_URLS=1 needs object storage (STORAGE_BACKEND=s3).")
WHITENOISE_USE_FINDERS = DEBUG or RUNNING_TESTS
WHITENOISE_AUTOREFRESH = DEBUG or RUNNING_TESTS
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FORM_RENDERER = "passport.web.forms.PassportFormRenderer"
UPLOAD_MAX_BYTES = MAX_FILE_BYTES  # the largest file any form accepts
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "passport.web.uploads.SizeCappedUploadHandler",
]

# --- E-mail ------------------------------------------------------------------------
# Every e-mail is queued: EMAIL_BACKEND hands each message to a task, which sends it with
# CELERY_EMAIL_BACKEND (SMTP when EMAIL_HOST is set, else the console; PASSPORT_EMAIL_BACKEND
# names another, e.g. the file backend with EMAIL_FILE_PATH). Without a broker the task
# runs at once, so nothing changes for callers either way.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    _real_email_backend = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    _real_email_backend = "django.core.mail.backends.console.EmailBackend"
# A slow mail server must not hold a request or a worker for long: well under the
# task's time limit (passport.checks).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH") or None
EMAIL_BACKEND = "djcelery_email.backends.CeleryEmailBackend"
CELERY_EMAIL_BACKEND = env_str("PASSPORT_EMAIL_BACKEND", _real_email_backend)
# Sending is retried when the mail server fails; a message already sent is not in the retry.
CELERY_EMAIL_TASK_CONFIG = {
    "name": "djcelery_email_send_multiple",
    "ignore_result": True,
    "max_retries": 3,
    "default_retry_delay": 60,
}
# The package's own defaults, spelled out: it adds them to settings only when first
# imported, which may be late (inside a request or a test).
CELERY_EMAIL_CHUNK_SIZE = 10
CELERY_EMAIL_MESSAGE_EXTRA_ATTRIBUTES = None
CELERY_EMAIL_MESSAGE_CLASS = "django.core.mail.EmailMessage"
CELERY_EMAIL_MULTI_ALTERNATIVES_CLASS = "django.core.mail.EmailMultiAlternatives"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Passport <noreply@localhost>")
# Where this Passport answers, for links in e-mails sent outside a request.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where learners can write for help (shown on the log-in help pages when set).
CONTACT_EMAIL = env_str("CONTACT_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Badges -------------------------------------------------------------------------
# Hosts the safe fetcher may reach although they resolve to private or loopback
# addresses ("host" or "host:port"), for intranet issuers and tests.
BADGE_FETCH_ALLOWED_HOSTS = env_list("BADGE_FETCH_ALLOWED_HOSTS")


# Issuer registries the operator trusts (DCC registry.json format), most trusted first:
# an issuer DID listed there is shown as "issuer confirmed", naming the registry.
ISSUER_REGISTRIES = env_named_locations("ISSUER_REGISTRIES")
PRIVACY_POLICY_VERSION = "2026-11"

# --- The Open Badges API's OAuth 2.0 server (django-oauth-toolkit) -------------------
# Platforms register themselves (RFC 7591, passport.api), then ask the learner for these
# scopes with the authorization-code grant and PKCE S256. Secrets are stored hashed and
# tokens only as their SHA-256 checksums. Plain-http redirect addresses (loopback only,
# checked at registration) are allowed for development and tests, never in production.
OB3_SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
OB2_SCOPE = "https://purl.imsglobal.org/spec/ob/v2p1/scope/"
# DOT's own models, named so Passport's models can point at them (not swapped).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
_HTTP_REDIRECTS = DEBUG or RUNNING_TESTS
OAUTH2_PROVIDER = {
    "SCOPES": {
        OB3_SCOPE + "credential.readonly": "Read the learner's Open Badges 3.0 credentials",
        OB3_SCOPE + "credential.upsert": "Add credentials to the learner's backpack",
        OB3_SCOPE + "profile.readonly": "Read the learner's profile",
        OB3_SCOPE + "profile.update": "Update the learner's display name",
        "offline_access": "Stay connected until the learner disconnects the platform",
        # Badge Connect 2.1 (Open Badges 2.x), on the same server.
        OB2_SCOPE + "assertion.readonly": "Read the learner's Open Badges 2.0 assertions",
        OB2_SCOPE + "assertion.create": "Add assertions to the learner's backpack",
        OB2_SCOPE + "profile.readonly": "Read the learner's profile",
    },
    "DEFAULT_SCOPES": [OB3_SCOPE + "credential.readonly"],
    "OAUTH2_VALIDATOR_CLASS": "passport.api.oauth.Validator",
    "PKCE_REQUIRED": True,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 180 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "CLIENT_SECRET_HASHER": "default",
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"] if _HTTP_REDIRECTS else ["https"],
    "ALLOW_URI_WILDCARDS": False,
    "OAUTH2_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_GRANT_TYPES_SUPPORTED": ["authorization_code", "refresh_token"],
    "OAUTH2_TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED": ["client_secret_basic", "client_secret_post"],
    # RFC 9700 (OAuth 2.0 Security Best Current Practice), enforced rather than warned about.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": not _HTTP_REDIRECTS,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
# Open Badges API calls one platform may make per minute, all learners together.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 300)

# --- Security -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if env_bool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Tests run over plain http (including the browser tests), so they keep these off.
if not DEBUG and not RUNNING_TESTS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

if RUNNING_TESTS:
    # Threads of the live server must not keep connections that block dropping the test DB.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
