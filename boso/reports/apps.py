from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "boso.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from boso.reports import (
            rules,  # noqa: F401  (registers the permissions)
            rules_dashboards,  # noqa: F401
        )
