"""What a practice owner does with the practice's trainers and clients: the practice overview,
removing a trainer, changing roles, and moving a client to another trainer."""

from dataclasses import dataclass

from django.db import transaction

from clients.attention import overview
from clients.freshness import bump_generation
from clients.models import AuditAction, AuditEvent, Client
from practices.membership import start_practice
from practices.models import Membership, Role


class Refused(Exception):
    """A change the practice's rules do not allow; the message says why, for the owner."""

    def __init__(self, message, clients=()):
        super().__init__(message)
        self.clients = list(clients)


def members(practice):
    return list(
        Membership.objects.filter(practice=practice)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )


@dataclass
class TrainerFigures:
    membership: Membership
    client_count: int
    week: object  # clients.adherence.Adherence
    month: object


def practice_overview(practice, owner, team, trainer=None, today=None):
    """The practice dashboard: the attention queue across every trainer of the practice (or
    one of them), and each trainer's adherence figures. `team` is members(practice)."""
    clients = Client.objects.visible_to(owner, today).filter(trainer__membership__practice=practice)
    if trainer is not None:
        clients = clients.filter(trainer=trainer)
    data = overview(owner, today=today, clients=clients, activity=False)
    figures = [
        TrainerFigures(
            membership,
            data.client_counts.get(membership.user_id, 0),
            *data.by_trainer.get(membership.user_id, (None, None)),
        )
        for membership in team
    ]
    return data, figures


@transaction.atomic
def remove_trainer(membership):
    """Take a trainer out of the practice; they keep their account in a practice of their own.
    Refused while they have clients (transfer them first), and for the last owner."""
    clients = Client.objects.filter(trainer=membership.user_id)
    if clients.exists():
        raise Refused(
            f"{display_name(membership.user)} still has clients. Transfer them first.",
            clients=clients.order_by("name"),
        )
    if membership.is_owner and _owner_count(membership.practice_id) <= 1:
        raise Refused("A practice needs an owner: make someone else an owner first.")
    user = membership.user
    membership.delete()
    start_practice(user)


@transaction.atomic
def set_role(membership, role):
    # Lock the practice's owner rows so two owners demoting each other at once cannot
    # leave the practice with none.
    owners = list(
        Membership.objects.select_for_update()
        .filter(practice=membership.practice_id, role=Role.OWNER)
        .values_list("pk", flat=True)
    )
    if role != Role.OWNER and membership.pk in owners and len(owners) <= 1:
        raise Refused("A practice needs an owner: make someone else an owner first.")
    membership.role = role
    membership.save(update_fields=["role"])


def _owner_count(practice_id):
    return Membership.objects.filter(practice=practice_id, role=Role.OWNER).count()


def display_name(user):
    return user.get_full_name() or user.get_username()


@transaction.atomic
def transfer_client(request, client, to_trainer):
    """Give the client to another trainer of the same practice. Everything hangs off the client
    (intakes, assignments, logs, alerts, the private link), so it all moves with them and the
    link keeps working. The audit trail records who moved them, when, from whom and to whom."""
    if client.trainer_id == to_trainer.pk:
        raise Refused(f"{client.name} is already with {display_name(to_trainer)}.")
    from_trainer = client.trainer
    same_practice = Membership.objects.filter(
        user__in=[from_trainer.pk, to_trainer.pk], practice=from_trainer.membership.practice_id
    ).count()
    if same_practice != 2:
        raise Refused("Clients move only between trainers of the same practice.")
    client.trainer = to_trainer
    client.save(update_fields=["trainer"])
    subject = f"moved from {display_name(from_trainer)} to {display_name(to_trainer)}"
    for trainer in (from_trainer, to_trainer):  # in both trainers' trails
        AuditEvent.objects.create(
            trainer=trainer,
            actor=request.user,
            client_ref=client.pk,
            action=AuditAction.TRANSFERRED,
            subject=subject[:60],
        )
    bump_generation(from_trainer.pk)  # their cached overview still lists the client
    return from_trainer
