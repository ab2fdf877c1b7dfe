from django.urls import path

from essaim.followup import correction_views, outcome_views, people_views

app_name = "followup"

urlpatterns = [
    path("", people_views.home, name="home"),
    path("resultats/", outcome_views.outcomes_page, name="outcomes"),
    path("resultats/export/", outcome_views.outcomes_export, name="outcomes_export"),
    path("resultats.json", outcome_views.outcomes_api, name="outcomes_api"),
    path("passerelle/", outcome_views.bridge_page, name="bridge"),
    path("journal/", people_views.access_log, name="access_log"),
    path("structure/<int:pk>/", people_views.people, name="people"),
    path("structure/<int:pk>/nouvelle/", people_views.person_create, name="person_create"),
    path("structure/<int:pk>/retrouver/", people_views.find, name="find"),
    path("structure/<int:pk>/export/", people_views.people_export, name="people_export"),
    path("structure/<int:pk>/depot/", people_views.upload, name="upload"),
    path("structure/<int:pk>/depot/confirmer/", people_views.upload_confirm, name="upload_confirm"),
    path("structure/<int:pk>/modele/", people_views.template_download, name="template"),
    path("personne/<int:pk>/", people_views.person, name="person"),
    path("personne/<int:pk>/situation/", people_views.situation_add, name="situation_add"),
    path(
        "personne/<int:pk>/situation/<int:situation>/corriger/",
        correction_views.situation_change,
        name="situation_change",
    ),
    path("personne/<int:pk>/export/", people_views.person_export, name="person_export"),
    path("personne/<int:pk>/effacer/", people_views.person_erase, name="person_erase"),
]
