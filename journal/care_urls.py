from django.urls import path

from journal import care_views as views

urlpatterns = [
    path("care/", views.care_overview, name="care_overview"),
    path("care/clients/<int:client_id>/", views.care_client, name="care_client"),
    path("care/clients/<int:client_id>/assign/", views.assign_practice, name="assign_practice"),
    path("care/clients/<int:client_id>/series/", views.assign_series, name="assign_series"),
    path("care/clients/<int:client_id>/end/", views.end_link_therapist, name="end_link_therapist"),
    path(
        "care/clients/<int:client_id>/entries/<int:entry_id>/",
        views.shared_entry,
        name="shared_entry",
    ),
    path(
        "care/clients/<int:client_id>/entries/<int:entry_id>/comments/",
        views.shared_entry_comment,
        name="shared_entry_comment",
    ),
    path("care/assignments/<int:assignment_id>/", views.assignment_edit, name="assignment_edit"),
    path(
        "care/assignments/<int:assignment_id>/pause/",
        views.assignment_pause,
        name="assignment_pause",
    ),
    path("care/assignments/<int:assignment_id>/end/", views.assignment_end, name="assignment_end"),
]
