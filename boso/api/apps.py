from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "boso.api"
    label = "api"
    verbose_name = "API"
