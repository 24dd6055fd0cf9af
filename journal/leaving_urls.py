"""Leaving Tend: deleting the journal, or the account and everything in it."""

from django.urls import path

from journal import leaving_views

urlpatterns = [
    path("accounts/leave/", leaving_views.leave, name="leave"),
    path(
        "accounts/leave/journal/",
        leaving_views.delete_journal_data,
        name="delete_journal_data",
    ),
    path("accounts/leave/account/", leaving_views.delete_account, name="delete_account"),
]
