from django.urls import path

from practices import views

urlpatterns = [
    path("practices/", views.library, name="library"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice_detail"),
    path("about/compassion/", views.about_compassion, name="about_compassion"),
]
