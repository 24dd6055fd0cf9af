from django.urls import path

from journal import care_views

urlpatterns = [
    path("care/", care_views.care_overview, name="care_overview"),
]
