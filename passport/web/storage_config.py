"""Where user files are kept: local disk by default, S3-compatible object storage on demand.

Read once by ``settings.py``. ``STORAGE_BACKEND=s3``, or simply a bucket name, selects
django-storages' S3 backend; a half-written configuration stops the start-up with a
message that names the variable, never falls back to local disk on one server only.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from passport.env import env_int, env_str

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
ADDRESSING_STYLES = ("auto", "path", "virtual")
# Signed addresses live long enough for a slow page to load its pictures, not for sharing.
DEFAULT_QUERYSTRING_EXPIRE = 300


def backend_name() -> str:
    """ "filesystem" or "s3", from STORAGE_BACKEND or else the presence of a bucket."""
    chosen = env_str("STORAGE_BACKEND").strip().lower()
    if not chosen:
        return "s3" if env_str("AWS_STORAGE_BUCKET_NAME") else "filesystem"
    if chosen not in ("filesystem", "s3"):
        raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, not {chosen!r}.")
    return chosen


def default_storage() -> dict:
    """The ``default`` entry of ``STORAGES``."""
    if backend_name() == "filesystem":
        return {"BACKEND": FILESYSTEM}
    return {"BACKEND": S3, "OPTIONS": s3_options()}


def s3_options() -> dict:
    bucket = env_str("AWS_STORAGE_BUCKET_NAME").strip()
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME.")
    access_key = env_str("AWS_S3_ACCESS_KEY_ID") or env_str("AWS_ACCESS_KEY_ID")
    secret_key = env_str("AWS_S3_SECRET_ACCESS_KEY") or env_str("AWS_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither "
            "(to use the instance's own credentials)."
        )
    style = env_str("AWS_S3_ADDRESSING_STYLE", "auto").strip().lower()
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be auto, path or virtual, not {style!r}."
        )
    expire = env_int("AWS_QUERYSTRING_EXPIRE", DEFAULT_QUERYSTRING_EXPIRE)
    if not 10 <= expire <= 7 * 24 * 3600:
        raise ImproperlyConfigured(
            f"AWS_QUERYSTRING_EXPIRE must be between 10 and 604800 seconds, not {expire}."
        )
    return {
        "bucket_name": bucket,
        "endpoint_url": _endpoint(env_str("AWS_S3_ENDPOINT_URL").strip()),
        "region_name": env_str("AWS_S3_REGION_NAME").strip() or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": None if style == "auto" else style,
        "signature_version": "s3v4",
        "location": env_str("AWS_LOCATION").strip("/"),
        # The bucket stays private: every object is reached through Passport's checks,
        # or through an address Passport signed after them.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": expire,
        # Never replace a stored file by another of the same name (local disk does not).
        "file_overwrite": False,
    }


def _endpoint(url: str) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ImproperlyConfigured(
            f"AWS_S3_ENDPOINT_URL must be an http(s) address such as "
            f"https://s3.ca-central-1.amazonaws.com, not {url!r}."
        )
    return url.rstrip("/")
