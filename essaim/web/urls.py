from django.urls import path

from essaim.web import todo

app_name = "web"

urlpatterns = [path("", todo.todo, name="todo")]
