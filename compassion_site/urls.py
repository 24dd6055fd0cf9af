from django.urls import include, path

from compassion_site import views

urlpatterns = [
    path("", include("journal.urls")),
    path("", include("journal.homework_urls")),
    path("", include("journal.sharing_urls")),
    path("", include("journal.care_urls")),
    path("", include("journal.leaving_urls")),
    path("", include("practices.urls")),
    path("", include("practices.care_urls")),
    path("", include("compassion_site.accounts.care_urls")),
    path("accounts/", include("compassion_site.accounts.urls")),
    path("help/crisis/", views.crisis_help, name="crisis_help"),
    path("health/", views.health, name="health"),
]
