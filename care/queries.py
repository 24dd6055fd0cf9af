"""Reads for the therapist's pages: the overview of every client and one client's page.

A therapist sees facts of completion for the homework they set (which practice, when, the
check-in ratings) and the entries a client shares with them; nothing else. Every function
runs a fixed number of queries, however many clients, assignments or runs there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Avg, F, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from compassion_site.accounts.models import CareLink
from compassion_site.lib.dates import day_month, local_date, local_today, shift, week_start
from journal.homework import plan_for
from journal.models import Entry, Run
from practices.models import Assignment, Status
from practices.schedule import Due, SeriesStep, week_tally

WEEKS_CHARTED = 12


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday around a day."""
    monday = week_start(day)
    return monday, shift(monday, 6)


def homework_runs(therapist):
    """Finished runs begun from this therapist's homework."""
    return Run.objects.filter(assignment__therapist=therapist, status=Run.Status.FINISHED)


@dataclass
class ClientRow:
    link: CareLink
    done: int = 0
    planned: int = 0
    hard_entries: list[Entry] = field(default_factory=list)

    @property
    def client(self):
        return self.link.client

    @property
    def average_change(self) -> float | None:
        value = self.link.average_change
        return None if value is None else round(value, 1)


def overview(therapist) -> list[ClientRow]:
    """Each current client with this week's done and planned homework, their last homework
    practice, the average change in distress across it, and shared entries that stirred up
    something hard in the last 30 days. Four queries."""
    runs = homework_runs(therapist).filter(user=OuterRef("client"))
    latest = runs.order_by("-finished_at")
    change = (
        runs.filter(distress_before__isnull=False, distress_after__isnull=False)
        .values("user")
        .annotate(value=Avg(F("distress_after") - F("distress_before")))
        .values("value")
    )
    links = list(
        client_links(therapist).annotate(
            last_title=Subquery(latest.values("practice__title")[:1]),
            last_at=Subquery(latest.values("finished_at")[:1]),
            average_change=Subquery(change[:1]),
        )
    )
    rows = {link.client_id: ClientRow(link) for link in links}
    if not rows:
        return []
    assignments = list(
        Assignment.objects.filter(
            therapist=therapist, client_id__in=rows, status=Status.ACTIVE
        ).select_related("client", "series", "practice")
    )
    dues_by_client: dict[int, list[Due]] = defaultdict(list)
    for due in plan_for(assignments).dues:
        dues_by_client[due.assignment.client_id].append(due)
    for client_id, row in rows.items():
        first, last = week_of(local_today(row.client))
        row.done, row.planned = week_tally(dues_by_client[client_id], first, last)
    hard = (
        Entry.objects.kept()
        .filter(
            user_id__in=rows,
            shares__therapist=therapist,
            run__hard_moment=True,
            created_at__gte=timezone.now() - timedelta(days=30),
        )
        .select_related("run")
        .order_by("-created_at")
    )
    for entry in hard:
        rows[entry.user_id].hard_entries.append(entry)
    return list(rows.values())


@dataclass
class WeekBar:
    label: str
    done: int
    planned: int
    monday: date | None = None


@dataclass
class ChartStart:
    """The day the done-against-planned chart begins from, and why: "link" (the day the
    therapist and client were linked) or "homework" (the day the first homework began)."""

    day: date
    reason: str


@dataclass
class ClientPage:
    assignments: list[Assignment]
    dues: dict[int, list[Due]]
    series: dict[int, list[SeriesStep]]
    weeks: list[WeekBar]
    charted_from: ChartStart
    runs: list[Run]
    shared: list[Entry]

    @property
    def charts_every_week_since_the_start(self) -> bool:
        """Whether the chart reaches back to its start (False: the start is further back
        than the weeks charted)."""
        return bool(self.weeks) and self.weeks[0].monday <= self.charted_from.day


def stretch_counts(due: Due) -> bool:
    """Whether a stretch counts as planned: an active assignment's, or one that had begun
    before its assignment was paused or ended."""
    assignment = due.assignment
    if assignment.status == Status.ACTIVE:
        return True
    return due.starts <= local_date(assignment.updated_at, assignment.client.zone)


def chart_start(link_day: date, assignments: list[Assignment]) -> ChartStart:
    """The later of the day the link began and the day the first homework began: the weeks
    before it are not weeks of nothing done, they are weeks before any homework was set."""
    first_homework = min((assignment.starts_on for assignment in assignments), default=None)
    if first_homework is not None and first_homework > link_day:
        return ChartStart(first_homework, "homework")
    return ChartStart(link_day, "link")


