from django.utils.functional import SimpleLazyObject

from events.selectors import round_for_home


def site(request):
    # Lazy, so pages that never show the navigation (admin, e-mails) cost no query.
    return {"nav_round": SimpleLazyObject(round_for_home)}
