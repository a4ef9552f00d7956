from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "boso.demo"
    label = "demo"
    verbose_name = "Demo"
