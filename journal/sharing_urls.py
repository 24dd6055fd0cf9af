"""The client's side of sharing with a linked therapist (the therapist's side is under /care/)."""

from django.urls import path

from journal import sharing_views

urlpatterns = [
    path("sharing/", sharing_views.sharing_page, name="sharing"),
    path("sharing/log/", sharing_views.access_log, name="access_log"),
    path(
        "sharing/links/<int:link_id>/end/",
        sharing_views.end_link_client,
        name="end_link_client",
    ),
    path("journal/entries/<int:entry_id>/share/", sharing_views.entry_share, name="entry_share"),
    path(
        "journal/entries/<int:entry_id>/unshare/",
        sharing_views.entry_unshare,
        name="entry_unshare",
    ),
    path(
        "homework/<int:assignment_id>/share/",
        sharing_views.assignment_share,
        name="assignment_share",
    ),
]
