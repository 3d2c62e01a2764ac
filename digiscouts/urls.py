from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health, views

admin.site.site_header = _("Digiscouts-Portal – Verwaltung")
admin.site.site_title = _("Digiscouts-Verwaltung")
admin.site.index_title = _("Fachdienst Wirtschaft")

# Outside the language prefix: the health check, and the admin (staff work in German).
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),  # "verwaltung/" unless ADMIN_PATH is set
]

# The public pages in every language of settings.LANGUAGES: German, the default, without
# a prefix (the addresses printed and mailed since 2021 stay valid), English under /en/.
# An address without a prefix is German whatever the browser asks for (LocaleMiddleware).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
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
    prefix_default_language=False,
)

handler404 = "digiscouts.views.page_not_found"
handler500 = "digiscouts.views.server_error"
