"""Every page of the site, for the tests that visit them all (status, layout, axe-core).

A test fails when a named URL exists that is neither listed here nor excused, so a new page
cannot slip past the layout and accessibility checks.
"""

# Pages anyone may open, with or without an account.
PUBLIC_PAGES = {
    "home": "/",
    "crisis_help": "/help/crisis/",
    "library": "/practices/",
    "practice_detail": "/practices/msc-self-compassion-break/",
    "about_compassion": "/about/compassion/",
}

# Pages for visitors who are not logged in (a logged-in person is sent on from some of them).
VISITOR_PAGES = {
    "signup": "/accounts/signup/",
    "login": "/accounts/login/",
    "password_reset": "/accounts/password/reset/",
    "password_reset_done": "/accounts/password/reset/sent/",
    "password_reset_confirm": "/accounts/password/reset/MQ/not-a-real-token/",
    "password_reset_complete": "/accounts/password/reset/complete/",
}

# Pages that need a logged-in person; a visitor is asked to log in.
ACCOUNT_PAGES = {
    "settings": "/accounts/settings/",
    "password_change": "/accounts/password/change/",
    "password_change_done": "/accounts/password/change/done/",
}

# A person's journal pages, and their progress: a 404 for visitors (the 404 page offers a login).
JOURNAL_PAGES = {
    "journal": "/journal/",
    "new_entry": "/journal/new/",
    "trash": "/journal/trash/",
    "empty_trash": "/journal/trash/empty/",
    "export": "/journal/export/",
    "export_print": "/journal/export/print/",
    "import_journal": "/journal/import/",
    "parts": "/journal/parts/",
    "progress": "/progress/",
}

PERSON_PAGES = {**ACCOUNT_PAGES, **JOURNAL_PAGES}

# A therapist's pages under /care/: a 404 for anyone without therapist mode, visitors too.
THERAPIST_PAGES = {}

# Pages about one object of a person's; tests/journal/ visits each as its owner and as others.
OBJECT_PAGES = {
    "run_step": "/journal/runs/<id>/steps/<key>/",
    "run_paused": "/journal/runs/<id>/paused/",
    "run_summary": "/journal/runs/<id>/summary/",
    "discard_run": "/journal/runs/<id>/discard/",
    "part_detail": "/journal/parts/<id>/",
    "entry_detail": "/journal/entries/<id>/",
    "entry_edit": "/journal/entries/<id>/edit/",
}

# A therapist's pages about one of their clients or their own things (ids filled in by tests).
THERAPIST_OBJECT_PAGES = {}

# Named URLs that are not pages a person reads.
NOT_PAGES = {
    "logout": "POST only: logs out and redirects",
    "health": "plain-text health check for load balancers",
    "start_run": "POST only: begins a practice and redirects to its check-in",
    "resume_run": "redirects to where a run was left",
    "save_draft": "POST only: saves typing, answers with a status line",
    "part_retire": "POST only: retires or restores a part",
    "entry_add_note": "POST only: adds a looking-back note to an entry",
    "entry_delete": "POST only: moves an entry to the trash",
    "entry_restore": "POST only: brings an entry back from the trash",
    "entry_purge": "POST only: deletes an entry in the trash for good",
    "export_json": "a download: the whole journal as JSON",
    "export_markdown": "a download: the whole journal as Markdown",
}

ALL_PAGES = {
    **PUBLIC_PAGES,
    **VISITOR_PAGES,
    **PERSON_PAGES,
    **OBJECT_PAGES,
    **THERAPIST_PAGES,
    **THERAPIST_OBJECT_PAGES,
}
