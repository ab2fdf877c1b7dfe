from django.urls import path

from essaim.evaluation import entry_views, views

app_name = "evaluation"

urlpatterns = [
    path("completude/<str:code>/", views.completeness_page, name="completeness"),
    path("controles/", views.violation_list, name="violations"),
    path("controles/lancer/", views.run_checks, name="run_checks"),
    path("controles/<int:pk>/verifier/", views.check_violation, name="check_violation"),
    path("saisie/<int:pk>/", entry_views.entry_page, name="entry"),
    path("saisie/<int:pk>/valider/", entry_views.validate, name="validate_entry"),
]
