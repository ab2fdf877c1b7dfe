from django.urls import path

from essaim.programmes import views

app_name = "programmes"
urlpatterns = [
    path("choisir/", views.switch, name="switch"),
    path("<str:code>/logo/", views.logo, name="logo"),
]
