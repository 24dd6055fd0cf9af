"""Reads for pages. Each object is fetched through one helper that 404s for anyone else."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from compassion_site.lib.sql import as_the_orm_reads, columns_of
from journal.models import Answer, Entry, LessonRead, Part, PathWalk, Run
from practices.models import Assignment, Favourite, Path, PathItem, Practice
from practices.queries import saved_practice

# A run with the saved state of its practice (its version and updated_at, which every save of
# a practice changes), and with its answers when asked (one row for each, or one row with none).
# Written out: the ORM took three times as long to build these queries and the practice's 24
# columns as the database took to answer (issue 18).
RUN_FIELDS = Run._meta.concrete_fields
PRACTICE_SAVED = (Practice._meta.get_field("version"), Practice._meta.get_field("updated_at"))
ANSWER_FIELDS = Answer._meta.concrete_fields
RUN_NAMES = [field.attname for field in RUN_FIELDS]
ANSWER_NAMES = [field.attname for field in ANSWER_FIELDS]
RUN_AND_PRACTICE_SAVED = f"""
SELECT {columns_of(Run, "run")}, practice.version, practice.updated_at{{answers}}
  FROM journal_run run
  JOIN practices_practice practice ON practice.id = run.practice_id{{answers_join}}
 WHERE run.id = %s AND run.user_id = %s
"""  # noqa: S608  # nosec B608 (the columns are the model's)
RUN_ALONE_SQL = RUN_AND_PRACTICE_SAVED.format(answers="", answers_join="")
RUN_WITH_ANSWERS_SQL = RUN_AND_PRACTICE_SAVED.format(
    answers=f", {columns_of(Answer, 'answer')}",
    answers_join="\n  LEFT JOIN journal_answer answer ON answer.run_id = run.id",
)
# The answers of a run, for a run read locked (see read_run).
ANSWERS_OF_RUN_SQL = f"""
SELECT {columns_of(Answer, "answer")}
  FROM journal_answer answer
 WHERE answer.run_id = %s
