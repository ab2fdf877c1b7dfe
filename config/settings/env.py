"""Strict parsing of settings read from the environment."""

import os
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default):
    return os.environ.get(name, default)


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}.")


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_redis_url(name):
    """A Redis URL (redis://[:password@]host[:port][/db], rediss://… or unix:///path.sock), or "" when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    try:
        port = parts.port
    except ValueError:
        port = "invalid"
    if parts.scheme in ("redis", "rediss"):
        database = parts.path.strip("/")
        ok = bool(parts.hostname) and port != "invalid" and (not database or database.isdigit()) and not parts.query
    else:
        ok = parts.scheme == "unix" and bool(parts.path) and not parts.netloc
    if not ok:
        raise ImproperlyConfigured(
            f"{name} must be a Redis URL (redis://host:6379/0, rediss://… or unix:///path/redis.sock)."
        )
    return raw


# E-mail (EMAIL_URL): the transport, as Django's EMAIL_* settings. Default ports per scheme.
SMTP_SCHEMES = {"smtp": (25, False, False), "smtp+tls": (587, True, False), "smtp+ssl": (465, False, True)}


def email_settings(name, raw):
    """The EMAIL_* settings a URL stands for: `console:`, `file:///absolute/folder`,
    `smtp://user:password@host:port`, `smtp+tls://…` (STARTTLS) or `smtp+ssl://…` (implicit TLS).
    User and password are URL-decoded. A message never repeats the URL: it may hold a password."""
    raw = raw.strip()
    scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
    if scheme == "console":
        if raw.lower() not in ("console:", "console://"):
            raise ImproperlyConfigured(f"{name}: console: takes nothing after it (write console:).")
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "file":
        parts = urlsplit(raw)
        folder = unquote(parts.path)
        if parts.netloc or not raw.startswith("file:///") or parts.query or parts.fragment or folder == "/":
            raise ImproperlyConfigured(
                f"{name}: a file URL names an absolute folder, with three slashes: file:///var/mail/essaim."
            )
        return {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": folder}
    if scheme not in SMTP_SCHEMES:
        shown = f"« {scheme} »" if scheme else "none"
        raise ImproperlyConfigured(
            f"{name} must start with console:, file:///, smtp://, smtp+tls:// or smtp+ssl:// (scheme: {shown})."
        )
    default_port, use_tls, use_ssl = SMTP_SCHEMES[scheme]
    parts = urlsplit(raw)
    try:
        port = default_port if parts.port is None else parts.port
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise ImproperlyConfigured(f"{name}: the port must be a number from 1 to 65535.")
    if not parts.hostname:
        raise ImproperlyConfigured(f"{name}: the SMTP server's host name is missing ({scheme}://host:port).")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name}: an SMTP URL ends with the host and port, nothing after them.")
    user = unquote(parts.username or "")
    password = unquote(parts.password or "")
    if bool(user) != bool(password):
        raise ImproperlyConfigured(
            f"{name}: give both the user and the password ({scheme}://user:password@host:port), or neither; "
            "percent-encode @ : / ? # in them (%40 %3A %2F %3F %23)."
        )
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": user,
        "EMAIL_HOST_PASSWORD": password,
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": 20,
    }


# Messages are queued as tasks (essaim/core/mail.py); the transport EMAIL_URL names sends them.
QUEUED_EMAIL_BACKEND = "essaim.core.mail.QueuedBackend"


def env_email(name, default):
    """The settings of EMAIL_URL: EMAIL_BACKEND queues each message, and the worker delivers it with
    ESSAIM_EMAIL_DELIVERY_BACKEND, the transport the URL names (with its EMAIL_* settings)."""
    found = email_settings(name, os.environ.get(name) or default)
    return {**found, "EMAIL_BACKEND": QUEUED_EMAIL_BACKEND, "ESSAIM_EMAIL_DELIVERY_BACKEND": found["EMAIL_BACKEND"]}


ADDRESS = re.compile(r"^(?:(?P<name>[^<>,\"]*?)\s*<(?P<bracketed>[^<>\s]+)>|(?P<bare>[^<>\s]+))$")


def mailbox(name, raw):
    """("Name", "address") from `Name <address>` or a bare `address`, the address checked."""
    match = ADDRESS.match(raw.strip())
    address = match and (match["bracketed"] or match["bare"])
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(
            f"{name}: « {raw.strip()[:80]} » is not an e-mail address nor « Name <address> »."
        ) from None
    return (match["name"] or "").strip(), address


def env_mailbox(name, default):
    """One sender, `Name <address>` or `address`, as Django writes it in a From header."""
    raw = os.environ.get(name, "").strip() or default
    person, address = mailbox(name, raw)
    return f"{person} <{address}>" if person else address


def env_admins(name):
    """ADMINS: `Name <address>, Name2 <address2>` (or bare addresses), as [(name, address), …]."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return []
    entries = [entry.strip() for entry in raw.split(",")]
    if not all(entries):
        raise ImproperlyConfigured(f"{name}: an empty entry between two commas (names may not hold a comma).")
    return [mailbox(name, entry) for entry in entries]


PROXY_HEADER = re.compile(r"^HTTP_[A-Z0-9_]+$")


