"""What the client sees of their trainer's practice: its name, logo and contact line on their
page, the handout and emails. A practice that set none of them shows Psoas Coach, as always."""

from dataclasses import dataclass

from django.templatetags.static import static
from django.urls import reverse

DEFAULT_NAME = "Psoas Coach"


@dataclass(frozen=True)
class Branding:
    name: str
    logo_url: str
    contact_line: str
    trainer_name: str

    @property
    def is_default(self):
        return self.name == DEFAULT_NAME and not self.contact_line


def branding_for(trainer):
    """The branding of `trainer`'s practice. Load the trainer with
    select_related("membership__practice") to spend no query here."""
    try:
        practice = trainer.membership.practice
    except trainer._meta.model.membership.RelatedObjectDoesNotExist:
        practice = None
    logo = practice.logo if practice else None
    return Branding(
        name=(practice.name if practice else "") or DEFAULT_NAME,
        logo_url=reverse("practice-logo", args=[logo.name.split("/", 1)[1]])
        if logo
        else static("img/favicon.svg"),
        contact_line=practice.contact_line if practice else "",
        trainer_name=trainer.get_full_name() or trainer.get_username(),
    )
