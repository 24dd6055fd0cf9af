from django.urls import include, path

from compassion_site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/crisis/", views.crisis_help, name="crisis_help"),
    path("health/", views.health, name="health"),
    path("accounts/", include("compassion_site.accounts.urls")),
    path("", include("practices.urls")),
    path("", include("journal.urls")),
    path("", include("progress.urls")),
    path("", include("care.urls")),
]
