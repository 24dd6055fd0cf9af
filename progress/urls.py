from django.urls import path

from progress import views

urlpatterns = [
    path("progress/", views.progress_page, name="progress"),
]