def completion_by_week(
    dues: list[Due], today: date, weeks: int = WEEKS_CHARTED, since: date | None = None
) -> list[WeekBar]:
    """Done and planned per week (Monday to Sunday) for the last `weeks` weeks, oldest first;
    none before the week of `since` (this week at least, even when `since` is later)."""
    monday, _ = week_of(today)
    if since is not None:
        since_monday, _ = week_of(min(since, today))
        weeks = min(weeks, (monday - since_monday).days // 7 + 1)
    bars = []
    for back in range(weeks - 1, -1, -1):
        first = shift(monday, -7 * back)
        last = shift(first, 6)
        done, planned = week_tally([due for due in dues if stretch_counts(due)], first, last)
        bars.append(WeekBar(day_month(first, short=True), done, planned, first))
    return bars


STATUS_ORDER = {Status.ACTIVE: 0, Status.PAUSED: 1, Status.ENDED: 2}


def newest_first_with_series_in_order(assignment: Assignment):
    """Current before ended, newest first, a series' steps together and in order."""
    made = assignment.series.created_at if assignment.series_id else assignment.created_at
    return (STATUS_ORDER[assignment.status], -made.timestamp(), assignment.position)


def progress_text(assignment: Assignment, dues: list[Due], locked: set[int]) -> str:
    """How far along an assignment is, in a few words."""
    if assignment.pk in locked:
        return "Not open yet."
    done = sum(due.done for due in dues)
    if assignment.series_id or assignment.schedule == "once":
        return "Done." if done else "Not done yet."
    return f"Done {done} of {sum(due.planned for due in dues)} so far."


def client_page(therapist, link: CareLink, runs_shown: int = 20) -> ClientPage:
    """Everything the therapist may see of the client of a link: five queries."""
    client = link.client
    assignments = sorted(
        Assignment.objects.filter(therapist=therapist, client=client).select_related(
            "practice", "series", "client"
        ),
        key=newest_first_with_series_in_order,
    )
    plan = plan_for(assignments)
    dues: dict[int, list[Due]] = defaultdict(list)
    for due in plan.dues:
        dues[due.assignment.pk].append(due)
    locked = {
        step.assignment.pk for steps in plan.series.values() for step in steps if step.is_locked
    }
    for assignment in assignments:
        assignment.progress_text = progress_text(assignment, dues[assignment.pk], locked)
    start = chart_start(local_date(link.started_at, client.zone), assignments)
    runs = list(
        homework_runs(therapist)
        .filter(user=client)
        .select_related("practice", "entry")
        .order_by("-finished_at")[:runs_shown]
    )
    shared = list(
        Entry.objects.kept()
        .filter(user=client, shares__therapist=therapist)
        .select_related("run__practice")
        .order_by("-created_at")[:50]
    )
    return ClientPage(
        assignments=assignments,
        dues=dues,
        series=plan.series,
        weeks=completion_by_week(plan.dues, local_today(client), since=start.day),
        charted_from=start,
        runs=runs,
        shared=shared,
    )


def get_assignment_for_therapist(request, assignment_id: int) -> Assignment:
    """One of the signed-in therapist's assignments to a client still linked; 404 otherwise."""
    assignment = (
        Assignment.objects.with_active_link()
        .select_related("practice", "client", "series")
        .filter(pk=assignment_id, therapist=request.user)
        .first()
    )
    if assignment is None:
        raise Http404("Not your assignment")
    return assignment


# Who a therapist may see -------------------------------------------------------------------


def client_links(therapist):
    """The therapist's current clients, by name."""
    return (
        CareLink.objects.active()
        .filter(therapist=therapist)
        .select_related("client")
        .order_by("client__display_name", "client__username")
    )


def get_client_for_therapist(request, client_id: int) -> CareLink:
    """The active link between the signed-in therapist and this client; 404 for anyone who is
    not (or no longer) their client. Call from views under `therapist_page`."""
    link = (
        CareLink.objects.active()
        .select_related("client")
        .filter(therapist=request.user, client_id=client_id)
        .first()
    )
    if link is None:
        raise Http404("Not your client")
    return link


def shared_entries(therapist, client):
    """The client's entries shared with this therapist and not in the trash, newest first.
    Check the link first (get_client_for_therapist): this reads only the shares."""
    return (
        Entry.objects.kept()
        .filter(user=client, shares__therapist=therapist)
        .select_related("run__practice")
        .order_by("-created_at", "-id")
    )


def get_shared_entry(request, link: CareLink, entry_id: int) -> Entry:
    """One entry the client shares with the signed-in therapist; 404 otherwise (unshared, in
    the trash, someone else's)."""
    entry = shared_entries(request.user, link.client).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("Not shared with you")
    return entry
