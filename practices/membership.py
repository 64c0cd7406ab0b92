"""Who works with whom: plain functions over Practice and Membership."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from practices.models import Cover, Invitation, Membership, Practice, Role


@transaction.atomic
def start_practice(user, name=""):
    """A new trainer's practice of one, with them as its owner."""
    practice = Practice.objects.create(name=name)
    return Membership.objects.create(user=user, practice=practice, role=Role.OWNER)


def membership_of(user):
    """The user's membership with its practice and `team_size`, or None (an account made
    outside sign-up)."""
    return (
        Membership.objects.select_related("practice")
        .annotate(team_size=Count("practice__memberships"))
        .filter(user=user)
        .first()
    )


def owned_practices(user):
    """The practices `user` owns, as a subquery (empty for a trainer or a stranger)."""
    return Membership.objects.filter(user=user, role=Role.OWNER).values("practice")


def trainers_of(practices):
    """Every trainer of the given practices (a queryset of practice ids), as a subquery."""
    return Membership.objects.filter(practice__in=practices).values("user")


def trainers_seen_by(user, day):
    """The trainers whose clients `user` sees on `day` (clients.Client.objects.visible_to, the
    same three clauses): themselves, every trainer of a practice they own, those they cover."""
    return {user.pk} | set(
        Membership.objects.filter(
            Q(user__in=trainers_of(owned_practices(user))) | Q(user__in=covered_trainers(user, day))
        ).values_list("user", flat=True)
    )


def colleagues_of(user):
    """The other trainers of the user's practice, as a subquery of user ids."""
    return trainers_of(Membership.objects.filter(user=user).values("practice")).exclude(user=user)


def covered_trainers(user, day):
    """The trainers `user` covers on `day`, as a subquery. A cover counts only while both are
    still in the same practice: leaving the practice ends it."""
    same_practice = Membership.objects.filter(user=user).values("practice")
    return (
        Cover.objects.running_on(day)
        .filter(covered_by=user, trainer__membership__practice__in=same_practice)
        .values("trainer")
    )


# --- Invitations -----------------------------------------------------------------------------
INVITATION_DAYS = 7


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invite(practice, email, invited_by):
    """A new invitation and its token (for the link in the email; only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        practice=practice,
        email=email,
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    return invitation, token


def usable_invitation(token):
    """The unused, unexpired invitation for this token, or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.usable()
        .select_related("practice", "invited_by")
        .filter(token_hash=_hash(token))
        .first()
    )


class CannotJoin(Exception):
    pass


@transaction.atomic
def join(invitation, user):
    """Move `user` into the invitation's practice as a trainer and use up the invitation.

    A trainer alone in their practice brings their clients and routines along (they stay
    theirs) and their empty practice is removed; someone who works with others must leave
    that practice first."""
    claimed = (
        Invitation.objects.usable()
        .filter(pk=invitation.pk)
        .update(accepted_at=timezone.now(), accepted_by=user)
    )
    if not claimed:  # used a moment ago in another tab, or just expired
        raise CannotJoin("This invitation has already been used or has expired.")
    current = Membership.objects.select_related("practice").filter(user=user).first()
    if current is not None:
        if current.practice_id == invitation.practice_id:
            return current
        if current.practice.memberships.exclude(user=user).exists():
            raise CannotJoin(
                "You work in another practice with colleagues: ask its owner to remove you first."
            )
        old_practice = current.practice
        current.delete()
        old_practice.delete()
    return Membership.objects.create(user=user, practice=invitation.practice, role=Role.TRAINER)
