from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = "Clients"

    def ready(self):
        # freshness: the cache invalidation; languages: the trainer's language at sign-in.
        from clients import freshness, languages  # noqa: F401
