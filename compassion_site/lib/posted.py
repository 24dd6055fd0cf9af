"""Form data kept as it was sent (drafts, words kept through an ended login), made storable.

PostgreSQL can't hold a NUL character in text or JSON, and no one types one: a browser never
sends it from a text box. Django's form fields refuse it; data kept without a form passes
through `storable_fields` first, so a forged post is stored without it rather than failing.
"""

from django.http import QueryDict

NUL = "\x00"


def without_nul(text: str) -> str:
    return text.replace(NUL, "")


def storable_fields(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The posted fields (name -> values) with every NUL taken out of names and values."""
    kept: dict[str, list[str]] = {}
    for name, values in fields.items():
        kept.setdefault(without_nul(name), []).extend(without_nul(value) for value in values)
    return kept


def small_number(text: str | None, digits: int = 9) -> int | None:
    """A whole number sent as text ("12"), or None: only ASCII digits, at most `digits` of
    them. (str.isdigit() also takes "²" and "١٢", which int() refuses, and int() refuses
    a string of more than 4,300 digits: neither is a number a form here sends.)"""
    if text and len(text) <= digits and text.isascii() and text.isdigit():
        return int(text)
    return None


def as_form_data(fields: dict[str, list[str]]) -> QueryDict:
    """Kept fields (name -> values) as form data, as if the form had been sent again."""
    data = QueryDict(mutable=True)
    for name, values in fields.items():
        data.setlist(name, values)
    return data
