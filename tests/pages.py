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
    "learn": "/learn/",
    "lesson": "/learn/three-systems/",
    "about_content": "/about/content/",
    "paths": "/paths/",
    # The link in an email to confirm an address (without a token: "this link no longer works")
    "confirm_email": "/accounts/email/confirm/",
}

# Pages for visitors who are not logged in (a logged-in person is sent on from some of them).
VISITOR_PAGES = {
    "signup": "/accounts/signup/",
    "login": "/accounts/login/",
    "password_reset": "/accounts/password/reset/",
    "password_reset_done": "/accounts/password/reset/sent/",
    "password_reset_confirm": "/accounts/password/reset/MQ/not-a-real-token/",
    "password_reset_complete": "/accounts/password/reset/complete/",
    # Trying a practice without an account (a logged-in person goes to the practice's page)
    "try_practice": "/try/cft-grounding/",
    "try_step": "/try/msc-self-compassion-break/difficulty/",
    "try_end": "/try/msc-self-compassion-break/end/",
}

# An invite's page: anyone with the link may open it (the token is filled in by tests).
INVITE_PAGES = {"invite_answer": "/invite/<token>/"}

# Pages that need a logged-in person; a visitor is asked to log in.
ACCOUNT_PAGES = {
    "settings": "/accounts/settings/",
    "email": "/accounts/email/",
    "password_change": "/accounts/password/change/",
    "password_change_done": "/accounts/password/change/done/",
    "join_with_code": "/invite/",
    "two_factor": "/accounts/two-factor/",
    "two_factor_setup": "/accounts/two-factor/setup/",
    "reminders": "/reminders/",
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
    "check_in": "/journal/check-in/",
    "homework": "/homework/",
    "sharing": "/sharing/",
    "access_log": "/sharing/log/",
    "leave": "/accounts/leave/",
    "delete_journal_data": "/accounts/leave/journal/",
    "delete_account": "/accounts/leave/account/",
    "welcome": "/welcome/",
}

PERSON_PAGES = {**ACCOUNT_PAGES, **JOURNAL_PAGES}

# A therapist's pages under /care/: a 404 for anyone without therapist mode, visitors too.
THERAPIST_PAGES = {
    "care_overview": "/care/",
    "care_invites": "/care/invites/",
    "own_practices": "/care/practices/",
    "own_practice_new": "/care/practices/new/",
    "own_practice_import": "/care/practices/import/",
}

# Pages about one object of a person's; tests/journal/ visits each as its owner and as others.
OBJECT_PAGES = {
    "run_step": "/journal/runs/<id>/steps/<key>/",
    "run_paused": "/journal/runs/<id>/paused/",
    "run_care_first": "/journal/runs/<id>/care-first/",
    "run_summary": "/journal/runs/<id>/summary/",
    "discard_run": "/journal/runs/<id>/discard/",
    "start_again": "/journal/runs/<id>/start-again/",
    "part_detail": "/journal/parts/<id>/",
    "entry_detail": "/journal/entries/<id>/",
    "entry_edit": "/journal/entries/<id>/edit/",
    "end_link_client": "/sharing/links/<id>/end/",
    # A path's page (anyone may open it; tests/journal/test_paths.py loads a path to open)
    "path": "/paths/<slug>/",
}

# A therapist's pages about one of their clients or their own things (ids filled in by tests).
THERAPIST_OBJECT_PAGES = {
    "care_client": "/care/clients/<client>/",
    "assign_practice": "/care/clients/<client>/assign/",
    "assign_series": "/care/clients/<client>/series/",
    "end_link_therapist": "/care/clients/<client>/end/",
    "shared_entry": "/care/clients/<client>/entries/<entry>/",
    "assignment_edit": "/care/assignments/<assignment>/",
    "care_invite_detail": "/care/invites/<id>/",
    "own_practice_edit": "/care/practices/<id>/",
    "own_practice_preview": "/care/practices/<id>/preview/",
}

# Named URLs that are not pages a person reads.
NOT_PAGES = {
    "shared_entry_comment": "POST only: a therapist's comment on a shared entry",
    "assignment_pause": "POST only: pauses or resumes homework",
    "assignment_end": "POST only: ends homework",
    "logout": "POST only: logs out and redirects",
    "theme": "POST only: the colours switch at the foot of every page; redirects back",
    "login_code": (
        "the code step of a login with two-factor on: without a pending login it redirects to "
        "login (checked in tests/accounts/test_two_factor.py and its browser test)"
    ),
    "health": "plain-text health check for load balancers",
    "start_run": "POST only: begins a practice and redirects to its check-in",
    "practice_favourite": "POST only: marks or unmarks a favourite practice, back to its page",
    "begin_homework": "POST only: begins (or resumes) a homework practice and redirects",
    "resume_run": "redirects to where a run was left",
    "save_draft": "POST only: saves typing, answers with a status line",
    "run_leave": "POST only: the quiet bar's Pause on the care-first page; pauses, goes home",
    "part_retire": "POST only: retires or restores a part",
    "entry_add_note": "POST only: adds a looking-back note to an entry",
    "check_in_words": "POST only: keeps feeling words and a line with today's check-in",
    "entry_delete": "POST only: moves an entry to the trash",
    "entry_restore": "POST only: brings an entry back from the trash",
    "entry_purge": "POST only: deletes an entry in the trash for good",
    "entry_share": "POST only: shares an entry with a linked therapist",
    "entry_unshare": "POST only: stops sharing an entry with one therapist or everyone",
    "assignment_share": "POST only: shares (or stops sharing) everything done for a homework",
    "export_json": "a download: the whole journal as JSON",
    "export_markdown": "a download: the whole journal as Markdown",
    "care_invite_revoke": "POST only: withdraws an open invite",
    "own_practice_export": "a download: one of a therapist's own practices as a practice file",
    "own_practice_archive": "POST only: archives one of a therapist's own practices",
    "listen_narration": "audio: a step's made narration (tests/practices/test_narration.py)",
    "path_start": "POST only: starts (or picks up) a path, back to its page",
    "path_pause": "POST only: pauses a path, back to its page",
    "path_resume": "POST only: picks a paused path up again, back to its page",
    "path_leave": "POST only: leaves a path, back to its page",
    "path_lesson_read": "POST only: marks a lesson of a path read, back to the path or lesson",
    "path_on_lesson": "a fragment: a lesson page's 'On your path' box (tests/journal/test_paths.py)",
    "listen_recording": "audio: a step's recorded voice (tests/practices/test_narration.py)",
    "reminders_calendar": "POST only: makes (or replaces) a person's private calendar link",
    "reminders_calendar_revoke": "POST only: switches a person's calendar link off",
    "reminders_feed": (
        "an iCalendar feed opened by a secret token, not HTML (tests/care/test_practice_"
        "reminders_page.py and tests/browser/test_reminders_in_browser.py)"
    ),
    "reminders_unsubscribe": (
        "the page a reminder email's signed unsubscribe link opens (tests/care/test_practice_"
        "reminders_command.py; axe in tests/browser/test_reminders_in_browser.py)"
    ),
    "about_compassion": (
        "a permanent redirect to the lesson that took its place, /learn/what-compassion-is/ "
        "(tests/practices/test_lessons.py)"
    ),
}

ALL_PAGES = {
    **PUBLIC_PAGES,
    **VISITOR_PAGES,
    **INVITE_PAGES,
    **PERSON_PAGES,
    **OBJECT_PAGES,
    **THERAPIST_PAGES,
    **THERAPIST_OBJECT_PAGES,
}
