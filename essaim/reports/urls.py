from django.urls import path

from essaim.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("methode/", views.board, name="board"),
    path("chiffres-cles/", views.public_figures, name="public"),
    path("resultats/", views.consolidated, name="consolidated"),
]
