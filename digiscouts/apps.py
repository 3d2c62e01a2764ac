from django.apps import AppConfig


class DigiscoutsConfig(AppConfig):
    name = "digiscouts"
    verbose_name = "Digiscouts-Portal"
