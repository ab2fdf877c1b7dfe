from django.urls import path

from essaim.programmes import settings_views, views

app_name = "programmes"
urlpatterns = [
    path("choisir/", views.switch, name="switch"),
    path("parametres/", settings_views.programme_settings, name="settings"),
    path("<str:code>/logo/", views.logo, name="logo"),
]
