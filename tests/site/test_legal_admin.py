"""Staff change the legal texts in the admin and the pages show them: who changed a text
and when is recorded; the three texts are neither added nor deleted; unknown
placeholders are refused next to the field."""

import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from digiscouts.legal_text import legal_text_save
from digiscouts.models import LegalText
from tests.factories.applications import staff_member
from tests.helpers import main_content, text_of

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:digiscouts_legaltext_changelist")


def change_url(text):
    return reverse("admin:digiscouts_legaltext_change", args=[text.pk])


def legal_editor(username="sachbearbeitung"):
    """A member of the staff group with the rights on the legal texts the group gets."""
    user = staff_member(username)
    user.first_name, user.last_name = "Julia", "aus der Wiesche"
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="digiscouts",
            codename__in=["view_legaltext", "change_legaltext"],
        )
    )
    return user


@pytest.fixture
def editor_client(client):
    client.force_login(legal_editor())
    return client


def form_data(text, **overrides):
    return {"body": text.body, "body_en": text.body_en, "_save": "Sichern", **overrides}


def form_errors(response):
    return dict(response.context["adminform"].form.errors)


def test_legal_text_admin_change_is_shown_on_the_page(editor_client):
    text = LegalText.objects.get(kind="impressum")
    before = timezone.now()

    response = editor_client.post(
        change_url(text),
        form_data(
            text,
            body="## Herausgeber\n\nKreis Recklinghausen\nDer Landrat\n\n"
            "Mehr unter https://www.kreis-re.de",
        ),
    )

    text.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, CHANGELIST)
    assert before <= text.updated_at <= timezone.now()
    assert text.updated_by.username == "sachbearbeitung"
    page = " ".join(main_content(editor_client.get("/impressum/")).split())
    stand = date_format(timezone.localdate(text.updated_at), "DATE_FORMAT")
    assert (
        '<h1>Impressum</h1> <div class="legal-text"> <h2>Herausgeber</h2> '
        "<p>Kreis Recklinghausen<br>Der Landrat</p> "
        '<p>Mehr unter <a href="https://www.kreis-re.de">https://www.kreis-re.de</a></p> '
        f'</div> <p class="legal-text-date">Stand: {stand}</p>'
    ) in page


def test_legal_text_admin_change_of_the_english_text_is_shown_on_the_english_page(
    editor_client,
):
    text = LegalText.objects.get(kind="barrierefreiheit")

    editor_client.post(change_url(text), form_data(text, body_en="Write to {ansprechperson}."))

    page = text_of(main_content(editor_client.get("/en/barrierefreiheit/")))
    assert "Write to Fachdienst Wirtschaft, Kreis Recklinghausen." in page


def test_legal_text_admin_html_typed_by_staff_is_shown_as_text(editor_client):
    text = LegalText.objects.get(kind="datenschutz")

    editor_client.post(change_url(text), form_data(text, body='<img src=x onerror="alert(1)">'))

    page = main_content(editor_client.get("/datenschutz/"))
    assert (
        '<div class="legal-text">\n<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n</div>'
    ) in page


def test_legal_text_admin_refuses_an_unknown_placeholder(editor_client):
    text = LegalText.objects.get(kind="datenschutz")
    stored = text.body

    response = editor_client.post(
        change_url(text),
        form_data(text, body="{aufbewahrungstage} Tage, {ansprechperson}", body_en="{frist}"),
    )

    text.refresh_from_db()
    assert response.status_code == 200
    assert form_errors(response) == {
        "body": [
            "Den Platzhalter {aufbewahrungstage} gibt es nicht. Möglich sind: {ansprechperson}, "
            "{aufbewahrung_tage}, {loeschung_runde}, {anmeldeprotokolle_tage}."
        ],
        "body_en": [
            "Den Platzhalter {frist} gibt es nicht. Möglich sind: {ansprechperson}, "
            "{aufbewahrung_tage}, {loeschung_runde}, {anmeldeprotokolle_tage}."
        ],
    }
    assert text.body == stored