"""  # noqa: S608  # nosec B608 (the columns are the model's)


def get_run_for_user(request, run_id: int) -> Run:
    """A run of the signed-in person's, with its practice; 404 for anyone else's.

    The practice is the one this process keeps for its saved state (`saved_practice`), read
    afresh once it changes. The run's person is the signed-in one already in hand, so nothing
    reads them again; homework (`with_homework`) is read only where it is shown.
    """
    return read_run(request, run_id, for_update=False, with_answers=False)[0]


def get_run_and_answers_for_user(
    request, run_id: int, *, for_update: bool = False
) -> tuple[Run, dict[str, Answer]]:
    """`get_run_for_user`, with every answer of the run by step key (a run has one per step
    at most): what every step of a practice reads, in the same query.

    `for_update` (inside a transaction) holds the run's row until the transaction ends, so
    saves to one run take turns: a step's POST and a draft save read the run locked and save
    under that lock (the practice's row is not locked). The answers are then read once the
    lock is held, in a statement of their own (see read_run)."""
    return read_run(request, run_id, for_update=for_update, with_answers=True)


def read_run(request, run_id: int, *, for_update: bool, with_answers: bool):
    """The run (and its answers, by step key, when asked) as the two functions above give
    them: its columns made a Run, the practice's saved state its kept practice, and each
    answer's columns an Answer, values as the ORM gives them (`as_the_orm_reads`)."""
    locks = for_update and connection.features.has_select_for_update
    # A statement reads the database as it stood when the statement began, even after waiting
    # for a lock (PostgreSQL, READ COMMITTED): answers that the save it waited for wrote would
    # be missing from its join, or old, and saved over. So a run read locked comes alone, and
    # its answers come after, in a statement of their own that sees that save. (SQLite's
    # transactions take the database's write lock as they begin, before anything is read.)
    together = with_answers and not locks
    sql = RUN_WITH_ANSWERS_SQL if together else RUN_ALONE_SQL
    if locks:
        sql += " FOR UPDATE OF run"
    fields = [*RUN_FIELDS, *PRACTICE_SAVED, *(ANSWER_FIELDS if together else ())]
    ends = len(RUN_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(sql, [run_id, request.user.pk])
        rows = as_the_orm_reads(cursor.fetchall(), fields)
        if not rows:
            raise Http404("No such run")
        if together:  # the answer's id is None for a run without answers
            answer_rows = [row[ends + 2 :] for row in rows if row[ends + 2] is not None]
        elif with_answers:
            cursor.execute(ANSWERS_OF_RUN_SQL, [run_id])
            answer_rows = as_the_orm_reads(cursor.fetchall(), ANSWER_FIELDS)
        else:
            answer_rows = []
    run = Run.from_db(connection.alias, RUN_NAMES, rows[0][:ends])
    run.practice = saved_practice(run.practice_id, *rows[0][ends : ends + 2])
    run.user = request.user
    answers = {}
    for row in answer_rows:
        answer = Answer.from_db(connection.alias, ANSWER_NAMES, row)
        answer.run = run
        answers[answer.step_key] = answer
    return run, answers


def with_homework(run: Run) -> Run:
    """Read the homework the run counts toward, and who set it, in one query (none when it
    counts toward none, or has them already)."""
    if run.assignment_id and not Run.assignment.is_cached(run):
        run.assignment = Assignment.objects.select_related("therapist").get(pk=run.assignment_id)
    return run


def open_runs(user, limit: int = 10):
    """Unfinished runs, newest first, for the home page."""
    return (
        Run.objects.filter(user=user, status__in=[Run.Status.IN_PROGRESS, Run.Status.PAUSED])
        .select_related("practice")
        .order_by("-updated_at")[:limit]
    )


HOME_FAVOURITES = 6  # home shows at most this many favourites, the newest marked first
RECENTLY_USED = 5  # and this many practices a person began lately


def finding_for_home(user) -> dict:
    """Home's Favourites (`favourites`, each with `marked_at`) and Recently used
    (`recently_used`: the last few different practices begun, each with `last_used`), both
    the most recent first and only from the current library.

    One query: the library's practices the person marked or ran, at most the library's size,
    with when (subqueries on the favourites' and the runs' person-and-practice indexes);
    however many runs there are."""
    marked = Favourite.objects.filter(user=user, practice=OuterRef("pk"))
    runs = Run.objects.filter(user=user, practice=OuterRef("pk")).order_by("-started_at")
    theirs = list(
        Practice.objects.for_library()
        .annotate(
            marked_at=Subquery(marked.values("created_at")[:1]),
            last_used=Subquery(runs.values("started_at")[:1]),
        )
        .filter(Q(marked_at__isnull=False) | Q(last_used__isnull=False))
        .only("slug", "title", "minutes")
    )
    favourites = sorted((p for p in theirs if p.marked_at), key=lambda p: p.marked_at, reverse=True)
    used = sorted((p for p in theirs if p.last_used), key=lambda p: p.last_used, reverse=True)
    return {"favourites": favourites[:HOME_FAVOURITES], "recently_used": used[:RECENTLY_USED]}


def get_part_for_user(request, part_id: int) -> Part:
    part = Part.objects.filter(pk=part_id, user=request.user).first()
    if part is None:
        raise Http404("No such part")
    return part


def parts_with_counts(user):
    """Every part of a person's, with how many runs it appeared in (one query)."""
    return Part.objects.filter(user=user).annotate(run_count=Count("answers__run", distinct=True))


def runs_with_part(part: Part):
    """Runs the part appeared in, leaving out those whose entry is in the trash."""
    return (
        Run.objects.filter(answers__part=part)
        .exclude(entry__deleted_at__isnull=False)
        .select_related("practice", "entry")
        .distinct()
        .order_by("-started_at")
    )


def answers_for(run: Run):
    return Answer.objects.filter(run=run).order_by("position")


# The journal -------------------------------------------------------------------------------

REVISIT_WINDOWS = (
    ("a year ago", 358, 372),
    ("a month ago", 27, 33),
    ("a week ago", 6, 8),
)


def get_entry_for_user(request, entry_id: int, *, in_trash: bool | None = False) -> Entry:
    """An entry of the signed-in person's, with its run and practice; 404 for anyone else's.

    `in_trash`: False for kept entries only, True for the trash only, None for either.
    """
    entries = Entry.objects.select_related("run__practice").filter(user=request.user)
    if in_trash is not None:
        entries = entries.filter(deleted_at__isnull=not in_trash)
    entry = entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry")
    return entry


def entry_answers(entry: Entry) -> list[Answer]:
    if entry.run_id is None:
        return []
    return list(Answer.objects.filter(run_id=entry.run_id).order_by("position"))


# The entry to revisit: the oldest kept entry in any window, the furthest window's bound again
# outside the OR (so the index on (user, created_at) starts there, rather than at the person's
# first entry ever); the windows never overlap and the furthest back comes first, so the oldest
# candidate alone decides which one this is. Written out, as Entry.objects.raw reads it: the
# ORM took longer to build this query than the database took to answer it (issue 18).
REVISIT_SQL = """
SELECT id, title, preview, created_at, run_id FROM journal_entry
 WHERE user_id = %s AND deleted_at IS NULL AND created_at >= %s
   AND ({windows})
 ORDER BY created_at LIMIT 1
""".format(  # nosec B608 (the same fixed windows each time)
    windows=" OR ".join(["(created_at >= %s AND created_at < %s)"] * len(REVISIT_WINDOWS))
)


def revisit(user, now=None):
    """One kept entry from about a year, a month or a week ago (the longest ago first), with
    how long ago it was; or None. One query."""
    now = now or timezone.now()

    def days_ago(days: int):
        return connection.ops.adapt_datetimefield_value(now - timedelta(days=days))

    furthest = max(oldest for _, _, oldest in REVISIT_WINDOWS)
    bounds = [days_ago(days) for _, newest, oldest in REVISIT_WINDOWS for days in (oldest, newest)]
    candidates = list(Entry.objects.raw(REVISIT_SQL, [user.pk, days_ago(furthest), *bounds]))
    for label, newest, oldest in REVISIT_WINDOWS:
        for entry in candidates:
            age = now - entry.created_at
            if timedelta(days=newest) <= age < timedelta(days=oldest):
                return label, entry
    return None


def trash(user):
    return (
        Entry.objects.in_trash()
        .filter(user=user)
        .select_related("run__practice")
        .defer("body", "search_text", "search_vector")
        .order_by("-deleted_at")
    )


# Paths ---------------------------------------------------------------------------------------
#
# An item of a path is done when the person has read the lesson (a LessonRead, whenever it
# was), or finished a run of the practice since they started this walk on the path. The next
# item is the first not done: a person may do them in any order, and nothing is ever late.
# Each read below is a fixed number of queries, however many paths, items or runs there are.


@dataclass
class ItemOnPath:
    item: PathItem
    done: bool = False
    is_next: bool = False


@dataclass
class PathState:
    """A path as one person sees it: their current walk on it (or None) and every item."""

    path: Path
    walk: PathWalk | None
    items: list[ItemOnPath] = field(default_factory=list)

    @property
    def next(self) -> ItemOnPath | None:
        return next((state for state in self.items if state.is_next), None)

    @property
    def done_count(self) -> int:
        return sum(state.done for state in self.items)

    @property
    def all_done(self) -> bool:
        return bool(self.items) and all(state.done for state in self.items)


def current_walks(user):
    """The person's walks not left, on paths still in the library, newest first."""
    return (
        PathWalk.objects.filter(user=user, left_at__isnull=True, path__archived_at__isnull=True)
        .select_related("path")
        .order_by("-started_at")
    )


def with_items(user, states: list[PathState]) -> list[PathState]:
    """Fill in each state's items, marked done and next: three queries for any number."""
    if not states:
        return states
    items = PathItem.objects.filter(path__in=[state.path for state in states])
    by_path: dict[int, list[PathItem]] = {}
    for item in items.select_related("practice").order_by("path_id", "position"):
        by_path.setdefault(item.path_id, []).append(item)
    walked = [state for state in states if state.walk is not None]
    read, finished = set(), {}
    if walked and user.is_authenticated:
        slugs = {i.lesson_slug for s in walked for i in by_path.get(s.path.pk, []) if i.is_lesson}
        practices = {
            i.practice_id for s in walked for i in by_path.get(s.path.pk, []) if i.practice_id
        }
        read = set(
            LessonRead.objects.filter(user=user, lesson_slug__in=slugs).values_list(
                "lesson_slug", flat=True
            )
        )
        finished = dict(
            Run.objects.filter(user=user, status=Run.Status.FINISHED, practice_id__in=practices)
            .order_by()
            .values("practice_id")
            .annotate(last=Max("finished_at"))
            .values_list("practice_id", "last")
        )
    for state in states:
        state.items = [ItemOnPath(item) for item in by_path.get(state.path.pk, [])]
        if state.walk is None:
            continue
        for on_path in state.items:
            item = on_path.item
            if item.is_lesson:
                on_path.done = item.lesson_slug in read
            else:
                last = finished.get(item.practice_id)
                on_path.done = last is not None and last >= state.walk.started_at
        first_open = next((on_path for on_path in state.items if not on_path.done), None)
        if first_open is not None:
            first_open.is_next = True
    return states


def paths_overview(user) -> list[PathState]:
    """Every current path with its number of items and, for a person, where they are on it."""
    paths = list(Path.objects.current().annotate(item_count=Count("items")))
    if not user.is_authenticated:
        return [PathState(path, None) for path in paths]
    walks = {walk.path_id: walk for walk in current_walks(user)}
    states = [PathState(path, walks.get(path.pk)) for path in paths]
    with_items(user, [state for state in states if state.walk is not None])
    return states


def get_path_state(user, slug: str) -> PathState:
    """A current path with the person's walk on it and its items; a 404 for any other."""
    path = Path.objects.current().filter(slug=slug).first()
    if path is None:
        raise Http404("No such path")
    walk = None
    if user.is_authenticated:
        walk = PathWalk.objects.filter(user=user, path=path, left_at__isnull=True).first()
    return with_items(user, [PathState(path, walk)])[0]


HOME_PATHS = 3  # home shows what is next on at most this many paths


def home_paths(user) -> list[PathState]:
    """The paths a person is on now (active or paused), newest first, for home."""
    states = [PathState(walk.path, walk) for walk in current_walks(user)[:HOME_PATHS]]
    return with_items(user, states)


def path_for_lesson(user, lesson_slug: str) -> dict | None:
    """What templates/journal/includes/on_your_path.html needs on a lesson's page: the path
    the person is on that holds this lesson, whether they have read it, and what comes next
    on that path. None for a visitor, or when no path they are on holds it."""
    if not user.is_authenticated:
        return None
    walk = current_walks(user).filter(path__items__lesson_slug=lesson_slug).first()
    if walk is None:
        return None
    state = with_items(user, [PathState(walk.path, walk)])[0]
    this = next(on_path for on_path in state.items if on_path.item.lesson_slug == lesson_slug)
    return {"state": state, "lesson_slug": lesson_slug, "read": this.done, "next": state.next}
