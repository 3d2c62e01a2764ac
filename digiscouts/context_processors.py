from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from events.selectors import round_for_home


def nav_round(request):
    """The navigation's round, read at most once per request (several renders of one
    request, e.g. a page and its error summary include, share it). Not cached across
    requests: a round staff publish or change shows on the next page at once."""
    if not hasattr(request, "_nav_round"):
        request._nav_round = round_for_home()
    return request._nav_round


def site(request):
    # Lazy, so pages that never show them (admin, e-mails) cost no query and no reverse().
    # A view that has read the round already passes nav_round itself (home, legal pages).
    return {
        "nav_round": SimpleLazyObject(lambda: nav_round(request)),
        "language_links": SimpleLazyObject(lambda: language_links(request)),
    }


def language_links(request):
    """The current page in the portal's languages: the header's switch and the hreflang links.

    ``switch``: the page in every other language (code, its name in that language, the
    address with the query kept, e.g. the pre-check's answers); ``alternates``: the
    absolute address of the page in each language and "x-default" (German), for
    <link rel="alternate" hreflang>. A page that exists in one language only (no URL
    pattern matched: the 404 page; or outside the language prefix: the admin's CSRF
    page) has no alternates, and its switch leads to the home page in the other language.
    """
    current = translation.get_language()
    paths = {}
    if request.resolver_match is not None:
        paths = {code: translate_url(request.path_info, code) for code, _name in settings.LANGUAGES}
        if len(set(paths.values())) < len(paths):
            paths = {}
    query = request.META.get("QUERY_STRING", "")
    switch = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        if paths:
            url = f"{paths[code]}?{query}" if query else paths[code]
        else:
            with translation.override(code):
                url = reverse("home")
        switch.append({"code": code, "name": name, "url": url})
    alternates = [
        {"hreflang": code, "url": request.build_absolute_uri(path)} for code, path in paths.items()
    ]
    if paths:
        default = request.build_absolute_uri(paths[settings.LANGUAGE_CODE])
        alternates.append({"hreflang": "x-default", "url": default})
    return {"switch": switch, "alternates": alternates}
