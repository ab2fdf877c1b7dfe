from django.urls import path

from essaim.evaluation import campaign_views, dictionary_views, entry_views, figure_views, reminder_views, views

app_name = "evaluation"

urlpatterns = [
    path("completude/<str:code>/", views.completeness_page, name="completeness"),
    path("campagnes/", campaign_views.campaign_list, name="campaigns"),
    path("relances/", reminder_views.reminder_settings, name="reminder_settings"),
    path("campagnes/nouvelle/", campaign_views.campaign_create, name="campaign_create"),
    path("campagnes/<int:pk>/", campaign_views.campaign_detail, name="campaign"),
    path("campagnes/<int:pk>/relancer/<int:structure_pk>/", campaign_views.campaign_remind, name="campaign_remind"),
    path("campagnes/<int:pk>/exception/", campaign_views.campaign_exception, name="campaign_exception"),
    path("controles/", views.violation_list, name="violations"),
    path("controles/lancer/", views.run_checks, name="run_checks"),
    path("controles/<int:pk>/verifier/", views.check_violation, name="check_violation"),
    path("saisie/<int:pk>/", entry_views.entry_page, name="entry"),
    path("saisie/<int:pk>/valider/", entry_views.validate, name="validate_entry"),
    path("saisie/<int:pk>/renvoyer/", entry_views.return_value, name="return_value"),
    path("saisie/<int:pk>/transmettre/", entry_views.submit, name="submit_entry"),
    path("tableur/<str:code>/modele/", figure_views.template_download, name="figures_template"),
    path("tableur/<str:code>/", figure_views.upload_page, name="figures_upload"),
    path("tableur/<str:code>/confirmer/", figure_views.upload_confirm, name="figures_confirm"),
    # The indicator dictionary. Fixed paths hold a hyphen, which no indicator code does.
    path("indicateurs/", dictionary_views.indicator_list, name="indicators"),
    path("indicateurs/nouvel-indicateur/", dictionary_views.indicator_create, name="indicator_create"),
    path(
        "indicateurs/nouvel-indicateur-calcule/",
        dictionary_views.indicator_create_derived,
        name="indicator_create_derived",
    ),
    path("indicateurs/regles-de-controle/nouvelle/", dictionary_views.rule_create, name="rule_create"),
    path("indicateurs/regles-de-controle/<slug:code>/", dictionary_views.rule_edit, name="rule_edit"),
    path("indicateurs/regles-de-controle/<slug:code>/supprimer/", dictionary_views.rule_delete, name="rule_delete"),
    path("indicateurs/regles-de-controle/<slug:code>/historique/", dictionary_views.rule_history, name="rule_history"),
    path("indicateurs/<str:code>/", dictionary_views.indicator_edit, name="indicator_edit"),
    path("indicateurs/<str:code>/supprimer/", dictionary_views.indicator_delete, name="indicator_delete"),
    path("indicateurs/<str:code>/historique/", dictionary_views.indicator_history, name="indicator_history"),
]
