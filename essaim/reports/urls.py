from django.urls import path

from essaim.reports import innovation_views, results_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("methode/", views.board, name="board"),
    path("chiffres-cles/", views.public_figures, name="public"),
    path("resultats/", results_views.consolidated, name="consolidated"),
    path("resultats/<str:code>/<str:indicator>/", results_views.cell_source, name="cell_source"),
    path("rapport/<str:code>/", innovation_views.innovation, name="innovation"),
    path("chiffres-publies/", results_views.published_figures, name="published"),
]
