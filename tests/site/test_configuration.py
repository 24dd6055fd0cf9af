"""Configuration comes from the environment, and a bad value stops start-up with its name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-for-tests-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "tend.example.org",
    "DATABASE_URL": "sqlite:////tmp/tend-config-test.sqlite3",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DATABASE_URL",
            "EMAIL_HOST",
            "EMAIL_PORT",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "compassion_site.settings"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def setting(name: str, **env: str) -> str:
    result = manage(
        "shell", "-c", f"from django.conf import settings; print(settings.{name})", **env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "perhaps"}, "DEBUG"),
        ({"DEBUG": "0", "SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://someone@db/tend"}, "DATABASE_URL"),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
        ({"SECURE_HSTS_SECONDS": "-1"}, "SECURE_HSTS_SECONDS"),
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        (
            {"DATABASE_URL": "postgres://tend:pw@db.internal/tend", "DB_RANDOM_PAGE_COST": "low"},
            "DB_RANDOM_PAGE_COST",
        ),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(env, variable):
    result = manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert variable in last_line


def test_the_database_address_password_is_never_printed_in_an_error():
    result = manage("check", DATABASE_URL="mysql://someone:hunter2secret@db/tend")
    assert "hunter2secret" not in result.stderr + result.stdout


def test_a_fresh_clone_runs_on_a_sqlite_file_in_the_project_folder():
    assert setting("DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"
    assert setting("DATABASES['default']['NAME']") == str(PROJECT / "db.sqlite3")


def test_a_postgres_url_uses_psycopg():
    url = "postgres://tend:pw@db.internal:5432/tend"
    assert setting("DATABASES['default']['ENGINE']", DATABASE_URL=url) == (
        "django.db.backends.postgresql"
    )
    assert setting("DATABASES['default']['HOST']", DATABASE_URL=url) == "db.internal"


def test_postgresql_plans_for_pages_read_out_of_order_as_cheaply_as_on_an_ssd():
    url = "postgres://tend:pw@db.internal:5432/tend"
    options = "DATABASES['default'].get('OPTIONS', {}).get('options')"
    assert setting(options, DATABASE_URL=url) == "-c random_page_cost=1.1"
    assert setting(options, DATABASE_URL=url, DB_RANDOM_PAGE_COST="2") == "-c random_page_cost=2.0"
    assert setting(options, DATABASE_URL=url, DB_RANDOM_PAGE_COST="server") == "None"


def test_email_goes_to_the_console_unless_an_smtp_host_is_given():
    assert setting("EMAIL_BACKEND") == "django.core.mail.backends.console.EmailBackend"
    assert setting("EMAIL_BACKEND", EMAIL_HOST="smtp.example.org") == (
        "django.core.mail.backends.smtp.EmailBackend"
    )


def test_production_settings_pass_the_deploy_check_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_serves_hashed_static_files_and_secure_cookies():
    assert "CompressedManifestStaticFilesStorage" in setting(
        "STORAGES['staticfiles']['BACKEND']", **PRODUCTION
    )
    assert setting("SESSION_COOKIE_SECURE", **PRODUCTION) == "True"
    assert setting("CSRF_COOKIE_SECURE", **PRODUCTION) == "True"
    assert setting("SECURE_SSL_REDIRECT", **PRODUCTION) == "True"
