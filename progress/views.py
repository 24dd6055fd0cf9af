"""The progress dashboard at /progress/: charts first, the numbers beside them, for the
person alone."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from compassion_site.accounts.access import private_page
from compassion_site.lib.htmx import for_htmx
from practices.queries import GROUNDING_SLUG
from progress import charts
from progress import queries as progress

# Progress ----------------------------------------------------------------------------------


def in_words(tallies) -> str:
    return "; ".join(f"{tally.label}: {tally.count:,}" for tally in tallies) + "."


@private_page
@require_GET
@for_htmx(if_hx_target="progress-body", use_partial="body")
def progress_page(request):
    """What practice has been like, and what seems to help: charts first, numbers beside."""
    range_key = progress.chosen_range(request.GET.get("range"))
    shown = progress.progress_for(request.user, range_key)
    library = shown.library
    least = shown.least_skill.key if shown.least_skill else None
    first_practice = next(
        (practice for practice in library if practice.slug == GROUNDING_SLUG), None
    ) or progress.suggestion_for_skill(least, library)
    context = {
        "progress": shown,
        "ranges": [
            {"key": key, "label": label, "current": key == range_key}
            for key, (label, _) in progress.RANGES.items()
        ],
        "skill_suggestion": progress.suggestion_for_skill(least, library),
        "first_practice": first_practice,
        "calendar": charts.calendar_chart(shown.calendar),
        "calendar_rows": charts.calendar_rows(shown.calendar),
        "skills_chart": charts.bar_chart(shown.skills),
        "skills_desc": in_words(shown.skills),
        "modalities_desc": in_words(shown.modalities),
        # The methods' initials fit beside the bars; the table beside spells them out.
        "modalities_chart": charts.bar_chart(
            [
                progress.Tally(tally.key, tally.key.upper(), tally.count)
                for tally in shown.modalities
            ]
        ),
        "over_time_chart": charts.line_chart(shown.over_time) if shown.over_time else None,
        "over_time_rows": charts.over_time_rows(shown.over_time),
        "helpful_rows": charts.helpful_rows(shown.helpful),
        "check_in_rows": charts.check_in_rows(shown.check_ins),
        "check_in_chart": (
            charts.check_in_chart(shown.check_ins, shown.check_in_span) if shown.check_ins else None
        ),
    }
    return TemplateResponse(request, "progress/dashboard.html", context)
