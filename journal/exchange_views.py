"""Taking a journal out of Tend (a file for Tend, a file to read, a page to print) and
bringing one in. Only for the journal's author: everyone else gets a 404."""

import logging
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET, require_http_methods

from journal import exchange
from journal.access import private_page
from journal.filters import filtered_entries
from journal.models import Answer, Entry

logger = logging.getLogger(__name__)

MAX_IMPORT_BYTES = 50 * 1024 * 1024
TOO_BIG = "This file is larger than 50 MB, more than Tend can import at once. Nothing was imported."
NOT_SAVED = (
    "Something went wrong on our side while saving, so nothing was imported. "
    "Your journal is as it was; please try again in a little while."
)


def download(content: str, content_type: str, extension: str) -> HttpResponse:
    """A file to save, named for the person's own today: tend-journal-2026-11-24.json."""
    response = HttpResponse(content, content_type=content_type)
    name = f"tend-journal-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@private_page
@require_GET
def export_page(request):
    entry_count = Entry.objects.kept().filter(user=request.user).count()
    return TemplateResponse(request, "journal/export.html", {"entry_count": entry_count})


@private_page
@require_GET
def export_json(request):
    text = exchange.export_json_text(request.user)
    return download(text, "application/json; charset=utf-8", "json")


@private_page
@require_GET
def export_markdown(request):
    text = exchange.export_markdown(request.user)
    return download(text, "text/markdown; charset=utf-8", "md")


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


@private_page
@require_GET
def export_print(request):
    """The person's kept entries on one printable page, oldest first, with the journal's
    filters from the query string. A fixed number of queries, however many entries."""
    entries, form, journal_filter = filtered_entries(request)
    entries = entries.order_by("created_at", "id").prefetch_related(
        Prefetch("run__answers", queryset=Answer.objects.order_by("position")),
        "tags",
        "notes",
    )
    printed = [
        {
            "entry": entry,
            "answers": list(entry.run.answers.all()) if entry.run else [],
            "notes": list(entry.notes.all()),
        }
        for entry in entries
    ]
    context = {
        "printed": printed,
        "journal_filter": journal_filter,
        "filters": filters_in_force(form, journal_filter),
    }
    return TemplateResponse(request, "journal/export_print.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Your Tend journal file",
        help_text=(
            "The .json file you saved with “Download a file for Tend” on the export page. "
            "Up to 50 MB."
        ),
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        error_messages={
            "required": "Choose your journal file to import.",
            "empty": "This file is empty, so there is nothing to import.",
            "invalid": "That wasn't a file. Choose your journal file to import.",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(TOO_BIG)
        try:
            self.plan = exchange.parse_export(upload.read())
        except exchange.ImportRefused as refused:
            raise ValidationError(refused.lines) from None
        return upload


@private_page
@require_http_methods(["GET", "POST"])
def import_journal(request):
    """Bring in a Tend journal file: checked in full first, then written all at once."""
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        try:
            result = exchange.import_plan(request.user, form.plan)
        except DatabaseError as error:
            # Never what was in the file: only what kind of failure it was.
            logger.error("Journal import failed: %s", type(error).__name__)
            form.add_error("file", NOT_SAVED)
        else:
            messages.success(request, result.summary)
            response = HttpResponseRedirect(reverse("journal"))
            response.status_code = 303
            return response
    return TemplateResponse(request, "journal/import.html", {"form": form})
