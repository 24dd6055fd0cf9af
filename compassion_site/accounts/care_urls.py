from django.urls import path

from compassion_site.accounts import care_views

urlpatterns = [
    path("care/invites/", care_views.care_invites, name="care_invites"),
    path("care/invites/<int:invite_id>/", care_views.care_invite_detail, name="care_invite_detail"),
    path(
        "care/invites/<int:invite_id>/revoke/",
        care_views.care_invite_revoke,
        name="care_invite_revoke",
    ),
    path("invite/", care_views.join_with_code, name="join_with_code"),
    path("invite/<str:token>/", care_views.invite_answer, name="invite_answer"),
]