def test_legal_text_admin_refuses_an_empty_german_text(editor_client):
    text = LegalText.objects.get(kind="impressum")

    response = editor_client.post(change_url(text), form_data(text, body=""))

    assert form_errors(response) == {"body": ["Dieses Feld ist zwingend erforderlich."]}


@pytest.mark.parametrize("line_break", ["\n", "\r\n"])
def test_legal_text_admin_unchanged_save_keeps_date_and_editor(editor_client, line_break):
    # Browsers send a textarea's line breaks as CR LF.
    text = LegalText.objects.get(kind="impressum")
    stored_at = text.updated_at

    response = editor_client.post(
        change_url(text), form_data(text, body=text.body.replace("\n", line_break))
    )

    text.refresh_from_db()
    assert response.status_code == 302
    assert (text.updated_at, text.updated_by) == (stored_at, None)


def test_legal_text_admin_stores_line_breaks_as_newlines(editor_client):
    text = LegalText.objects.get(kind="impressum")

    editor_client.post(change_url(text), form_data(text, body="Eins\r\nZwei\r\n\r\nDrei"))

    text.refresh_from_db()
    assert text.body == "Eins\nZwei\n\nDrei"


def test_legal_text_admin_change_is_in_the_admin_log(editor_client):
    text = LegalText.objects.get(kind="impressum")

    editor_client.post(change_url(text), form_data(text, body="Neu"))

    (entry,) = LogEntry.objects.all()
    assert (entry.action_flag, entry.object_repr, entry.user.username) == (
        CHANGE,
        "Impressum",
        "sachbearbeitung",
    )


def test_legal_text_admin_list_shows_the_three_texts_with_who_changed_them(
    editor_client, django_assert_num_queries
):
    legal_text_save(
        LegalText.objects.get(kind="datenschutz"),
        by=legal_editor("fachdienst"),
        now=timezone.make_aware(timezone.datetime(2027, 3, 4, 9, 15)),
    )

    # Session, user, its permissions, the count, the three texts with their editors.
    with django_assert_num_queries(7):
        response = editor_client.get(CHANGELIST)

    rows = re.findall(r"<tr>.*?</tr>", response.content.decode(), flags=re.DOTALL)
    cells = [text_of(row) for row in rows[1:]]
    today = date_format(
        timezone.localtime(LegalText.objects.get(pk=1).updated_at), "DATETIME_FORMAT"
    )
    assert cells == [
        f"Impressum {today} –",
        "Datenschutzerklärung 4. März 2027, 09:15 Julia aus der Wiesche",
        f"Erklärung zur Barrierefreiheit {today} –",
    ]


