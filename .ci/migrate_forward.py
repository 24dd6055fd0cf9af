"""Migrate forward: a database made and filled by Tend as it was before the house was rebuilt
(the commit below) is migrated by today's code, and nothing is lost.

1. The old code comes out of git (`git archive`) into a folder of its own.
2. With it: migrate, sync_practices, `seed_demo --with-therapist` (the demo person, their
   therapist, homework, a share, a comment, a reading), a bigger person (`--entries`), and a
   logged-in session for each of the three, as a browser would hold one.
3. Every row of every table is fingerprinted, then today's `manage.py migrate` runs.
4. Every table the old code made is still there, with the same rows (the migrations' own
   bookkeeping apart), the moved models' content types follow them, each old session still
   opens its person's pages, passwords still log in, and the share still reads.

Runs on the database DATABASE_URL names (a throwaway one is made: SQLite in a temporary folder,
or a new PostgreSQL database beside the one named), as `make migrate-forward` and from
`make test`. Needs the git history (a full clone).
"""

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# The last commit before the house was rebuilt (issue 14): its database is what people have.
BEFORE = "568db3089c4bc6b70490736004c147bd93211b39"
BIG_ENTRIES = 1500
PASSWORDS = {"demo": "practice-kindly", "many": "many-kind-words"}
# Tables whose rows a migration is meant to change: its own record, and the content types
# (checked on their own below). Every other table must come through row for row.
BOOKKEEPING = {"django_migrations", "django_content_type"}
MOVED = {"remindersent": ("practices", "care")}  # model: (old app label, new app label)


def say(text: str) -> None:
    print(f"migrate-forward: {text}", flush=True)


def run(args: list[str], cwd: Path, env: dict) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        sys.exit(f"migrate-forward: {' '.join(args[1:4])} failed in {cwd}:\n{done.stderr[-4000:]}")
    return done.stdout


def throwaway_database(workdir: Path) -> tuple[str, callable]:
    """A new, empty database of the kind DATABASE_URL names, and how to drop it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{workdir / 'forward.sqlite3'}", lambda: None
    import psycopg

    parts = urlsplit(url)
    name = f"tend_forward_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


OLD_SESSIONS = """
import json, os
from django.test import Client
keys = {}
for name, password in json.loads(os.environ["PASSWORDS"]).items():
    client = Client()
    assert client.login(username=name, password=password), name
    keys[name] = client.cookies["sessionid"].value
