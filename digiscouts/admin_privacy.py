"""What the data-protection actions of both apps share: one marked row, the JSON
download of an Auskunft (Art. 15 DSGVO), the erasure permission and the report of
what an erasure deleted.

Erasing needs the permission "applications.erase_personal_data" (a permission name:
one right for applicants and for registration-only companies). The staff group does
not have it; the actions tell a user without it whom to ask.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ERASE_PERMISSION = "applications.erase_personal_data"


def one_marked(modeladmin, request, queryset, *, refusal):
    """The one marked row, or None after showing ``refusal`` (mark exactly one)."""
    rows = list(queryset[:2])
    if len(rows) != 1:
        modeladmin.message_user(request, refusal, messages.ERROR)
        return None
    return rows[0]


def json_download(content, filename):
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def erase_allowed(modeladmin, request):
    """True when the user may erase; otherwise says whom to ask."""
    if request.user.has_perm(ERASE_PERMISSION):
        return True
    modeladmin.message_user(
        request,
        _(
            "Personenbezogene Daten löschen darf nur, wer dafür berechtigt ist "
            "(Berechtigung „Kann die Daten eines Unternehmens auf Verlangen löschen“). "
            "Bitte wenden Sie sich an die Administration."
        ),
        messages.ERROR,
    )
    return False


def erased_counts(counts):
    """{"registrations": n, "e-mails": m} of an erasure as words for the message."""
    registrations, emails = counts.get("registrations", 0), counts.get("e-mails", 0)
    return {
        "registrations": ngettext("%(count)d Anmeldung", "%(count)d Anmeldungen", registrations)
        % {"count": registrations},
        "emails": ngettext("%(count)d E-Mail", "%(count)d E-Mails", emails) % {"count": emails},
    }
