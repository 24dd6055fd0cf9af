from django.urls import include, path

from compassion_site import installable, views

urlpatterns = [
    path("", views.home, name="home"),
    path("help/crisis/", views.crisis_help, name="crisis_help"),
    path("health/", views.health, name="health"),
    path("manifest.webmanifest", installable.manifest, name="manifest"),
    path("sw.js", installable.service_worker, name="service_worker"),
    path("offline/", installable.offline, name="offline"),
    path("offline/steady/", installable.offline_steady, name="offline_steady"),
    path("accounts/", include("compassion_site.accounts.urls")),
    path("", include("practices.urls")),
    path("", include("journal.urls")),
    path("", include("progress.urls")),
    path("", include("care.urls")),
]
