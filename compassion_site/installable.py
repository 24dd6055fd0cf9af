"""Tend as an installable app: the web app manifest, the service worker, and the two pages
the worker keeps for when there is no connection (a calm offline page, and the one-minute
grounding practice on one page, read from the library so its words have one source).

What the worker keeps is only what is listed in `precached_pages()` and `precached_files()`:
public pages that show nothing of anyone's, fetched without cookies, and the files they need.
It never stores anything while running (see templates/pages/offline_worker.js, and
tests/site/test_installable.py).
"""

import hashlib
import json
import re
from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.template import Context, Template
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from practices.models import Practice, StepKind

GROUNDING_SLUG = "cft-grounding"

# The browser's bar takes the colour of the site's header (--surface in static/css/tend.css,
# light and dark), so the two read as one; the splash screen takes the page's (--bg).
THEME_LIGHT = "#ffffff"
THEME_DARK = "#1b2724"
BACKGROUND = "#fbf8f3"

ICONS = [
    {"src": "img/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "img/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    {
        "src": "img/icon-maskable-192.png",
        "sizes": "192x192",
        "type": "image/png",
        "purpose": "maskable",
    },
    {
        "src": "img/icon-maskable-512.png",
        "sizes": "512x512",
        "type": "image/png",
        "purpose": "maskable",
    },
]

# The templates the kept pages are made from: a change to any of them is a new worker.
PRECACHED_TEMPLATES = (
    "base.html",
    "pages/crisis.html",
    "pages/offline.html",
    "pages/offline_steady.html",
    "pages/offline_worker.js",
)


def precached_pages() -> list[str]:
    """The pages that open without a connection. None shows anything of anyone's."""
    return [reverse("offline"), reverse("crisis_help"), reverse("offline_steady")]


def precached_files() -> list[str]:
    """What those pages load, found in their templates (every `{% static '...' %}`, so a script
    or stylesheet added to base.html is kept too) and in the stylesheet (its url()s: fonts,
    images), with htmx, the manifest and its icons."""
    names = []
    for template in PRECACHED_TEMPLATES:
        source = get_template(template).template.source
        names += STATIC_TAG.findall(source)
        if "{% icon " in source:
            names.append("img/icons.svg")  # the sprite the icon tag points into
    with open(finders.find("css/tend.css"), encoding="utf-8") as stylesheet:
        names += CSS_URL.findall(stylesheet.read())
    names += [icon["src"] for icon in ICONS]
    urls = [reverse("manifest"), *htmx_files(), *(static(name) for name in names)]
    return list(dict.fromkeys(urls))  # once each, in order


STATIC_TAG = re.compile(r"""\{% static ['"]([^'"]+\.(?:css|js|svg|png|woff2))['"] %\}""")
CSS_URL = re.compile(r"""url\(["']?\.\./([^"')?#]+)""")  # from static/css/ to its neighbours


@cache
def htmx_files() -> list[str]:
    """The scripts base.html's `{% htmx_script %}` loads (one more while DEBUG is on)."""
    html = Template("{% load django_htmx %}{% htmx_script %}").render(Context())
    return re.findall(r'<script src="([^"]+)"', html)


@require_GET
def manifest(request):
    """The web app manifest: what a phone or computer needs to install Tend."""
    data = {
        "id": "/",
        "name": "Tend",
        "short_name": "Tend",
        "description": "Short, guided practices of kindness towards yourself, and a private "
        "journal to go with them.",
        "lang": "en",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_LIGHT,
        "background_color": BACKGROUND,
        "icons": [{**icon, "src": static(icon["src"])} for icon in ICONS],
    }
    response = HttpResponse(
        json.dumps(data, indent=2), content_type="application/manifest+json; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=60 * 60)
    return response


def worker_version(practice: Practice | None, pages: list[str], files: list[str]) -> str:
    """A fingerprint of everything the worker keeps: its pages, the files' names (hashed in
    production), the kept pages' templates and the grounding practice's words. A new deploy
    that changes any of them is a new worker, and the new worker replaces the old cache."""
    digest = hashlib.sha256()
    for part in [*pages, *files]:
        digest.update(part.encode())
    for name in PRECACHED_TEMPLATES:
        digest.update(get_template(name).template.source.encode())
    digest.update((practice.version if practice else "").encode())
    return digest.hexdigest()[:16]


@require_GET
def service_worker(request):
    """The service worker, from the site's root so that it looks after every page. Always
    checked again (`no-cache`), so a new deploy reaches people at their next visit."""
    practice = Practice.objects.current().in_library().filter(slug=GROUNDING_SLUG).first()
    pages, files = precached_pages(), precached_files()  # read once: templates and CSS files
    context = {
        "version": worker_version(practice, pages, files),
        "pages": pages,
        "files": files,
        "offline": reverse("offline"),
    }
    source = get_template("pages/offline_worker.js").render(
        {"config": json.dumps(context, indent=2, sort_keys=True)}
    )
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request):
    """What the worker shows for a page it doesn't keep, when there is no connection."""
    return TemplateResponse(request, "pages/offline.html", {})


@require_GET
def offline_steady(request):
    """The one-minute grounding practice on one page, for reading without a connection or an
    account: every step at once, in the library's own words."""
    practice = (
        Practice.objects.current()
        .in_library()
        .prefetch_related("steps")
        .filter(slug=GROUNDING_SLUG)
        .first()
    )
    if practice is None:
        raise Http404("The grounding practice is not in the library")
    steps = [step for step in practice.steps.all() if not step.ending]
    return TemplateResponse(
        request,
        "pages/offline_steady.html",
        {"practice": practice, "steps": steps, "timer": StepKind.TIMER, "write": StepKind.WRITE},
    )
