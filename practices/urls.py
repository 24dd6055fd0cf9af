from django.urls import path

from practices.views import library, listening

urlpatterns = [
    path("practices/", library.library, name="library"),
    path("practices/<slug:slug>/", library.practice_detail, name="practice_detail"),
    path("practices/listen/narration/<slug:key>.mp3", listening.narration, name="listen_narration"),
    path(
        "practices/<int:practice_id>/recordings/<slug:name>.mp3",
        listening.recording,
        name="listen_recording",
    ),
    path("about/compassion/", library.about_compassion, name="about_compassion"),
]
