"""The unbound public forms are rendered by crispy-forms once per round and language and
then served from the cache ({% cache %} keyed on form.fragment_key)."""

import re

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from applications.forms import ApplicationForm, PreCheckForm
from events.forms import FORM_FRAGMENT_VERSION, RegistrationForm
from tests.factories import EventFactory, open_round

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def uncached(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def cached_fragment(form):
    return cache.get(make_template_fragment_key("public_form", [form.fragment_key]))


def page(client, name, round_, **params):
    html = client.get(reverse(name, kwargs={"slug": round_.slug}), params).content.decode()
    return CSRF.sub("csrf", html)


@pytest.mark.parametrize(
    ("name", "form_class"),
    [("applications:apply", ApplicationForm), ("applications:precheck", PreCheckForm)],
)
def test_cached_form_is_the_html_crispy_renders(client, name, form_class):
    round_ = open_round()

    first = page(client, name, round_)  # renders and stores the fragment
    second = page(client, name, round_)  # served from the cache

    form = form_class(round_=round_)
    assert cached_fragment(form) == uncached(form)
    assert uncached(form) in first
    assert second == first


def test_registration_form_fragment_is_the_html_crispy_renders():
    event = EventFactory()
    form = RegistrationForm(event=event)
    html = uncached(form)

    rendered = Template(
        "{% load cache crispy_forms_tags %}"
        "{% cache form.fragment_timeout public_form form.fragment_key %}"
        "{% crispy form %}{% endcache %}"
    ).render(Context({"form": form}))

    assert (rendered, cached_fragment(form)) == (html, html)


def test_fragment_key_names_round_version_and_language():
    round_ = open_round()

    with translation.override("en"):
        key = ApplicationForm(round_=round_).fragment_key

    parts = key.split(":")
    assert (parts[0], parts[1], parts[2], parts[4]) == (
        "application",
        f"v{FORM_FRAGMENT_VERSION}",
        str(round_.pk),
        "en",
    )
    assert len(parts[3]) == 16


def test_bound_or_prefilled_form_is_never_cached(client):
    round_ = open_round()

    bound = PreCheckForm({"employees": "12"}, round_=round_)
    prefilled = ApplicationForm(initial={"employees": "12"}, round_=round_)
    page(client, "applications:precheck", round_, employees="12", apprentices="1")
    page(client, "applications:apply", round_, employees="12")

    assert (bound.fragment_key, prefilled.fragment_key) == ("", "")
    assert cached_fragment(PreCheckForm(round_=round_)) is None
    assert cached_fragment(ApplicationForm(round_=round_)) is None


def test_prefilled_answers_are_shown_not_a_cached_empty_form(client):
    round_ = open_round()
    page(client, "applications:apply", round_)  # the empty form is cached now

    html = page(client, "applications:apply", round_, employees="12")

    assert 'name="employees" value="12"' in html


def test_fragment_key_changes_with_the_rounds_municipalities_and_limits():
    round_ = open_round(municipalities="Marl: 45768\nDorsten: 46282")
    key = ApplicationForm(round_=round_).fragment_key
    event = EventFactory(round=round_)
    registration_key = RegistrationForm(event=event).fragment_key

    round_.municipalities = "Marl: 45768"
    changed = ApplicationForm(round_=round_).fragment_key
    changed_registration = RegistrationForm(event=event).fragment_key
    round_.min_apprentices += 1
    changed_again = ApplicationForm(round_=round_).fragment_key

    assert len({key, changed, changed_again}) == 3
    assert registration_key != changed_registration


def test_changed_municipalities_show_in_the_served_form(client):
    round_ = open_round(municipalities="Marl: 45768\nDorsten: 46282")
    assert ">Dorsten<" in page(client, "applications:apply", round_)

    round_.municipalities = "Marl: 45768"
    round_.save()

    assert ">Dorsten<" not in page(client, "applications:apply", round_)
