from django.urls import path

from journal import exchange_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("journal/runs/start/<slug:slug>/", views.start_run, name="start_run"),
    path("journal/runs/<int:run_id>/", views.resume_run, name="resume_run"),
    path("journal/runs/<int:run_id>/steps/<str:key>/", views.run_step, name="run_step"),
    path("journal/runs/<int:run_id>/steps/<str:key>/draft/", views.save_draft, name="save_draft"),
    path("journal/runs/<int:run_id>/paused/", views.run_paused, name="run_paused"),
    path("journal/runs/<int:run_id>/summary/", views.run_summary, name="run_summary"),
    path("journal/runs/<int:run_id>/discard/", views.discard_run, name="discard_run"),
    path("journal/runs/<int:run_id>/start-again/", views.start_again, name="start_again"),
    path("journal/", views.journal, name="journal"),
    path("journal/new/", views.new_entry, name="new_entry"),
    path("journal/entries/<int:entry_id>/", views.entry_detail, name="entry_detail"),
    path("journal/entries/<int:entry_id>/edit/", views.entry_edit, name="entry_edit"),
    path("journal/entries/<int:entry_id>/notes/", views.entry_add_note, name="entry_add_note"),
    path("journal/entries/<int:entry_id>/delete/", views.entry_delete, name="entry_delete"),
    path("journal/entries/<int:entry_id>/restore/", views.entry_restore, name="entry_restore"),
    path("journal/entries/<int:entry_id>/purge/", views.entry_purge, name="entry_purge"),
    path("journal/trash/", views.trash, name="trash"),
    path("journal/trash/empty/", views.empty_trash, name="empty_trash"),
    path("journal/export/", exchange_views.export_page, name="export"),
    path("journal/export/tend-journal.json", exchange_views.export_json, name="export_json"),
    path("journal/export/tend-journal.md", exchange_views.export_markdown, name="export_markdown"),
    path("journal/export/print/", exchange_views.export_print, name="export_print"),
    path("journal/import/", exchange_views.import_journal, name="import_journal"),
    path("progress/", views.progress_page, name="progress"),
    path("journal/parts/", views.parts, name="parts"),
    path("journal/parts/<int:part_id>/", views.part_detail, name="part_detail"),
    path("journal/parts/<int:part_id>/retire/", views.part_retire, name="part_retire"),
]
