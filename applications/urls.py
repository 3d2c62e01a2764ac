from django.urls import path

from . import views

app_name = "applications"

urlpatterns = [
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/bearbeiten/", views.edit, name="edit"),
    path("status/<str:token>/zurueckziehen/", views.withdraw, name="withdraw"),
    path("status/<str:token>/idee/", views.idea_save, name="idea"),
    path(
        "status/<str:token>/idee/widerrufen/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "status/<str:token>/anmeldung/<int:event_pk>/",
        views.invitation,
        name="invitation",
    ),
    path("<slug:slug>/vorab-check/", views.precheck, name="precheck"),
    path("<slug:slug>/formular/", views.apply, name="apply"),
    path("<slug:slug>/eingegangen/", views.submitted, name="submitted"),
    path("<slug:slug>/bereits-beworben/", views.duplicate, name="duplicate"),
]
