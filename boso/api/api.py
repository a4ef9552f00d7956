"""The REST API under /api/v1/, with its OpenAPI description at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

from boso.accounts.api import router as accounts_router
from boso.api.auth import RequiredAuth
from boso.municipalities.api import regions_router
from boso.municipalities.api import router as municipalities_router
from boso.plans.api import router as plans_router
from boso.programmes.api import router as programmes_router
from boso.reports.api import router as reports_router
from boso.reports.api_synthesis import router as syntheses_router
from boso.selection.api import router as selection_router
from boso.statistics.api import router as statistics_router

api = NinjaAPI(
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
