"""Reads about the library that other pages share."""

# The one-minute grounding is offered whenever something is hard (a very hard arrival, a first
# practice on the dashboard); soothing rhythm breathing is the gentlest way in after it.
GROUNDING_SLUG = "cft-grounding"
SOOTHING_SLUG = "cft-soothing-rhythm-breathing"
