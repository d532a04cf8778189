from django.apps import AppConfig


class LevelingConfig(AppConfig):
    name = "ladders.leveling"
    label = "leveling"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ladders.leveling.calibration_store import connect_calibration_store
        from ladders.leveling.facts import connect_facts
        from ladders.leveling.live import connect_invalidation
        from ladders.leveling.services.default_framework import connect_installation

        connect_invalidation()
        connect_facts()
        connect_calibration_store()
        connect_installation(self)
