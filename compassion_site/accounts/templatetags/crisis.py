"""{% crisis_line %}: one sentence naming the helpline for the person's own country, judged
from their time zone, with the link to every helpline we know. A builtin (settings.TEMPLATES).

Where we know no line for their country (or they are a visitor), the sentence says to find one
where they are; it never names another country's number as if it were theirs.
"""

from django import template

from compassion_site.accounts.models import country_of_zone

register = template.Library()

# Lines the crisis page lists, by the countries they answer for.
LINES = {
    "US": ("call or text", "988", "988"),
    "CA": ("call or text", "988", "988"),
    "GB": ("call Samaritans on", "116 123", "116123"),
    "IE": ("call Samaritans on", "116 123", "116123"),
}


@register.inclusion_tag("includes/crisis_line.html", takes_context=True)
def crisis_line(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    country = country_of_zone(user.time_zone) if user and user.is_authenticated else None
    line = LINES.get(country)
    return {"line": line}
