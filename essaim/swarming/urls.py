from django.urls import path

from essaim.swarming import views

app_name = "swarming"

urlpatterns = [
    path("<int:pk>/", views.adoption, name="adoption"),
    path("<int:pk>/vague/", views.change_wave, name="wave"),
]
