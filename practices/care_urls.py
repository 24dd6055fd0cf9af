from django.urls import path

from practices import editor_views

urlpatterns = [
    path("care/practices/", editor_views.own_practices, name="own_practices"),
    path("care/practices/new/", editor_views.own_practice_new, name="own_practice_new"),
    path("care/practices/import/", editor_views.own_practice_import, name="own_practice_import"),
    path(
        "care/practices/<int:practice_id>/",
        editor_views.own_practice_edit,
        name="own_practice_edit",
    ),
    path(
        "care/practices/<int:practice_id>/preview/",
        editor_views.own_practice_preview,
        name="own_practice_preview",
    ),
    path(
        "care/practices/<int:practice_id>/export/",
        editor_views.own_practice_export,
        name="own_practice_export",
    ),
    path(
        "care/practices/<int:practice_id>/archive/",
        editor_views.own_practice_archive,
        name="own_practice_archive",
    ),
]
