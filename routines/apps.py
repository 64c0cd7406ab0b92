from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "routines"
    verbose_name = "Stretch library and routines"

    def ready(self):
        from routines import freshness, vocabulary  # noqa: F401 - connects the cache invalidation
