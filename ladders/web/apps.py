from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ladders.web"
    label = "web"
