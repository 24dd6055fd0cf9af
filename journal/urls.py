from django.urls import path

from journal import views

urlpatterns = [
    path("", views.home, name="home"),
]
