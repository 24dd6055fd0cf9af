"""Read settings from the environment, failing loudly on values that make no sense.

Every helper names the variable in its error, so a bad deployment stops at start-up with a
message a person can act on rather than misbehaving later.
"""

import importlib.util
import os
import re
from urllib.parse import parse_qsl

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of true/false, yes/no, on/off or 1/0; it is {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; it is {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; it is {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


CACHE_BACKENDS = {
    "db": "django.core.cache.backends.db.DatabaseCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
}
DEFAULT_CACHE_TABLE = "tend_cache"
# The database cache counts its rows on every write and, past MAX_ENTRIES, deletes the expired
# ones and then a third of the rest. Throttle counts must not be culled while they matter, so
# the default is generous; `?max_entries=` in the URL changes it.
DEFAULT_CACHE_MAX_ENTRIES = 50_000
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def redis_installed() -> bool:
    return importlib.util.find_spec("redis") is not None


def cache_from_url(name: str, url: str) -> dict:
    """A CACHES entry from an address: `db://` (Django's database cache, table tend_cache),
    `db://table_name`, `redis://host:6379/0` or `rediss://...` (Redis or Valkey; needs the
    `redis` package), `locmem://` (this process only) or `dummy://` (keeps nothing). Errors name
    the variable and never repeat the address, which may hold a password."""
    scheme, separator, rest = url.partition("://")
    scheme = scheme.lower()
    if not separator or scheme not in CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"{name} must start with db://, redis://, rediss://, locmem:// or dummy://."
        )
    config = {"BACKEND": CACHE_BACKENDS[scheme], "KEY_PREFIX": "tend"}
    if scheme in ("redis", "rediss"):
        if not redis_installed():
            raise ImproperlyConfigured(
                f"{name} names a Redis cache, but the redis package is not installed: "
                "add redis to pyproject.toml and requirements.lock, or use db://."
            )
        config["LOCATION"] = url
        return config
    place, _, query = rest.partition("?")
    place = place.strip("/")
    if scheme == "db":
        table = place or DEFAULT_CACHE_TABLE
        if not TABLE_NAME.fullmatch(table):
            raise ImproperlyConfigured(
                f"{name}: a database cache's table name is letters, digits and _ only."
            )
        options = {"MAX_ENTRIES": DEFAULT_CACHE_MAX_ENTRIES}
        for key, value in parse_qsl(query, keep_blank_values=True):
            if key != "max_entries" or not value.isdigit() or int(value) < 1:
                raise ImproperlyConfigured(
                    f"{name}: the only option of db:// is max_entries, a whole number, "
                    "as in db://tend_cache?max_entries=50000."
                )
            options["MAX_ENTRIES"] = int(value)
        config.update(LOCATION=table, OPTIONS=options)
    elif scheme == "locmem":
        config["LOCATION"] = place or "tend"
    return config
