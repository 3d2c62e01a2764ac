from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class AttendedFilter(admin.SimpleListFilter):
    """Whether the contact attended the round's info event (as staff marked it)."""

    title = _("Infoveranstaltung besucht")
    parameter_name = "attended"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("teilgenommen")),
            ("no", _("nicht teilgenommen")),
            ("unknown", _("angemeldet, Teilnahme offen")),
            ("none", _("nicht angemeldet")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "yes":
            return queryset.filter(info_registration__attended=True)
        if value == "no":
            return queryset.filter(info_registration__attended=False)
        if value == "unknown":
            return queryset.filter(
                info_registration__isnull=False, info_registration__attended__isnull=True
            )
        if value == "none":
            return queryset.filter(info_registration__isnull=True)
        return queryset


class MunicipalityFilter(admin.SimpleListFilter):
    title = _("Kommune")
    parameter_name = "municipality"

    def lookups(self, request, model_admin):
        names = (
            model_admin.get_queryset(request)
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        )
        return [(name, name) for name in names]

    def queryset(self, request, queryset):
        # Only names offered as lookups: anything else (e.g. a NUL byte) is ignored.
        if self.value() in {name for name, _label in self.lookup_choices}:
            return queryset.filter(municipality=self.value())
        return queryset


class LikelyDuplicateFilter(admin.SimpleListFilter):
    """Applications that look like another of their round (applications.duplicates)."""

    title = _("mögliche Dublette")
    parameter_name = "dublette"

    def lookups(self, request, model_admin):
        return [("yes", _("ja")), ("no", _("nein"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(has_likely_duplicates=True)
        if self.value() == "no":
            return queryset.filter(has_likely_duplicates=False)
        return queryset