def test_legal_text_admin_change_form_lists_the_placeholders_with_their_values(
    editor_client, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    text = LegalText.objects.get(kind="datenschutz")

    response = editor_client.get(change_url(text))

    page = response.content.decode()
    assert (
        "HTML wird als Text angezeigt. Werte aus den Einstellungen fügen Sie mit diesen "
        "Platzhaltern ein (Bedeutung und Wert in der Tabelle unter dem Feld): "
        "{ansprechperson}, {aufbewahrung_tage}, {loeschung_runde}, {anmeldeprotokolle_tage}"
        "</div>"
    ) in page
    assert (
        "<tr><td><code>{aufbewahrung_tage}</code></td><td>Tage nach dem Projektende einer "
        "Runde, bis das Portal ihre personenbezogenen Daten löscht (Einstellung "
        "PERSONAL_DATA_RETENTION_DAYS)</td><td>30</td></tr>"
    ) in page
    assert (
        "<tr><td><code>{loeschung_runde}</code></td><td>Satz zur aktuellen Programmrunde: an "
        "welchem Tag ihre personenbezogenen Daten gelöscht werden oder dass sie schon "
        "gelöscht sind; ohne Runde leer</td><td>–</td></tr>"
    ) in page
    view_on_site = reverse(
        "admin:view_on_site", args=[ContentType.objects.get_for_model(text).pk, text.pk]
    )
    assert f'<a href="{view_on_site}" class="viewsitelink">' in page
    assert editor_client.get(view_on_site)["Location"] == "http://testserver/datenschutz/"


def test_legal_text_admin_neither_adds_nor_deletes_not_even_a_superuser(admin_client):
    text = LegalText.objects.get(kind="impressum")

    codes = [
        admin_client.get(reverse("admin:digiscouts_legaltext_add")).status_code,
        admin_client.get(reverse("admin:digiscouts_legaltext_delete", args=[text.pk])).status_code,
        admin_client.post(
            reverse("admin:digiscouts_legaltext_delete", args=[text.pk]), {"post": "yes"}
        ).status_code,
    ]

    assert codes == [403, 403, 403]
    assert LegalText.objects.count() == 3


def test_legal_text_admin_staff_without_the_right_is_refused(client):
    text = LegalText.objects.get(kind="impressum")
    client.force_login(staff_member("ohne-gruppe", in_group=False))

    codes = [client.get(CHANGELIST).status_code, client.get(change_url(text)).status_code]

    assert codes == [403, 403]


def test_legal_text_admin_staff_group_edits_the_texts(staff_client):
    text = LegalText.objects.get(kind="impressum")

    response = staff_client.post(change_url(text), form_data(text, body="Neu"))

    text.refresh_from_db()
    assert (response.status_code, text.body, text.updated_by.username) == (
        302,
        "Neu",
        "sachbearbeitung",
    )
    assert staff_client.get(reverse("admin:digiscouts_legaltext_add")).status_code == 403


# -- the German and the English version, each with its date --------------------------------


def test_legal_text_admin_german_change_leaves_the_english_text_older(editor_client):
    text = LegalText.objects.get(kind="impressum")
    english_at = text.updated_at_en

    editor_client.post(change_url(text), form_data(text, body="Neuer deutscher Text."))

    text.refresh_from_db()
    assert text.updated_at_en == english_at
    assert text.updated_at > english_at
    page = text_of(main_content(editor_client.get("/en/impressum/")))
    assert "Neuer deutscher Text." in page
    form = text_of(editor_client.get(change_url(text)).content.decode())
    when = {
        "de": date_format(timezone.localtime(text.updated_at), "DATETIME_FORMAT"),
        "en": date_format(timezone.localtime(english_at), "DATETIME_FORMAT"),
    }
    assert (
        f"Der englische Text ist älter als der deutsche (Deutsch: {when['de']}, Englisch: "
        f"{when['en']}). Die englische Seite zeigt darum den deutschen Text, bis Sie den "
        "englischen ändern oder als aktuell bestätigen."
    ) in form


def test_legal_text_admin_confirming_the_english_text_shows_it_again(editor_client):
    text = LegalText.objects.get(kind="impressum")
    editor_client.post(change_url(text), form_data(text, body="Neuer deutscher Text."))
    text.refresh_from_db()

    editor_client.post(change_url(text), form_data(text, confirm_en="on"))

    text.refresh_from_db()
    assert text.updated_at_en >= text.updated_at
    page = text_of(main_content(editor_client.get("/en/impressum/")))
    assert "Neuer deutscher Text." not in page
    form = text_of(editor_client.get(change_url(text)).content.decode())
    assert (
        "Der deutsche Text ist älter als der englische (Deutsch: "
        f"{date_format(timezone.localtime(text.updated_at), 'DATETIME_FORMAT')}, Englisch: "
        f"{date_format(timezone.localtime(text.updated_at_en), 'DATETIME_FORMAT')}). Die "
        "englische Seite zeigt den englischen Text."
    ) in form


def test_legal_text_admin_english_change_dates_only_the_english_text(editor_client):
    text = LegalText.objects.get(kind="barrierefreiheit")
    german_at = text.updated_at

    editor_client.post(change_url(text), form_data(text, body_en="New English text."))

    text.refresh_from_db()
    assert text.updated_at == german_at
    assert text.updated_at_en > german_at


def test_legal_text_admin_shipped_texts_have_the_same_date_in_both_languages(editor_client):
    text = LegalText.objects.get(kind="datenschutz")

    form = text_of(editor_client.get(change_url(text)).content.decode())

    when = date_format(timezone.localtime(text.updated_at), "DATETIME_FORMAT")
    assert text.updated_at_en == text.updated_at
    assert f"Beide Fassungen haben denselben Stand ({when})." in form
