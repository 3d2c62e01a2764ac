"""Site-wide pages: home, legal pages and the error pages."""

from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from events.selectors import key_dates, round_for_home


def home(request):
    round_ = round_for_home()
    context = {"round": round_}
    if round_ is not None:
        context.update(
            application_window=round_.application_window(),
            key_dates=key_dates(round_),
        )
    return render(request, "home.html", context)


class LegalPage(TemplateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(round=round_for_home(), **kwargs)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No database access here: the error may come from the database itself.
    return render(request, "500.html", {"nav_round": None}, status=500)
