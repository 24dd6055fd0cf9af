"""Taking a journal out of Tend (a file for Tend, a file to read, a page to print) and
bringing one in. Only for the journal's author: everyone else gets a 404."""

import logging
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import Prefetch
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET, require_http_methods

from compassion_site.accounts.access import private_page
from compassion_site.lib.dates import local_today
from compassion_site.lib.http import see_other
from compassion_site.lib.uploads import limit_upload, upload_too_big
from journal import exchange
from journal.filters import filtered_entries
from journal.models import Answer, Entry

logger = logging.getLogger(__name__)

NOT_SAVED = (
    "Something went wrong on our side while saving, so nothing was imported. "
    "Your journal is as it was; please try again in a little while."
)
INTERRUPTED = (
    "Something went wrong on our side part-way through, so only part of this file came in "
    "({listed}). Please import the same file again in a little while to bring in the rest: "
    "what is already in your journal is skipped, so nothing comes in twice."
)


def download(content, content_type: str, extension: str) -> StreamingHttpResponse:
    """A file to save, sent as it is written, named for the person's own today:
    tend-journal-2026-11-24.json."""
    response = StreamingHttpResponse(content, content_type=content_type)
    name = f"tend-journal-{local_today():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@private_page
@require_GET
def export_page(request):
    entry_count = Entry.objects.kept().filter(user=request.user).count()
    context = {"entry_count": entry_count, "print_limit": PRINT_LIMIT}
    return TemplateResponse(request, "journal/export.html", context)


@private_page
@require_GET
def export_json(request):
    stream = exchange.export_json_stream(request.user)
    return download(stream, "application/json; charset=utf-8", "json")


@private_page
@require_GET
def export_markdown(request):
    stream = exchange.export_markdown_stream(request.user)
    return download(stream, "text/markdown; charset=utf-8", "md")


def filters_in_force(form, journal_filter) -> list[str]:
    """The journal filters applied to the printable page, in words: "Tag: sleep"."""
    described = []
    for name, value in journal_filter.chosen.items():
        label = form.fields[name].label
        if value is True:
            described.append(label)
        elif isinstance(value, date):
            described.append(f"{label}: {format_date(value, 'j F Y')}")
        else:
            described.append(f"{label}: {dict(form.fields[name].choices).get(value, value)}")
    if journal_filter.search:
        described.append(f"Search: “{journal_filter.search.text}”")
    return described


# A printed page of more entries than this is hundreds of sheets, and too long for a browser
# to lay out in good time: the page shows the newest PRINT_LIMIT and says how to reach the rest.
PRINT_LIMIT = 500


@private_page
@require_GET
def export_print(request):
    """The person's kept entries on one printable page, oldest first, with the journal's
    filters from the query string: at most PRINT_LIMIT of them, the newest, and a note naming
    how many there are in all. A fixed number of queries, however many entries."""
    entries, form, journal_filter = filtered_entries(request)
    total = entries.count()
    newest = entries.order_by("-created_at", "-id").prefetch_related(
        Prefetch("run__answers", queryset=Answer.objects.order_by("position")),
        "tags",
        "notes",
    )[:PRINT_LIMIT]
    printed = [
        {
            "entry": entry,
            "answers": list(entry.run.answers.all()) if entry.run else [],
            "notes": list(entry.notes.all()),
        }
        for entry in list(newest)[::-1]
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "printed": printed,
        "total": total,
        "left_out": total - len(printed),
        "journal_url": reverse("journal") + (f"?{query.urlencode()}" if query else ""),
        "journal_filter": journal_filter,
        "filters": filters_in_force(form, journal_filter),
    }
    return TemplateResponse(request, "journal/export_print.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your Tend journal file",
        help_text=(
            "The .json file you saved with “Download a file for Tend” on the export page. "
            f"Up to {exchange.MAX_MEGABYTES} MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        error_messages={
            "required": "Choose your journal file to import.",
            "empty": "This file is empty, so there is nothing to import.",
            "invalid": "That wasn't a file. Choose your journal file to import.",
        },
    )

    def __init__(self, *args, user, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.too_big = too_big

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > exchange.MAX_IMPORT_BYTES:
            raise ValidationError(exchange.TOO_BIG)
        try:
            self.plan = exchange.parse_export(upload.read(), self.user)
        except exchange.ImportRefused as refused:
            raise ValidationError(refused.lines) from None
        return upload

    def clean(self):
        if self.too_big:
            # The file was skipped while the request was read (limit_upload), not kept: say
            # why, rather than asking for a file.
            self.errors.pop("file", None)
            self.add_error("file", exchange.TOO_BIG)
        return super().clean()


@private_page
@require_http_methods(["GET", "POST"])
@limit_upload(exchange.MAX_IMPORT_BYTES)
def import_journal(request):
    """Bring in a Tend journal file: checked in full first, then written in short batches."""
    if request.method == "POST":
        form = ImportForm(
            request.POST, request.FILES, user=request.user, too_big=upload_too_big(request)
        )
    else:
        form = ImportForm(user=request.user)
    if form.is_bound and form.is_valid():
        try:
            result = exchange.import_plan(request.user, form.plan)
        except exchange.ImportInterrupted as interrupted:
            logger.error(
                "Journal import stopped part-way: %s", type(interrupted.__cause__).__name__
            )
            form.add_error("file", INTERRUPTED.format(listed=interrupted.result.listed))
        except DatabaseError as error:
            # Never what was in the file: only what kind of failure it was.
            logger.error("Journal import failed: %s", type(error).__name__)
            form.add_error("file", NOT_SAVED)
        else:
            messages.success(request, result.summary)
            return see_other(reverse("journal"))
    return TemplateResponse(request, "journal/import.html", {"form": form})
