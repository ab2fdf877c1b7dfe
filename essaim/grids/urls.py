from django.urls import path

from essaim.grids import file_views, finding_views, plan_views, views

app_name = "grids"

urlpatterns = [
    path("", views.index, name="index"),
    path("constats/", finding_views.finding_list, name="findings"),
    path("constats/nouveau/", finding_views.finding_new, name="finding_new"),
    path("constats/<int:pk>/", finding_views.finding_edit, name="finding_edit"),
    path("<str:code>/", views.grid_page, name="grid"),
    path("<str:code>/grille.csv", views.grid_csv, name="grid_csv"),
    path("<str:code>/saisie/", views.entry_page, name="entry"),
    path("<str:code>/structure/<int:pk>/", views.adoption_page, name="adoption"),
    path("<str:code>/elements/", views.define_page, name="define"),
    path("<str:code>/plan/", plan_views.plan_page, name="plan"),
    path("<str:code>/plan/creer/", plan_views.plan_create, name="plan_create"),
    path("<str:code>/plan/<int:number>/rapport/", plan_views.report_download, name="report"),
    path("<str:code>/tableur/", file_views.upload_page, name="upload"),
    path("<str:code>/tableur/modele/", file_views.template_download, name="template"),
    path("<str:code>/tableur/confirmer/", file_views.upload_confirm, name="confirm"),
]
