from django.apps import AppConfig


class TrainerSiteConfig(AppConfig):
    """The project package as an app: accounts, sessions and two-factor sign-in."""

    name = "trainer_site"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from trainer_site import lookups, mail, sessions  # noqa: F401 - mail, sessions: signals

        lookups.register()
