"""Personal links of registrations (signed tokens, no account), mounted at /anmeldung/."""

from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("<str:token>/", views.registration_manage, name="manage"),
    path("<str:token>/stornieren/", views.registration_cancel_view, name="cancel"),
]
