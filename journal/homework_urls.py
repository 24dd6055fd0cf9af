from django.urls import path

from journal import homework_views

urlpatterns = [
    path("homework/", homework_views.homework, name="homework"),
    path(
        "homework/<int:assignment_id>/begin/",
        homework_views.begin_homework,
        name="begin_homework",
    ),
]
