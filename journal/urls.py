"""What a person did and wrote: the step-by-step practice, the journal, parts, trash, export and
import, homework from a therapist, paths, sharing with them, and leaving."""

from django.urls import path

from journal.views import (
    check_ins,
    entries,
    exchange,
    homework,
    leaving,
    parts,
    paths,
    runs,
    sharing,
    trying,
    welcome,
)

urlpatterns = [
    # A practice, one step at a time
    path("journal/runs/start/<slug:slug>/", runs.start_run, name="start_run"),
    path("journal/runs/<int:run_id>/", runs.resume_run, name="resume_run"),
    path("journal/runs/<int:run_id>/steps/<str:key>/", runs.run_step, name="run_step"),
    path("journal/runs/<int:run_id>/steps/<str:key>/draft/", runs.save_draft, name="save_draft"),
    path("journal/runs/<int:run_id>/paused/", runs.run_paused, name="run_paused"),
    path("journal/runs/<int:run_id>/leave/", runs.run_leave, name="run_leave"),
    path("journal/runs/<int:run_id>/care-first/", runs.run_care_first, name="run_care_first"),
    path("journal/runs/<int:run_id>/summary/", runs.run_summary, name="run_summary"),
    path("journal/runs/<int:run_id>/discard/", runs.discard_run, name="discard_run"),
    path("journal/runs/<int:run_id>/start-again/", runs.start_again, name="start_again"),
    # Trying a practice without an account, and the welcome questions after signing up
    path("try/<slug:slug>/", trying.try_practice, name="try_practice"),
    path("try/<slug:slug>/end/", trying.try_end, name="try_end"),
    path("try/<slug:slug>/<slug:key>/", trying.try_step, name="try_step"),
    path("welcome/", welcome.welcome, name="welcome"),
    # The journal
    path("journal/", entries.journal, name="journal"),
    path("journal/new/", entries.new_entry, name="new_entry"),
    path("journal/entries/<int:entry_id>/", entries.entry_detail, name="entry_detail"),
    path("journal/entries/<int:entry_id>/edit/", entries.entry_edit, name="entry_edit"),
    path("journal/entries/<int:entry_id>/notes/", entries.entry_add_note, name="entry_add_note"),
    path("journal/entries/<int:entry_id>/delete/", entries.entry_delete, name="entry_delete"),
    path("journal/entries/<int:entry_id>/restore/", entries.entry_restore, name="entry_restore"),
    path("journal/entries/<int:entry_id>/purge/", entries.entry_purge, name="entry_purge"),
    path("journal/check-in/", check_ins.check_in, name="check_in"),
    path("journal/check-in/words/", check_ins.check_in_words, name="check_in_words"),
    path("journal/trash/", entries.trash, name="trash"),
    path("journal/trash/empty/", entries.empty_trash, name="empty_trash"),
    # Export and import
    path("journal/export/", exchange.export_page, name="export"),
    path("journal/export/tend-journal.json", exchange.export_json, name="export_json"),
    path("journal/export/tend-journal.md", exchange.export_markdown, name="export_markdown"),
    path("journal/export/print/", exchange.export_print, name="export_print"),
    path("journal/import/", exchange.import_journal, name="import_journal"),
    # Parts (IFS)
    path("journal/parts/", parts.parts, name="parts"),
    path("journal/parts/<int:part_id>/", parts.part_detail, name="part_detail"),
    path("journal/parts/<int:part_id>/retire/", parts.part_retire, name="part_retire"),
    # Homework, as the client sees it
    path("homework/", homework.homework, name="homework"),
    path("homework/<int:assignment_id>/begin/", homework.begin_homework, name="begin_homework"),
    # Paths: lessons and practices in order, walked at a person's own pace
    path("paths/", paths.paths, name="paths"),
    path("learn/<slug:lesson_slug>/on-your-path/", paths.path_on_lesson, name="path_on_lesson"),
    path("paths/<slug:slug>/", paths.path, name="path"),
    path("paths/<slug:slug>/start/", paths.path_start, name="path_start"),
    path("paths/<slug:slug>/pause/", paths.path_pause, name="path_pause"),
    path("paths/<slug:slug>/resume/", paths.path_resume, name="path_resume"),
    path("paths/<slug:slug>/leave/", paths.path_leave, name="path_leave"),
    path(
        "paths/<slug:slug>/lessons/<slug:lesson_slug>/read/",
        paths.path_lesson_read,
        name="path_lesson_read",
    ),
    # Sharing: the client's own consent (the therapist's side is under /care/)
    path("sharing/", sharing.sharing_page, name="sharing"),
    path("sharing/log/", sharing.access_log, name="access_log"),
    path("sharing/links/<int:link_id>/end/", sharing.end_link_client, name="end_link_client"),
    path("journal/entries/<int:entry_id>/share/", sharing.entry_share, name="entry_share"),
    path("journal/entries/<int:entry_id>/unshare/", sharing.entry_unshare, name="entry_unshare"),
    path("homework/<int:assignment_id>/share/", sharing.assignment_share, name="assignment_share"),
    # Leaving: deleting the journal, or the account and everything in it
    path("accounts/leave/", leaving.leave, name="leave"),
    path("accounts/leave/journal/", leaving.delete_journal_data, name="delete_journal_data"),
    path("accounts/leave/account/", leaving.delete_account, name="delete_account"),
]