print("SESSIONS=" + json.dumps(keys))
"""


def fingerprints(columns: dict[str, list[str]] | None = None) -> dict[str, tuple[list, Counter]]:
    """Every table: its columns and its rows (each as the text of its values), counted.

    Given the `columns` each table had before, only those are read: a later migration may add
    columns (a new setting with its default) and rows (the permissions of a new model), and a
    row is kept when its old values are all still there."""
    from django.db import connection

    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            names = (columns or {}).get(table) or [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = connection.ops.quote_name(table)
            listed = ", ".join(connection.ops.quote_name(name) for name in names)
            cursor.execute(f"SELECT {listed} FROM {quoted}")  # noqa: S608 (table and column names)
            rows = Counter(repr(tuple(str(value) for value in row)) for row in cursor.fetchall())
            found[table] = (names, rows)
    return found


def content_types() -> dict[int, tuple[str, str]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app_label, model FROM django_content_type")
        return {row[0]: (row[1], row[2]) for row in cursor.fetchall()}


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="tend-forward-"))
    old_tree = workdir / "before"
    old_tree.mkdir()
    archive = subprocess.run(  # noqa: S603
        ["git", "archive", "--format=tar", BEFORE],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        sys.exit(
            f"migrate-forward: commit {BEFORE[:10]} is not in this clone's history "
            "(a shallow clone? fetch the full history): " + archive.stderr.decode()[-500:]
        )
    subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True)  # noqa: S603, S607

    database_url, drop_database = throwaway_database(workdir)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "1",
        "PASSWORDS": json.dumps(PASSWORDS),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    python = sys.executable
    try:
        say(f"building the old database with {BEFORE[:10]} ({urlsplit(database_url).scheme})")
        run([python, "manage.py", "migrate", "--noinput"], old_tree, env)
        run([python, "manage.py", "sync_practices"], old_tree, env)
        run([python, "manage.py", "seed_demo", "--with-therapist"], old_tree, env)
        run(
            [python, "manage.py", "seed_demo", "--username", "many", "--password",
             PASSWORDS["many"], "--entries", str(BIG_ENTRIES), "--seed", "7"],
            old_tree,
            env,
        )  # fmt: skip
        out = run([python, "manage.py", "shell", "-c", OLD_SESSIONS], old_tree, env)
        sessions = json.loads(out.split("SESSIONS=", 1)[1].strip())

        os.environ.update(DATABASE_URL=database_url, DEBUG="1")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compassion_site.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        before, types_before = fingerprints(), content_types()
        rows_before = sum(sum(rows.values()) for _, rows in before.values())
        say(f"{len(before)} tables, {rows_before} rows before")

        say("migrating forward with today's code")
        run([python, "manage.py", "migrate", "--noinput"], ROOT, env)
        from django.db import connection

        connection.close()
        after = fingerprints({table: columns for table, (columns, _) in before.items()})
        types_after = content_types()
        problems = check(before, after, types_before, types_after, sessions)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        drop_database()
    if problems:
        sys.exit("migrate-forward: FAILED\n  " + "\n  ".join(problems))
    say(
        f"every row of {len(before) - len(BOOKKEEPING)} tables kept, "
        f"{len(sessions)} logins and the share intact"
    )


def check(before, after, types_before, types_after, sessions) -> list[str]:
    return [
        *check_tables(before, after),
        *check_content_types(types_before, types_after),
        *check_logins(sessions),
        *check_sharing(),
    ]


def check_tables(before, after) -> list[str]:
    """Every table still there, with every row it had (new rows and columns may join them)."""
    problems = []
    for table, (_columns, rows) in before.items():
        if table in BOOKKEEPING:
            continue
        count = sum(rows.values())
        if table not in after:
            problems.append(f"table {table} ({count} rows) is gone")
            continue
        lost = rows - after[table][1]
        if lost:
            problems.append(
                f"table {table}: {sum(lost.values())} of its {count} rows lost or changed"
            )
    return problems


def check_content_types(types_before, types_after) -> list[str]:
    """Every content type keeps its id; a moved model's follows it to its new app."""
    problems = []
    for type_id, (app, model) in types_before.items():
        expected = (MOVED[model][1], model) if model in MOVED and app == MOVED[model][0] else None
        if types_after.get(type_id) != (expected or (app, model)):
            problems.append(f"content type {type_id} {app}.{model} is {types_after.get(type_id)}")
    stale = [
        (app, model) for app, model in types_after.values() if MOVED.get(model, ("",))[0] == app
    ]
    if stale:
        problems.append(f"content types left behind: {stale}")
    return problems


def check_logins(sessions) -> list[str]:
    """Passwords still log in, and sessions made before still open their owner's entry."""
    from django.contrib.auth import authenticate
    from django.test import Client

    from compassion_site.accounts.models import User
    from journal.models import Entry

    problems = []
    for name, password in PASSWORDS.items():
        if authenticate(username=name, password=password) is None:
            problems.append(f"{name} can no longer log in with their password")
    for name, key in sessions.items():
        client = Client(HTTP_HOST="localhost")
        client.cookies["sessionid"] = key
        person = User.objects.get(username=name)
        newest = Entry.objects.filter(user=person).order_by("-created_at").first()
        page = client.get(f"/journal/entries/{newest.pk}/")
        if page.status_code != 200 or newest.title.encode() not in page.content:
            problems.append(f"{name}'s session made before no longer opens their entry")
    return problems


def check_sharing() -> list[str]:
    """What demo shared still reads on their therapist's side."""
    from care.queries import shared_entries
    from compassion_site.accounts.models import CareLink
    from journal.models import Share

    link = CareLink.objects.active().get(client__username="demo")
    shared = list(shared_entries(link.therapist, link.client))
    if not shared or len(shared) != Share.objects.filter(therapist=link.therapist).count():
        return ["demo's share with their therapist no longer reads"]
    return []


if __name__ == "__main__":
    main()
