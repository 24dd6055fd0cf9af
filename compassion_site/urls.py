from django.urls import include, path

from compassion_site import views

urlpatterns = [
    path("", include("journal.urls")),
    path("", include("practices.urls")),
    path("accounts/", include("compassion_site.accounts.urls")),
    path("help/crisis/", views.crisis_help, name="crisis_help"),
    path("health/", views.health, name="health"),
]
