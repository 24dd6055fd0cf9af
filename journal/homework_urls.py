from django.urls import path

from journal import homework_views

urlpatterns = [
    path("homework/", homework_views.homework, name="homework"),
]
