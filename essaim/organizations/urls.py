from django.urls import path

from essaim.organizations import views

app_name = "organizations"

urlpatterns = [
    path("", views.structure_list, name="list"),
    path("<int:pk>/", views.structure_detail, name="detail"),
]
