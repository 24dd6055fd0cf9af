from django.urls import path

from practices.views import library

urlpatterns = [
    path("practices/", library.library, name="library"),
    path("practices/<slug:slug>/", library.practice_detail, name="practice_detail"),
    path("about/compassion/", library.about_compassion, name="about_compassion"),
]
