from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def _scope(user: Any) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    if getattr(user, "region_id", None):
        return str(user.region)
    if getattr(user, "municipality_id", None):
        return str(user.municipality.name)
    return ""


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Main navigation, marked with the current section, and the user's scope for the header."""
    # A request refused before the authentication middleware ran (a Host header not in
    # ALLOWED_HOSTS answered with the 400 page) has no user: it is shown as anonymous.
    user = getattr(request, "user", None) or AnonymousUser()
    items = [
        (reverse("home"), _("Forside")),
        (reverse("municipalities:list"), _("Kommuner")),
        (reverse("municipalities:region-list"), _("Regioner")),
        (reverse("facts:indicator-list"), _("Statistikk")),
    ]
    if user.has_perm("selection.view_selection"):
        items.append((reverse("selection:definition-list"), _("Utvalg")))
    elif user.has_perm("selection.view_own_decisions"):
        items.append((reverse("selection:my-decisions"), _("Beslutninger")))
    if user.has_perm("programmes.view_programme"):
        items.append((reverse("programmes:programme-list"), _("Programmer")))
        items.append((reverse("programmes:application-list"), _("Søknader")))
    if user.has_perm("statistics.import_statistics"):
        items.append((reverse("statistics:import"), _("Statistikkimport")))
    if user.has_perm("accounts.view_user_list"):
        items.append((reverse("user-list"), _("Brukere")))
    path = request.path
    # The longest matching section is the current one (/programmer/soknader/ is
    # "Søknader", not also "Programmer").
    matching = [
        url for url, _label in items if path == url or (url != "/" and path.startswith(url))
    ]
    current = max(matching, key=len, default=None)
    nav = [{"url": url, "label": label, "current": url == current} for url, label in items]
    return {"nav_items": nav, "nav_scope": _scope(user)}
