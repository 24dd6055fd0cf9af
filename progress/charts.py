"""Geometry for the dashboard's charts, drawn as SVG by templates/progress/charts/*.html.

Only numbers and positions here; colours come from the stylesheet (light and dark), and every
chart has a title, a description and a table of the same numbers beside it.

The marks a chart repeats once per day, week or month (the calendar's squares, the dots and
the table rows beside them) are written out here as markup, escaped, rather than by a template
loop: a long history has a few thousand of them, and the template engine spends some twenty
times longer on each than a format string does. The template around them stays the chart.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape  # as django.utils.html.escape writes it, without its lazy wrapper
from itertools import pairwise

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from compassion_site.lib.dates import long_date


def markup(parts) -> SafeString:
    """Pieces of markup already escaped, as one safe string."""
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


SCALE_TOP = 10  # distress is 0 to 10
# A dot is about 7 across: closer together than this, the dots of a long history run into a
# band that hides the line, so the line is drawn alone (the table beside has every value).
DOT_ROOM = 8


def dots_have_room(dots) -> bool:
    """Whether each of `dots` (left to right) is at least DOT_ROOM from the next."""
    return min((b.x - a.x for a, b in pairwise(dots)), default=DOT_ROOM) >= DOT_ROOM


@dataclass
class Bar:
    label: str
    value: int
    y: float
    width: float


def bar_chart(tallies, *, width=360, label_width=110, bar_height=24, gap=10) -> dict:
    """Horizontal bars, one per tally, longest for the largest count."""
    top = max((tally.count for tally in tallies), default=0) or 1
    room = width - label_width - 40
    bars = [
        Bar(
            tally.label, tally.count, index * (bar_height + gap), round(room * tally.count / top, 1)
        )
        for index, tally in enumerate(tallies)
    ]
    return {
        "width": width,
        "height": len(bars) * (bar_height + gap) - gap,
        "label_width": label_width,
        "bar_height": bar_height,
        "bars": bars,
    }


@dataclass
class Dot:
    x: float
    y: float
    value: float
    label: str


def line_chart(points, *, width=360, height=170, left=28, right=12, top=14, bottom=14) -> dict:
    """Two lines, distress before and after, across the points in order, on a 0 to 10 scale.

    The viewBox is about as wide as a phone's screen, so on a phone its text is drawn at its
    own size (SVG text grows and shrinks with the chart); on a wide screen it grows a little.
    The first and last dates are written under it in HTML, where they can wrap."""
    inner_width = width - left - right
    inner_height = height - top - bottom
    step = inner_width / (len(points) - 1) if len(points) > 1 else 0

    def x_of(index):
        return left + (index * step if len(points) > 1 else inner_width / 2)

    def y_of(value):
        return top + inner_height * (SCALE_TOP - value) / SCALE_TOP

    # Rounded here, so the template prints them as they are (no filter per number).
    before = [
        Dot(round(x_of(i), 1), round(y_of(p.before), 1), p.before, p.label)
        for i, p in enumerate(points)
    ]
    after = [
        Dot(round(x_of(i), 1), round(y_of(p.after), 1), p.after, p.label)
        for i, p in enumerate(points)
    ]
    dotted = dots_have_room(before)
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_edge": width - right,
        "bottom_edge": top + inner_height,
        "ticks": [{"value": value, "y": round(y_of(value), 1)} for value in (0, 5, 10)],
        "before": before,
        "after": after,
        "before_dots": markup(
            f'<circle class="chart__dot chart__dot--before" cx="{dot.x}" cy="{dot.y}" r="3">'
            "</circle>"
            for dot in (before if dotted else ())
        ),
        "after_dots": markup(
            f'<circle class="chart__dot chart__dot--after" cx="{dot.x}" cy="{dot.y}" r="3.5">'
            "</circle>"
            for dot in (after if dotted else ())
        ),
        "before_line": " ".join(f"{dot.x},{dot.y}" for dot in before),
        "after_line": " ".join(f"{dot.x},{dot.y}" for dot in after),
        "first_label": points[0].label if points else "",
        "last_label": points[-1].label if len(points) > 1 else "",
    }


@dataclass
class Cell:
    x: int
    y: int
    level: int
    future: bool
    title: str


def calendar_chart(weeks, *, cell=16, gap=4, left=34, top=4) -> dict:
    """A column per week, a row per weekday (Monday at the top), shaded by practices that day."""
    cells = []
    for column, week in enumerate(weeks):
        for row, day in enumerate(week):
            count = (
                "no practice"
                if not day.count
                else f"{day.count} practice{'s' if day.count > 1 else ''}"
            )
            cells.append(
                Cell(
                    x=left + column * (cell + gap),
                    y=top + row * (cell + gap),
                    level=day.level,
                    future=day.future,
                    title=f"{long_date(day.day)}: {count}",
                )
            )
    return {
        "width": left + len(weeks) * (cell + gap),
        "height": top + 7 * (cell + gap),
        "cell": cell,
        "cells": cells,
        "squares": markup(
            f'<rect class="day day--{square.level}" x="{square.x}" y="{square.y}" width="{cell}" '
            f'height="{cell}" rx="3"><title>{escape(square.title)}</title></rect>'
            for square in cells
            if not square.future
        ),
        "rows": [
            {"label": label, "y": top + index * (cell + gap) + cell - 3}
            for index, label in ((0, "Mon"), (2, "Wed"), (4, "Fri"))
        ],
    }


@dataclass
class CompletionRow:
    label: str
    done: int
    planned: int
    y: float
    planned_width: float
    done_width: float


def completion_chart(weeks, *, width=360, label_width=64, bar_height=16, gap=8) -> dict:
    """A row per week: a pale track as long as what was planned, filled for what was done."""
    top = max((max(week.planned, week.done) for week in weeks), default=0) or 1
    room = width - label_width - 56
    rows = [
        CompletionRow(
            week.label,
            week.done,
            week.planned,
            index * (bar_height + gap),
            round(room * week.planned / top, 1),
            round(room * min(week.done, week.planned or week.done) / top, 1),
        )
        for index, week in enumerate(weeks)
    ]
    return {
        "width": width,
        "height": len(rows) * (bar_height + gap) - gap,
        "label_width": label_width,
        "bar_height": bar_height,
        "rows": rows,
        "text_y": bar_height - 3,
    }


@dataclass
class Mark:
    x: float
    y: float
    label: str
    value: str


def check_in_chart(moods, span, *, width=360, height=180, left=28, right=12, top=14) -> dict:
    """How I was over the range (0 very low at the bottom, 10 really well at the top), placed
    by date so a gap shows as a gap, with a small mark along the foot for each day, week or
    month with practice. `span`: the first and last day, week or month of the range."""
    practice_row = height - 8
    bottom = height - 26
    inner_width = width - left - right
    first, last = span
    days = max((last - first).days, 1)

    def x_of(day):
        return round(left + inner_width * (day - first).days / days, 1)

    def y_of(value):
        return round(top + (bottom - top) * (SCALE_TOP - value) / SCALE_TOP, 1)

    dots = [
        Mark(x_of(mood.start), y_of(mood.value), mood.label, mood.value_text)
        for mood in moods
        if mood.value is not None
    ]
    radius = 3.5 if dots_have_room(dots) else 2
    practised = [
        Mark(round(x_of(mood.start) - 1.5, 1), practice_row, mood.label, f"{mood.practices:,}")
        for mood in moods
        if mood.practices
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_edge": width - right,
        "ticks": [{"value": value, "y": y_of(value)} for value in (0, 5, 10)],
        "dots": dots,
        # Placed by date, the dots show where there were no check-ins; where they would run
        # together (a day apart over three months) they are drawn small.
        "dots_markup": markup(
            f'<circle class="check-in-chart__dot" cx="{dot.x}" cy="{dot.y}" r="{radius}"><title>'
            f"{escape(capfirst(dot.label))}: {escape(dot.value)}</title></circle>"
            for dot in dots
        ),
        "line": " ".join(f"{dot.x},{dot.y}" for dot in dots),
        "practised": practised,
        "practised_markup": markup(
            f'<rect class="check-in-chart__practice" x="{mark.x}" y="{mark.y}" width="3" '
            f'height="8" rx="1"><title>{escape(capfirst(mark.label))}: {escape(mark.value)} '
            f"practice{'' if mark.value == '1' else 's'}</title></rect>"
            for mark in practised
        ),
        "practice_row": practice_row,
    }


# The tables beside the charts: a row per week, month or day ---------------------------------


def over_time_rows(points) -> SafeString:
    """Distress before and after (progress.queries.Point), a table row each."""
    return markup(
        f'<tr role="row"><th scope="row" role="rowheader">{escape(capfirst(point.label))}</th>'
        f'<td role="cell" data-label="Before">{point.before_text}</td>'
        f'<td role="cell" data-label="After">{point.after_text}</td>'
        f'<td role="cell" data-label="Practices">{point.runs:,}</td></tr>'
        for point in points
    )


def calendar_rows(weeks) -> SafeString:
    """Practices each day (progress.queries.Day), a table row per week, Monday first; a day
    still to come is left empty."""
    return markup(
        f'<tr role="row"><th scope="row" role="rowheader">{escape(week[0].day_month)}</th>'
        + "".join(
            f'<td role="cell" data-label="{day.weekday}">{"" if day.future else day.count}</td>'
            for day in week
        )
        + "</tr>"
        for week in weeks
    )


def one_place(value: float) -> str:
    """A number to one decimal place, exactly as the templates' `floatformat:1` writes it
    (a half rounded up, and never "-0.0"), at a tenth of its cost."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded if rounded else abs(rounded):.1f}"


