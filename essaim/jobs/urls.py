from django.urls import path

from essaim.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/fichier/", views.download, name="file"),
    path("<int:pk>/relancer/", views.retry, name="retry"),
]
