from django.urls import path

from essaim.innovations import views

app_name = "innovations"

urlpatterns = [
    path("", views.innovation_list, name="list"),
    path("nouvelle/", views.innovation_create, name="create"),
    path("<str:code>/", views.innovation_detail, name="detail"),
    path("<str:code>/etape/", views.change_step, name="change_step"),
]
