"""Everything a therapist does, under /care/: invites, the overview, a client's page, homework,
reading what a client shared, and their own practices. Plus the client's side of an invite."""

from django.urls import path

from care.views import clients, entries, homework, invites, reminders
from practices.views import editor

urlpatterns = [
    path("care/", clients.care_overview, name="care_overview"),
    path("care/clients/<int:client_id>/", clients.care_client, name="care_client"),
    path(
        "care/clients/<int:client_id>/end/", clients.end_link_therapist, name="end_link_therapist"
    ),
    # Homework
    path("care/clients/<int:client_id>/assign/", homework.assign_practice, name="assign_practice"),
    path("care/clients/<int:client_id>/series/", homework.assign_series, name="assign_series"),
    path("care/assignments/<int:assignment_id>/", homework.assignment_edit, name="assignment_edit"),
    path(
        "care/assignments/<int:assignment_id>/pause/",
        homework.assignment_pause,
        name="assignment_pause",
    ),
    path(
        "care/assignments/<int:assignment_id>/end/", homework.assignment_end, name="assignment_end"
    ),
    # What a client shared
    path(
        "care/clients/<int:client_id>/entries/<int:entry_id>/",
        entries.shared_entry,
        name="shared_entry",
    ),
    path(
        "care/clients/<int:client_id>/entries/<int:entry_id>/comments/",
        entries.shared_entry_comment,
        name="shared_entry_comment",
    ),
    # Invites, from the therapist's side and the client's
    path("care/invites/", invites.care_invites, name="care_invites"),
    path("care/invites/<int:invite_id>/", invites.care_invite_detail, name="care_invite_detail"),
    path(
        "care/invites/<int:invite_id>/revoke/",
        invites.care_invite_revoke,
        name="care_invite_revoke",
    ),
    path("invite/", invites.join_with_code, name="join_with_code"),
    path("invite/<str:token>/", invites.invite_answer, name="invite_answer"),
    # A person's own reminders to practise, their calendar feed, and the email's unsubscribe
    path("reminders/", reminders.reminders_page, name="reminders"),
    path("reminders/calendar/", reminders.reminders_calendar, name="reminders_calendar"),
    path(
        "reminders/calendar/revoke/",
        reminders.reminders_calendar_revoke,
        name="reminders_calendar_revoke",
    ),
    path("reminders/calendar/<str:token>.ics", reminders.reminders_feed, name="reminders_feed"),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminders.reminders_unsubscribe,
        name="reminders_unsubscribe",
    ),
    # The therapist's own practices (the editor lives with the library, in practices)
    path("care/practices/", editor.own_practices, name="own_practices"),
    path("care/practices/new/", editor.own_practice_new, name="own_practice_new"),
    path("care/practices/import/", editor.own_practice_import, name="own_practice_import"),
    path("care/practices/<int:practice_id>/", editor.own_practice_edit, name="own_practice_edit"),
    path(
        "care/practices/<int:practice_id>/preview/",
        editor.own_practice_preview,
        name="own_practice_preview",
    ),
    path(
        "care/practices/<int:practice_id>/export/",
        editor.own_practice_export,
        name="own_practice_export",
    ),
    path(
        "care/practices/<int:practice_id>/archive/",
        editor.own_practice_archive,
        name="own_practice_archive",
    ),
]
