from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class AgeBand(models.TextChoices):
    # Bands line up with the red-flag screen: new back pain under ~20 or over ~50 needs a check.
    UNDER_20 = "under_20", "Under 20"
    FROM_20_TO_34 = "20_34", "20-34"
    FROM_35_TO_49 = "35_49", "35-49"
    FROM_50_TO_64 = "50_64", "50-64"
    FROM_65 = "65_plus", "65 or over"


class ClientQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        return self.filter(trainer=trainer)

    def active(self):
        return self.filter(archived_at__isnull=True)


class Client(models.Model):
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    notes = models.TextField(blank=True, help_text="Private to you; never shown to the client.")
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        indexes = [models.Index(fields=["trainer", "archived_at"])]

    def __str__(self):
        return self.name

    @property
    def is_archived(self):
        return self.archived_at is not None
