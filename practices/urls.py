from django.urls import path
from django.views.generic import RedirectView, TemplateView

from practices.views import lessons, library, listening

urlpatterns = [
    path("practices/", library.library, name="library"),
    path("practices/<slug:slug>/", library.practice_detail, name="practice_detail"),
    path(
        "practices/<slug:slug>/favourite/",
        library.practice_favourite,
        name="practice_favourite",
    ),
    path("practices/listen/narration/<slug:key>.mp3", listening.narration, name="listen_narration"),
    path(
        "practices/<int:practice_id>/recordings/<slug:name>.mp3",
        listening.recording,
        name="listen_recording",
    ),
    path("learn/", lessons.learn, name="learn"),
    path("learn/<slug:slug>/", lessons.lesson, name="lesson"),
    # The page about compassion became the first lesson.
    path(
        "about/compassion/",
        RedirectView.as_view(url="/learn/what-compassion-is/", permanent=True),
        name="about_compassion",
    ),
    path(
        "about/content/",
        TemplateView.as_view(template_name="pages/about_content.html"),
        name="about_content",
    ),
]
