"""The public pages of a round that belong to its participants (mounted at /runden/)."""

from django.urls import path

from . import public_views

app_name = "ideas"

urlpatterns = [
    path("<slug:slug>/ideen/", public_views.ideas, name="list"),
]
