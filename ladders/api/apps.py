from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ladders.api"
    label = "api"