def env_proxy_ssl_header(name):
    """SECURE_PROXY_SSL_HEADER for a proxy that says the request came over HTTPS:
    `HTTP_X_FORWARDED_PROTO,https` (the header as Django's META names it, the value); None when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not PROXY_HEADER.match(parts[0]) or not parts[1] or " " in parts[1]:
        raise ImproperlyConfigured(
            f"{name} must be a header as Django names it and the value meaning HTTPS, such as "
            f"HTTP_X_FORWARDED_PROTO,https; got {raw!r}."
        )
    return parts[0], parts[1]


# Files (STORAGE_URL): the file system under MEDIA_ROOT, or a bucket of an S3-compatible object
# storage (django-storages), which web processes and workers on several machines share.
S3_PARAMETERS = ("endpoint_url", "region", "addressing_style")
S3_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
S3_REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
S3_EXAMPLE = "s3://bucket/prefix?endpoint_url=https://s3.exemple.fr&region=fr-par"


def storage_settings(name, raw, access_key="", secret_key=""):
    """The STORAGES["default"] entry a URL stands for: nothing → the file system under MEDIA_ROOT;
    `s3://bucket[/prefix]?region=…[&endpoint_url=https://…][&addressing_style=path|virtual|auto]` →
    django-storages' S3Storage. Objects are written without an ACL, so private (S3's default; a
    bucket with ACLs disabled refuses any other), and read through signed requests only. The keys
    come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, both or neither (then boto3 looks for
    them: an instance role, ~/.aws). A message never repeats a key nor a parameter's value."""
    raw = raw.strip()
    if not raw:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
    if scheme != "s3":
        shown = f"« {scheme} »" if re.fullmatch(r"[a-z][a-z0-9+.-]{0,9}", scheme) else "none"
        raise ImproperlyConfigured(
            f"{name} must be an s3:// URL ({S3_EXAMPLE}), or unset for the file system under MEDIA_ROOT "
            f"(scheme: {shown})."
        )
    parts = urlsplit(raw)
    if "@" in raw.split("?", 1)[0]:
        raise ImproperlyConfigured(
            f"{name}: the keys do not go in the URL; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
        )
    bucket = parts.netloc
    if not S3_BUCKET.match(bucket) or ".." in bucket or re.match(r"^[0-9.]+$", bucket):
        raise ImproperlyConfigured(
            f"{name}: the bucket's name, after s3://, is 3 to 63 lower-case letters, digits, dots and hyphens, "
            "beginning and ending with a letter or a digit (no port: the address goes in endpoint_url)."
        )
    prefix = unquote(parts.path).strip("/")
    if prefix and any(segment in ("", ".", "..") for segment in prefix.split("/")):
        raise ImproperlyConfigured(f"{name}: the prefix after the bucket is folders separated by single slashes.")
    if parts.fragment:
        raise ImproperlyConfigured(f"{name}: an s3:// URL has no #fragment.")
    try:
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError:
        raise ImproperlyConfigured(f"{name}: the parameters after ? are not name=value pairs joined by &.") from None
    params = {}
    for key, value in pairs:
        if key not in S3_PARAMETERS:
            shown = f"« {key} »" if re.fullmatch(r"[a-z_]{1,30}", key) else "after ?"
            raise ImproperlyConfigured(f"{name}: unknown parameter {shown} (known: {', '.join(S3_PARAMETERS)}).")
        if key in params:
            raise ImproperlyConfigured(f"{name}: the parameter {key} is given twice.")
        params[key] = value.strip()
    region = params.get("region", "")
    if not S3_REGION.match(region):
        raise ImproperlyConfigured(
            f"{name}: give the bucket's region, region=… (lower-case letters, digits and hyphens, such as "
            "fr-par or eu-west-3; us-east-1 for a MinIO server)."
        )
    endpoint = params.get("endpoint_url")
    if endpoint is not None:
        address = urlsplit(endpoint)
        try:
            port_ok = address.port is None or 0 < address.port < 65536
        except ValueError:
            port_ok = False
        if (
            address.scheme not in ("http", "https")
            or not address.hostname
            or not port_ok
            or "@" in address.netloc
            or address.path not in ("", "/")
            or address.query
            or address.fragment
        ):
            raise ImproperlyConfigured(
                f"{name}: endpoint_url is the storage's address, https://host[:port], and nothing after it."
            )
        endpoint = f"{address.scheme}://{address.netloc}"
    style = params.get("addressing_style")
    if style is not None and style not in ("path", "virtual", "auto"):
        raise ImproperlyConfigured(f"{name}: addressing_style is path, virtual or auto.")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both (the object storage's keys), "
            "or neither (boto3 then finds them: an instance role, ~/.aws)."
        )
    options = {
        "bucket_name": bucket,
        "location": prefix,
        "region_name": region,
        "endpoint_url": endpoint,
        "addressing_style": style,
        "default_acl": None,  # no ACL sent: the object is private
        "querystring_auth": True,  # a URL made for a file, if ever, is signed and expires
        "querystring_expire": 300,
        "file_overwrite": False,  # a name taken gets another, as on the file system
        "max_memory_size": 2 * 1024 * 1024,  # a larger file being read spills to a temporary file
    }
    if access_key:
        options |= {"access_key": access_key, "secret_key": secret_key}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def env_storage(name):
    """STORAGES["default"] from `name` (STORAGE_URL) and the keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY."""
    return storage_settings(
        name,
        os.environ.get(name, ""),
        os.environ.get("AWS_ACCESS_KEY_ID", "").strip(),
        os.environ.get("AWS_SECRET_ACCESS_KEY", "").strip(),
    )
