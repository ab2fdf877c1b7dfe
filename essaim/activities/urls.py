from django.urls import path

from essaim.activities import activity_views, event_views, mobilisation_views

app_name = "activities"

urlpatterns = [
    path("activites/", activity_views.activity_list, name="activity_list"),
    path("activites/nouvelle/", activity_views.activity_create, name="activity_create"),
    path("activites/<int:pk>/", activity_views.activity_detail, name="activity"),
    path("activites/<int:pk>/modifier/", activity_views.activity_edit, name="activity_edit"),
    path("activites/<int:pk>/presences/", activity_views.attendance_add, name="attendance_add"),
    path("presences/<int:pk>/retirer/", activity_views.attendance_delete, name="attendance_delete"),
    path("ami/<int:pk>/", mobilisation_views.ami, name="ami"),
    path("ami/<int:pk>/candidatures/", mobilisation_views.application_add, name="application_add"),
    path("candidatures/<int:pk>/decision/", mobilisation_views.application_decide, name="application_decide"),
    path("comite/membres/<int:pk>/retirer/", mobilisation_views.member_delete, name="member_delete"),
    path("evenements/<int:pk>/", event_views.event_detail, name="event"),
    path("evenements/<int:pk>/modifier/", event_views.event_edit, name="event_edit"),
    path("<str:code>/mobilisation/", mobilisation_views.mobilisation, name="mobilisation"),
    path("<str:code>/comite/membres/", mobilisation_views.member_add, name="member_add"),
    path("<str:code>/comite/reunions/", mobilisation_views.meeting_add, name="meeting_add"),
    path("<str:code>/ami/", mobilisation_views.ami_create, name="ami_create"),
    path("<str:code>/calendrier/", activity_views.calendar, name="calendar"),
    path("<str:code>/evenements/", event_views.event_list, name="events"),
    path("<str:code>/evenements/nouveau/", event_views.event_create, name="event_create"),
    path("<str:code>/charte/", event_views.charter, name="charter"),
]
