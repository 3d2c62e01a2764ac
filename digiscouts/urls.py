from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health, views

admin.site.site_header = _("Digiscouts-Portal – Verwaltung")
admin.site.site_title = _("Digiscouts-Verwaltung")
admin.site.index_title = _("Fachdienst Wirtschaft")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path(
        "impressum/",
        views.LegalPage.as_view(template_name="legal/impressum.html"),
        name="impressum",
    ),
    path(
        "datenschutz/",
        views.LegalPage.as_view(template_name="legal/datenschutz.html"),
        name="datenschutz",
    ),
    path(
        "barrierefreiheit/",
        views.LegalPage.as_view(template_name="legal/barrierefreiheit.html"),
        name="barrierefreiheit",
    ),
    # The ideas page of a round, before the round's own pages take "runden/<slug>/".
    path("runden/", include("applications.public_urls")),
    path("runden/", include("events.urls")),
    path("bewerbung/", include("applications.urls")),
    path("anmeldung/", include("events.personal_urls")),
    path(settings.ADMIN_PATH, admin.site.urls),  # "verwaltung/" unless ADMIN_PATH is set
]

handler404 = "digiscouts.views.page_not_found"
handler500 = "digiscouts.views.server_error"
