from django.urls import path

from essaim.organizations import team_views, views

app_name = "organizations"

urlpatterns = [
    path("", views.structure_list, name="list"),
    path("nouvelle/", team_views.create, name="create"),
    path("<int:pk>/", views.structure_detail, name="detail"),
    path("<int:pk>/modifier/", team_views.edit, name="edit"),
    path("<int:pk>/fusionner/", team_views.merge_into, name="merge"),
    path("<int:pk>/historique/", team_views.history, name="history"),
]
