"""The REST API under /api/v1/, with its OpenAPI description at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import register_converter
from ninja import NinjaAPI, Router
from ninja.openapi.schema import OpenAPISchema

from boso.accounts.api import router as accounts_router
from boso.api.auth import PublicAuth, RequiredAuth
from boso.api.openapi import add_common_responses
from boso.municipalities.api import regions_router
from boso.municipalities.api import router as municipalities_router
from boso.plans.api import router as plans_router
from boso.programmes.api import router as programmes_router
from boso.reports.api import router as reports_router
from boso.reports.api_synthesis import router as syntheses_router
from boso.selection.api import router as selection_router
from boso.statistics.api import router as statistics_router


class BosoAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        add_common_responses(document)
        return document


api = BosoAPI(
    title="boso API",
    version="1",
    description=(
        "Boligsosialt utviklingsprogram: municipalities, statistics, programmes, plans, "
        "reports. "
        "Send a personal token as `Authorization: Bearer <token>` (create one on your account page "
        "or with `python manage.py create_api_token USERNAME`). "
        "Municipality structure: Kilde: Statistisk sentralbyrå (KLASS 131)."
    ),
    urls_namespace="api",
    auth=RequiredAuth(),
)


api.add_router("/municipalities", municipalities_router)
api.add_router("/regions", regions_router)
api.add_router("/", accounts_router)
api.add_router("/", statistics_router)
api.add_router("/selection", selection_router)
api.add_router("/programmes", programmes_router)
api.add_router("/plans", plans_router)
api.add_router("/", reports_router)
api.add_router("/", syntheses_router)


class _AnyPathConverter:
    """Any rest of a path, even with a line break in it (Django's `path` stops there)."""

    regex = r"[\s\S]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(_AnyPathConverter, "anypath")

# Mounted last, so it only answers what no route matched (such as /plans/abc, where
# the route wants a number): JSON as the document promises, not the site's HTML page.
fallback = Router(auth=PublicAuth())


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{anypath:rest}", include_in_schema=False
)
def not_found(request: HttpRequest, rest: str) -> None:
    raise Http404(f"no endpoint /api/v1/{rest}")


api.add_router("/", fallback)
