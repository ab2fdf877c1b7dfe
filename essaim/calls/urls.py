from django.urls import path

from essaim.calls import candidate_views, feasibility_views, views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("nouveau/", views.call_create, name="create"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/modifier/", views.call_edit, name="edit"),
    path("<int:pk>/etat/", views.call_status, name="status"),
    path("<int:pk>/criteres/", views.criterion_add, name="criterion_add"),
    path("criteres/<int:pk>/retirer/", views.criterion_delete, name="criterion_delete"),
    path("<int:pk>/candidater/", candidate_views.apply, name="apply"),
    path("candidatures/<int:pk>/", candidate_views.candidate_detail, name="candidate"),
    path("candidatures/<int:pk>/preselection/", candidate_views.preselection, name="preselection"),
    path("candidatures/<int:pk>/evaluateurs/", candidate_views.assign, name="assign"),
    path("candidatures/<int:pk>/evaluation/", candidate_views.review, name="review"),
    path("candidatures/<int:pk>/conflit/", candidate_views.conflict, name="conflict"),
    path("candidatures/<int:pk>/decision/", candidate_views.decision, name="decision"),
    path("faisabilite/", feasibility_views.study_list, name="feasibility_list"),
    path("faisabilite/<str:code>/", feasibility_views.study, name="feasibility"),
    path("faisabilite/<str:code>/pieces/", feasibility_views.attachment_add, name="attachment_add"),
    path("pieces/<int:pk>/", feasibility_views.attachment, name="attachment"),
]
