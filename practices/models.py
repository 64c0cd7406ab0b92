"""Practices: the studio or clinic a trainer works in, and each trainer's role in it.

Every trainer belongs to exactly one practice; a solo trainer is the owner of a practice of one.
This app knows only trainers: `clients` imports it to decide who sees which client, and
`routines` never does (a shared routine is found through the list of colleagues the caller
passes in).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Practice(models.Model):
    # Blank for a solo trainer who never named it: clients then see "Psoas Coach".
    name = models.CharField(max_length=120, blank=True)
    # Branding on the client's page, handout and emails (clients.branding).
    contact_line = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown to clients under the name, e.g. “12 High St · 020 7946 0000”.",
    )
    # A clean WebP re-encoded from the upload by routines.images, like stretch photos.
    logo = models.ImageField(upload_to="logos/", blank=True)
    # Progression (clients.progression): good scheduled sessions in two weeks before the client
    # page suggests the next variation of a stretch. A suggestion only: never automatic.
    progression_sessions = models.PositiveSmallIntegerField(
        default=6,
        help_text="Good sessions in two weeks before suggesting the next variation (2 to 14).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progression_sessions__gte=2, progression_sessions__lte=14),
                name="practice_progression_sessions_2_14",
            )
        ]

    def __str__(self):
        return self.name or f"Practice {self.pk}"


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    TRAINER = "trainer", "Trainer"


class Membership(models.Model):
    """One trainer's place in their one practice. An owner is also a trainer."""

    # One-to-one: a trainer is in exactly one practice at a time.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.TRAINER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["practice", "joined_at", "pk"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) in {self.practice}"

    @property
    def is_owner(self):
        return self.role == Role.OWNER


class CoverQuerySet(models.QuerySet):
    def running_on(self, day):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Cover(models.Model):
    """A trainer names a colleague of their practice to look after their clients for a while
    (a holiday): during it the colleague sees those clients and handles their attention queue."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="covers_asked"
    )
    covered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="covers_given"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoverQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="cover_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(trainer=models.F("covered_by")), name="cover_by_someone_else"
            ),
        ]

    def __str__(self):
        return f"{self.covered_by} covers {self.trainer}, {self.starts_on} to {self.ends_on}"


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        """Neither used nor expired: the only invitations the link answers to."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An owner's invitation to join the practice, mailed as a single-use link that expires.

    Only a hash of the token is stored: the link exists in the email alone, so a copy of the
    database cannot be used to join a practice."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.email} to {self.practice}"
