from django.urls import path

from essaim.evaluation import entry_views

app_name = "entry"

urlpatterns = [
    path("<int:pk>/", entry_views.entry_page, name="grid"),
    path("<int:pk>/valider/", entry_views.validate, name="validate"),
]
