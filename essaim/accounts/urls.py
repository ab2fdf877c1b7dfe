"""The login and logout pages under the site's own names (LOGIN_URL, templates); the other
account pages keep allauth's names (allauth_urls.py)."""

from allauth.account import views as allauth_views
from django.urls import path

app_name = "accounts"

urlpatterns = [
    path("connexion/", allauth_views.login, name="login"),
    path("deconnexion/", allauth_views.logout, name="logout"),
]
