"""The login and logout pages under the site's own names (LOGIN_URL, templates); the other
account pages keep allauth's names (allauth_urls.py)."""

from allauth.account import views as allauth_views
from django.urls import path

from essaim.accounts import invitation_views, membership_views

app_name = "accounts"

urlpatterns = [
    path("connexion/", allauth_views.login, name="login"),
    path("deconnexion/", allauth_views.logout, name="logout"),
    path("inviter/", invitation_views.invite, name="invite"),
    path("invitations/", invitation_views.invitation_list, name="invitations"),
    path("invitations/<int:pk>/retirer/", invitation_views.revoke, name="revoke_invitation"),
    path("invitation/<str:token>/", invitation_views.accept, name="invitation"),
    path("personnes/", membership_views.people, name="people"),
    path("appartenances/<int:pk>/fin/", membership_views.end, name="end_membership"),
    path("appartenances/<int:pk>/role/", membership_views.change, name="change_membership"),
]
