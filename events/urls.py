from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("<slug:slug>/", views.round_timeline, name="timeline"),
    path("<slug:slug>/termine.ics", views.round_calendar, name="calendar"),
    path(
        "<slug:slug>/termine/<int:pk>/anmeldung/",
        views.registration_form,
        name="registration_form",
    ),
    path(
        "<slug:slug>/termine/<int:pk>/anmeldung/danke/",
        views.registration_done,
        name="registration_done",
    ),
    path(
        "<slug:slug>/termine/<int:pk>/anmeldung/bereits-angemeldet/",
        views.registration_duplicate,
        name="registration_duplicate",
    ),
]
