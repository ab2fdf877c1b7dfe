from django.urls import path

from essaim.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("completude/<str:code>/", views.completeness_page, name="completeness"),
    path("controles/", views.violation_list, name="violations"),
    path("controles/lancer/", views.run_checks, name="run_checks"),
    path("controles/<int:pk>/verifier/", views.check_violation, name="check_violation"),
]
