from django.urls import path

from journal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("journal/runs/start/<slug:slug>/", views.start_run, name="start_run"),
    path("journal/runs/<int:run_id>/", views.resume_run, name="resume_run"),
    path("journal/runs/<int:run_id>/steps/<str:key>/", views.run_step, name="run_step"),
    path("journal/runs/<int:run_id>/steps/<str:key>/draft/", views.save_draft, name="save_draft"),
    path("journal/runs/<int:run_id>/paused/", views.run_paused, name="run_paused"),
    path("journal/runs/<int:run_id>/summary/", views.run_summary, name="run_summary"),
    path("journal/runs/<int:run_id>/discard/", views.discard_run, name="discard_run"),
    path("journal/parts/", views.parts, name="parts"),
    path("journal/parts/<int:part_id>/", views.part_detail, name="part_detail"),
    path("journal/parts/<int:part_id>/retire/", views.part_retire, name="part_retire"),
]
