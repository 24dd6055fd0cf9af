"""The audio of practices: made narration and recorded voices, from media storage.

Both are named by a hash of their content, so they never change and are cached for a year,
and both answer byte ranges (compassion_site.lib.media). Visitors get a 404; a recording of a
therapist's own practice is heard only by those who may run that practice.
"""

from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_GET

from compassion_site.lib.media import stored_file_response
from practices.models import Narration
from practices.queries import practice_heard_by


@require_GET
def narration(request, key: str):
    if not request.user.is_authenticated:
        raise Http404("Narration is for people who are logged in")
    found = Narration.objects.filter(key=key).only("file").first()
    if found is None:
        raise Http404("No such narration")
    return stored_file_response(request, default_storage, found.file, "audio/mpeg")


@require_GET
def recording(request, practice_id: int, name: str):
    if not request.user.is_authenticated:
        raise Http404("Recordings are for people who are logged in")
    practice = practice_heard_by(request.user, practice_id, recording=f"recordings/{name}.mp3")
    if practice is None:
        raise Http404("No such recording")
    return stored_file_response(request, default_storage, f"recordings/{name}.mp3", "audio/mpeg")
