"""Site-wide pages: home, legal pages and the error pages."""

from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from events.selectors import key_dates, round_for_home

from .legal_text import legal_text_for, shown_text


def home(request):
    round_ = round_for_home()
    # The navigation's round is the same: passed on, the context processor reads nothing.
    context = {"round": round_, "nav_round": round_}
    if round_ is not None:
        context.update(
            application_window=round_.application_window(),
            key_dates=key_dates(round_),
        )
    return render(request, "home.html", context)


class LegalPage(TemplateView):
    """Impressum, Datenschutzerklärung or Erklärung zur Barrierefreiheit: the text staff
    keep in the admin, chosen by the URL's name (a LegalTextKind), placeholders filled in."""

    def get_context_data(self, **kwargs):
        round_ = round_for_home()
        legal_text = legal_text_for(self.request.resolver_match.url_name)
        return super().get_context_data(
            legal_text=legal_text,
            shown=shown_text(legal_text, round_),
            nav_round=round_,  # the navigation's round: the same, without a second query
            **kwargs,
        )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No database access here: the error may come from the database itself.
    return render(request, "500.html", {"nav_round": None}, status=500)
