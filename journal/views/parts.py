"""My parts (IFS): naming a part, describing it, seeing the practices it came up in, and
retiring it. Only their author sees them."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from compassion_site.accounts.access import private_page
from compassion_site.accounts.kept_words import keeps_words_when_logged_out, sent_or_kept
from journal import queries
from journal.forms import (
    PartEditForm,
)

# My parts ----------------------------------------------------------------------------------


@keeps_words_when_logged_out(("name", "description"), back_to="parts")
@private_page
@require_http_methods(["GET", "POST"])
def parts(request):
    form = PartEditForm(sent_or_kept(request, "Add part"))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            part = form.save(commit=False)
            part.user = request.user
            part.save()
        messages.success(request, f"Added {part.name} to your parts.")
        return redirect("parts")
    context = {"parts": list(queries.parts_with_counts(request.user)), "form": form}
    return TemplateResponse(request, "journal/parts.html", context)


@keeps_words_when_logged_out(("name", "description"), back_to="part_detail")
@private_page
@require_http_methods(["GET", "POST"])
def part_detail(request, part_id: int):
    part = queries.get_part_for_user(request, part_id)
    form = PartEditForm(sent_or_kept(request, "Save"), instance=part)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved.")
        return redirect("part_detail", part.pk)
    context = {"part": part, "form": form, "runs": list(queries.runs_with_part(part))}
    return TemplateResponse(request, "journal/part_detail.html", context)


@private_page
@require_POST
def part_retire(request, part_id: int):
    part = queries.get_part_for_user(request, part_id)
    part.retired = not part.retired
    part.save(update_fields=["retired"])
    if part.retired:
        messages.info(request, f"{part.name} is retired. Past practices still show it.")
    else:
        messages.info(request, f"{part.name} is back in your list.")
    return redirect("part_detail", part.pk)
