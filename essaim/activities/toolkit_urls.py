from django.urls import path

from essaim.activities import toolkit_views

app_name = "toolkit"

urlpatterns = [
    path("", toolkit_views.tool_list, name="list"),
    path("nouveau/", toolkit_views.tool_create, name="create"),
    path("<int:pk>/modifier/", toolkit_views.tool_edit, name="edit"),
    path("<int:pk>/publication/", toolkit_views.tool_publish, name="publish"),
    path("<int:pk>/telecharger/", toolkit_views.tool_download, name="download"),
]
