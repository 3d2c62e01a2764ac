from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("<slug:slug>/", views.round_timeline, name="timeline"),
    path("<slug:slug>/termine.ics", views.round_calendar, name="calendar"),
]
