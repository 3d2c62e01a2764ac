"""The public pages of a round that belong to its participants (mounted at /runden/)."""

from django.urls import path

app_name = "ideas"

urlpatterns = []
