from django.urls import path

from essaim.reports import export_views, innovation_views, results_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("methode/", views.board, name="board"),
    path("chiffres-cles/", views.public_figures, name="public"),
    path("resultats/", results_views.consolidated, name="consolidated"),
    path("resultats/programmes/", results_views.across, name="across"),
    path("resultats/<str:code>/<str:indicator>/", results_views.cell_source, name="cell_source"),
    path("rapport/<str:code>/", innovation_views.innovation, name="innovation"),
    path("exports/<str:kind>/", export_views.export, name="export"),
    path("chiffres-publies/", results_views.published_figures, name="published"),
]
