"""The benchmark's URLs: the portal's own plus the floor view (bench.settings only).

The floor answers a fixed short text through the same middleware as every page, in
the same server: what Django and gunicorn cost before a page does any work of its
own. Each page's requests per second are read as a fraction of it.
"""

from django.http import HttpResponse
from django.urls import path

from digiscouts.urls import handler404, handler500
from digiscouts.urls import urlpatterns as portal_urlpatterns

FLOOR_PATH = "bench/floor/"

__all__ = ["FLOOR_PATH", "handler404", "handler500", "urlpatterns"]


def floor(request):
    return HttpResponse(b"floor\n", content_type="text/plain; charset=utf-8")


# The portal's own list, unchanged (its language-prefixed part must stay at the root).
urlpatterns = [path(FLOOR_PATH, floor, name="bench_floor"), *portal_urlpatterns]
