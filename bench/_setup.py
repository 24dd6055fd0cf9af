"""What every benchmark here sets up the same way: production-like settings, a database
(a throwaway SQLite file unless DATABASE_URL is set), the tables, the library and the static
files. Imported by the bench/*.py scripts; not a benchmark itself (make bench skips files
whose names start with "_")."""

import io
import os
import secrets
import sys
import tempfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def prepare_environment() -> tuple[Path, bool]:
    """Production-like settings and a database, in os.environ before Django starts (a server
    started from the script inherits them). Returns a temporary folder for the SQLite file and
    any logs, and whether the database is one given in DATABASE_URL (not a throwaway file)."""
    temp_dir = Path(tempfile.mkdtemp(prefix="tend-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "compassion_site.settings"
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    given = bool(os.environ.get("DATABASE_URL"))
    if not given:
        os.environ["DATABASE_URL"] = f"sqlite:///{temp_dir / 'bench.sqlite3'}"
    sys.path.insert(0, str(PROJECT_DIR))
    return temp_dir, given


def describe_database(external: bool) -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    if engine == "sqlite3":
        where = f"SQLite file {database['NAME']}"
    else:
        where = f"{engine}, database {database['NAME']} on {database['HOST']}:{database['PORT']}"
    return f"{where} (from DATABASE_URL)" if external else f"{where} (throwaway)"


def set_up_database() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("sync_practices", stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)
