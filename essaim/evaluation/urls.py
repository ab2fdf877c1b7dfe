from django.urls import path

from essaim.evaluation import entry_views, figure_views, views

app_name = "evaluation"

urlpatterns = [
    path("completude/<str:code>/", views.completeness_page, name="completeness"),
    path("controles/", views.violation_list, name="violations"),
    path("controles/lancer/", views.run_checks, name="run_checks"),
    path("controles/<int:pk>/verifier/", views.check_violation, name="check_violation"),
    path("saisie/<int:pk>/", entry_views.entry_page, name="entry"),
    path("saisie/<int:pk>/valider/", entry_views.validate, name="validate_entry"),
    path("tableur/<str:code>/modele/", figure_views.template_download, name="figures_template"),
    path("tableur/<str:code>/", figure_views.upload_page, name="figures_upload"),
    path("tableur/<str:code>/confirmer/", figure_views.upload_confirm, name="figures_confirm"),
]