def helpful_rows(helpful) -> SafeString:
    """The practices that seem to help (progress.queries.Helpful), a table row each: distress
    before and after on average, and the change (a rise marked +)."""
    return markup(
        f'<tr role="row"><th scope="row" role="rowheader">'
        f'<a href="{escape(reverse("practice_detail", args=[row.slug]))}">{escape(row.title)}</a>'
        f'</th><td role="cell" data-label="Times">{row.runs:,}</td>'
        f'<td role="cell" data-label="Before">{one_place(row.before)}</td>'
        f'<td role="cell" data-label="After">{one_place(row.after)}</td>'
        f'<td role="cell" data-label="Change">{"+" if row.change > 0 else ""}'
        f"{one_place(row.change)}</td></tr>"
        for row in helpful
    )


def check_in_rows(moods) -> SafeString:
    """How I was and how many practices (progress.queries.Mood), a table row each."""
    return markup(
        f'<tr role="row"><th scope="row" role="rowheader">{escape(capfirst(mood.label))}</th>'
        f'<td role="cell" data-label="How you were">{escape(mood.value_text)}</td>'
        f'<td role="cell" data-label="Check-ins">{mood.check_ins:,}</td>'
        f'<td role="cell" data-label="Practices">{mood.practices:,}</td></tr>'
        for mood in moods
    )
