"""One cache for every worker, named by CACHE_URL: the database's by default, its table made by
`migrate`; and the migration that marks every existing address as confirmed."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from compassion_site.env import cache_from_url
from tests.site.test_configuration import PRODUCTION, manage, setting


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("db://", "django.core.cache.backends.db.DatabaseCache", "tend_cache"),
        ("db://other_cache", "django.core.cache.backends.db.DatabaseCache", "other_cache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "tend"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache", ""),
    ],
)
def test_cache_url_names_the_backend(url, backend, location):
    config = cache_from_url("CACHE_URL", url)
    assert config["BACKEND"] == backend
    assert config.get("LOCATION", "") == location


def test_a_database_cache_keeps_plenty_of_counts_before_culling():
    config = cache_from_url("CACHE_URL", "db://")
    assert config["OPTIONS"]["MAX_ENTRIES"] >= 50_000
    assert cache_from_url("CACHE_URL", "db://t?max_entries=900")["OPTIONS"]["MAX_ENTRIES"] == 900


def test_a_redis_url_is_passed_on_whole(monkeypatch):
    monkeypatch.setattr("compassion_site.env.redis_installed", lambda: True)
    config = cache_from_url("CACHE_URL", "rediss://:secret@cache.internal:6380/2")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "rediss://:secret@cache.internal:6380/2"


@pytest.mark.parametrize(
    "url",
    [
        "memcached://cache:11211",
        "nonsense",
        "db://drop table;",
        "db://t?max_entries=lots",
        "redis://:hunter2secret@cache:6379/0",  # the redis package isn't installed
    ],
)
def test_a_cache_url_tend_does_not_understand_stops_start_up(url, monkeypatch):
    monkeypatch.setattr("compassion_site.env.redis_installed", lambda: False)
    with pytest.raises(ImproperlyConfigured) as refused:
        cache_from_url("CACHE_URL", url)
    assert "CACHE_URL" in str(refused.value)
    assert "hunter2secret" not in str(refused.value)


def test_the_default_cache_is_the_database_s():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert setting("CACHES['default']['BACKEND']") == "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize("url", ["locmem://", "dummy://"])
def test_production_refuses_a_cache_that_workers_do_not_share(url):
    result = manage("check", CACHE_URL=url, **PRODUCTION)
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr.strip().splitlines()[-1]


def test_migrate_makes_the_cache_table(db):
    assert "tend_cache" in connection.introspection.table_names()


# The data migration --------------------------------------------------------------------------

BEFORE = [("accounts", "0003_shared_cache_table")]
AFTER = [("accounts", "0004_email_confirmation")]


@pytest.mark.django_db(transaction=True)
def test_accounts_made_before_confirmation_existed_are_confirmed_by_the_migration():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old_apps = executor.loader.project_state(BEFORE).apps
        OldUser = old_apps.get_model("accounts", "User")
        OldUser.objects.create(username="early", email="early@example.org", password="!")

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new_apps = executor.loader.project_state(AFTER).apps
        early = new_apps.get_model("accounts", "User").objects.get(username="early")
        assert early.email_confirmed_at is not None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
