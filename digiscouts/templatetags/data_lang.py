"""The language of what staff and firms type in (WCAG 3.1.2, language of parts).

Titles, descriptions, places and ideas are stored in German. On a page in another
language (the English pages), such text carries ``lang="de"`` so screen readers read
it with a German voice; on German pages nothing is added (the page's language holds).

In a template::

    {% load data_lang %}
    <h2>{{ event.title|lang_de }}</h2>                  inline: wrapped in <span lang="de">
    <p{% lang_de_attr %}>{{ text|linebreaksbr }}</p>   block: the attribute on the element

The page <title> stays as it is (an attribute or element is not possible there).
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

DATA_LANGUAGE = "de"


def _page_is_german():
    return (get_language() or DATA_LANGUAGE).split("-")[0] == DATA_LANGUAGE


@register.simple_tag
def lang_de_attr():
    """`` lang="de"`` (with its leading space) on a page not in German, else nothing."""
    return "" if _page_is_german() else mark_safe(f' lang="{DATA_LANGUAGE}"')


@register.filter(needs_autoescape=True)
def lang_de(value, autoescape=True):
    """The value (escaped unless safe) in ``<span lang="de">`` on a page not in German;
    as it is on a German page and when empty."""
    if value in (None, ""):
        return value
    text = conditional_escape(value) if autoescape else str(value)
    if _page_is_german():
        return mark_safe(text)
    return mark_safe(f'<span lang="{DATA_LANGUAGE}">{text}</span>')
