"""The practice: its dashboard and team (owners only), invitations, transfers and cover.

Who may see which client is decided in one place, Client.objects.visible_to; the pages here
add the owner's own rule (only an owner manages the team, the dashboard and transfers).
Another practice's trainer gets 404 on every one of them.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from clients import freshness
from clients.attention import overview
from clients.forms import CoverForm, InviteForm, JoinForm, PracticeForm, TransferForm
from clients.models import Client
from clients.practice import (
    Refused,
    display_name,
    members,
    practice_overview,
    set_role,
    transfer_client,
)
from clients.practice import remove_trainer as remove_from_practice
from clients.views.clients import get_client
from practices.membership import (
    CannotJoin,
    colleagues_of,
    covered_trainers,
    invite,
    join,
    membership_of,
    usable_invitation,
)
from practices.models import Cover, Membership, Role
from routines.editing import copy_shared_routine, copy_stretch
from routines.freshness import STRETCHES_KEY
from routines.models import Routine, Stretch
from trainer_site import page_cache

TEAM = "clients/practice_team.html"
PRACTICE = "clients/practice.html"


def _owner_membership(request):
    """The signed-in owner's membership, or 404 for anyone who owns no practice."""
    membership = membership_of(request.user)
    if membership is None or not membership.is_owner:
        raise Http404
    return membership


def _member(practice, membership_pk):
    """A membership of the owner's practice, or 404 (another practice's member is not found)."""
    return get_object_or_404(
        Membership.objects.select_related("user", "practice"), pk=membership_pk, practice=practice
    )


QUEUE_PAGE_SIZE = 20  # the most urgent first, the rest a page at a time (as the dashboard)


def _queue_page(request):
    page = request.GET.get("queue", "1")
    return max(1, int(page)) if page.isdigit() else 1


def _queue_context(queue, page):
    """One page of the queue, with what its links need."""
    first = (page - 1) * QUEUE_PAGE_SIZE
    return {
        "queue": queue[first : first + QUEUE_PAGE_SIZE],
        "queue_page_size": QUEUE_PAGE_SIZE,
        "queue_first": first + 1,
        "queue_last": min(first + QUEUE_PAGE_SIZE, len(queue)),
        "queue_total": len(queue),
        "queue_next": page + 1 if first + QUEUE_PAGE_SIZE < len(queue) else None,
        "queue_previous": page - 1 if page > 1 else None,
    }


@require_GET
@never_cache
def practice_dashboard(request):
    """Every trainer's attention queue and figures, drawn once per (practice, viewer, day,
    trainer shown, queue page, language) and read from the shared cache while the data
    generation and the contact (their name) of every trainer of the practice hold, and the
    practices' version (who is in it, with which role). No form on it posts."""
    practice = _owner_membership(request).practice
    today = timezone.localdate()
    team_ids = page_cache.remembered(
        page_cache.key("practice-team", practice.pk),
        [freshness.PRACTICES_KEY],
        lambda: sorted(Membership.objects.filter(practice=practice).values_list("user", flat=True)),
    )
    trainer = request.GET.get("trainer", "")
    chosen_id = int(trainer) if trainer.isdigit() else None
    if trainer and chosen_id not in team_ids:
        raise Http404  # not a trainer of this practice
    queue_page = _queue_page(request)
    if request.htmx and request.htmx.target == "practice-queue":
        part = "practice-queue"
    else:
        part = "practice-page"

    def draw(cacheable):
        team = members(practice)
        chosen = next((m.user for m in team if m.user_id == chosen_id), None)
        data, figures = practice_overview(practice, request.user, team, chosen, today)
        context = {
            "practice": practice,
            "team": team,
            "figures": figures,
            "chosen": chosen,
            "client_count": data.client_count,
            **_queue_context(data.queue, queue_page),
        }
        return {part: render_to_string(f"{PRACTICE}#{part}", context)}

    shown = (chosen_id, queue_page, page_cache.digest(practice.name))
    entry_key = page_cache.key(
        "practice-dashboard", part, practice.pk, request.user.pk, today, *shown
    )
    activity = [freshness.generation_key(trainer_id) for trainer_id in team_ids]
    versions = [
        freshness.PRACTICES_KEY,
        STRETCHES_KEY,  # a stretch that hurt is named in the queue
        *activity,
        *[freshness.own_generation_key(trainer_id) for trainer_id in team_ids],
        *[freshness.trainer_contact_key(trainer_id) for trainer_id in team_ids],
    ]
    # As on a trainer's dashboard: what the team does shows at once, what clients do on their
    # page within page_cache.LATE_SECONDS, drawn again by one worker at a time.
    html = page_cache.fragments(None, entry_key, versions, draw, late=activity)[part]
    if part == "practice-queue":
        return HttpResponse(html)
    return render(request, PRACTICE, {"practice": practice, "page_html": html})


def _team_context(practice, invite_form=None, refusal=None, practice_form=None):
    team = members(practice)
    counts = dict(
        Client.objects.filter(trainer__membership__practice=practice)
        .values_list("trainer")
        .annotate(n=Count("pk"))
    )
    return {
        "practice": practice,
        "team": [(m, counts.get(m.user_id, 0)) for m in team],
        "invite_form": invite_form or InviteForm(practice=practice),
        "invitations": practice.invitations.usable().select_related("invited_by"),
        "refusal": refusal,
        "practice_form": practice_form or PracticeForm(instance=practice),
    }


@require_GET
@never_cache
def team(request):
    practice = _owner_membership(request).practice
    return render(request, TEAM, _team_context(practice))


@require_POST
def invite_trainer(request):
    practice = _owner_membership(request).practice
    form = InviteForm(request.POST, practice=practice)
    if not form.is_valid():
        context = _team_context(practice, invite_form=form)
        template = f"{TEAM}#invite-form" if request.htmx else TEAM
        return render(request, template, context, status=422)
    invitation, token = invite(practice, form.cleaned_data["email"], request.user)
    url = request.build_absolute_uri(reverse("clients:invitation-accept", args=[token]))
    body = render_to_string(
        "clients/email/invitation.txt",
        {"invitation": invitation, "url": url, "owner": display_name(request.user)},
    )
    subject = f"Join {practice.name or display_name(request.user)} on Psoas Coach"
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to=[invitation.email]).send()
    messages.success(request, f"Invitation sent to {invitation.email}. It works once, for 7 days.")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("clients:practice-team"))
    return redirect("clients:practice-team")


@require_POST
def practice_details(request):
    """The practice's name, contact line and logo, shown to clients (clients.branding)."""
    practice = _owner_membership(request).practice
    form = PracticeForm(request.POST, request.FILES, instance=practice)
    if not form.is_valid():
        practice.refresh_from_db()  # the page header shows what is stored, not the bad input
        return render(request, TEAM, _team_context(practice, practice_form=form), status=422)
    form.save()
    messages.success(request, "Saved. Your clients see it on their page, handout and emails.")
    return redirect("clients:practice-team")


@require_POST
def member_remove(request, membership_pk):
    practice = _owner_membership(request).practice
    membership = _member(practice, membership_pk)
    try:
        remove_from_practice(membership)
    except Refused as refusal:
        return render(request, TEAM, _team_context(practice, refusal=refusal), status=409)
    messages.success(request, f"{display_name(membership.user)} is no longer in the practice.")
    if membership.user_id == request.user.pk:
        return redirect("clients:dashboard")
    return redirect("clients:practice-team")


@require_POST
def member_role(request, membership_pk):
    practice = _owner_membership(request).practice
    membership = _member(practice, membership_pk)
    role = request.POST.get("role")
    if role not in Role.values:
        raise Http404
    try:
        set_role(membership, role)
    except Refused as refusal:
        return render(request, TEAM, _team_context(practice, refusal=refusal), status=409)
    messages.success(request, f"{display_name(membership.user)} is now {Role(role).label.lower()}.")
    if membership.user_id == request.user.pk and role != Role.OWNER:
        return redirect("clients:dashboard")
    return redirect("clients:practice-team")


@login_not_required
@require_http_methods(["GET", "POST"])
@never_cache
def invitation_accept(request, token):
    """The link in the invitation email. Signed in: join with this account. Otherwise: make an
    account for the invited address (the email proves it), and join."""
    invitation = usable_invitation(token)
    if invitation is None:
        return render(request, "clients/invitation.html", {"gone": True}, status=404)
    signed_in = request.user.is_authenticated
    form = None if signed_in else JoinForm(request.POST or None)
    context = {
        "invitation": invitation,
        "form": form,
        "owner": display_name(invitation.invited_by) if invitation.invited_by else "",
    }
    if request.method == "GET":
        return render(request, "clients/invitation.html", context)
    if not signed_in and not form.is_valid():
        return render(request, "clients/invitation.html", context, status=422)
    try:
        with transaction.atomic():
            if signed_in:
                user = request.user
            else:
                user = form.save(commit=False)
                user.email = invitation.email
                user.save()
            join(invitation, user)
    except CannotJoin as refusal:
        context["refusal"] = str(refusal)
        return render(request, "clients/invitation.html", context, status=409)
    if not signed_in:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    name = invitation.practice.name or "the practice"
    messages.success(request, f"Welcome to {name}.")
    return redirect("clients:dashboard")


@require_http_methods(["GET", "POST"])
def client_transfer(request, pk):
    """The owner moves a client to another trainer of the practice."""
    client = get_client(request, pk, Client.objects.select_related("trainer"))
    form = TransferForm(request.POST or None, client=client, owner=request.user)
    if not form.fields["trainer"].queryset.exists():
        raise Http404  # not the owner of this client's practice (a cover, or the trainer)
    context = {"client": client, "form": form}
    if request.method == "GET":
        return render(request, "clients/client_transfer.html", context)
    if not form.is_valid():
        return render(request, "clients/client_transfer.html", context, status=422)
    try:
        from_trainer = transfer_client(request, client, form.cleaned_data["trainer"])
    except Refused as refusal:
        form.add_error("trainer", str(refusal))
        return render(request, "clients/client_transfer.html", context, status=422)
    messages.success(
        request,
        f"{client.name} moved from {display_name(from_trainer)} to "
        f"{display_name(client.trainer)}. Their link keeps working.",
    )
    return redirect(client)


def _cover_context(request, form=None):
    today = timezone.localdate()
    # The attention queue of the colleagues this trainer covers today, to work through here
    # (the trainer's own dashboard stays theirs alone).
    covered = Client.objects.filter(trainer__in=covered_trainers(request.user, today))
    return {
        "covered_queue": overview(request.user, today=today, clients=covered, activity=False).queue,
        "form": form or CoverForm(trainer=request.user, initial={"starts_on": today}),
        "asked": Cover.objects.filter(trainer=request.user, ends_on__gte=today).select_related(
            "covered_by"
        ),
        "given": Cover.objects.filter(covered_by=request.user, ends_on__gte=today).select_related(
            "trainer"
        ),
    }


@require_http_methods(["GET", "POST"])
@never_cache
def cover(request):
    """A trainer names a colleague to cover their clients while they are away."""
    if membership_of(request.user) is None:
        raise Http404
    if request.method == "POST":
        form = CoverForm(request.POST, instance=Cover(trainer=request.user), trainer=request.user)
        if form.is_valid():
            covering = form.save()
            messages.success(
                request,
                f"{display_name(covering.covered_by)} covers your clients from "
                f"{covering.starts_on:%d %b} to {covering.ends_on:%d %b}.",
            )
            return redirect("clients:practice-cover")
        template = "clients/practice_cover.html#cover-form" if request.htmx else None
        context = _cover_context(request, form)
        return render(request, template or "clients/practice_cover.html", context, status=422)
    return render(request, "clients/practice_cover.html", _cover_context(request))


@require_POST
def cover_end(request, cover_pk):
    covering = get_object_or_404(Cover, pk=cover_pk, trainer=request.user)
    today = timezone.localdate()
    if covering.starts_on >= today:
        covering.delete()  # not begun (or begun today): nothing to keep
    else:
        covering.ends_on = today - timedelta(days=1)  # kept, for the record of who covered
        covering.save(update_fields=["ends_on"])
    messages.success(request, "Cover ended.")
    return redirect("clients:practice-cover")


# --- Shared routines and stretches ------------------------------------------------------------


def _colleagues(user):
    """The other trainers of the user's practice, as a subquery of user ids."""
    return colleagues_of(user)


@require_GET
@never_cache
def practice_library(request):
    """What colleagues share with the practice (copy it into your own), and sharing yours."""
    colleagues = _colleagues(request.user)
    context = {
        "shared_routines": Routine.objects.shared_by(colleagues)
        .select_related("owner")
        .annotate(step_count=Count("steps")),
        "shared_stretches": Stretch.objects.shared_by(colleagues).select_related("owner"),
        "my_routines": Routine.objects.for_trainer(request.user).active(),
        "my_stretches": Stretch.objects.owned_by(request.user),
    }
    return render(request, "clients/practice_library.html", context)


def _share_toggle(request, item, label):
    item.shared_with_practice = request.POST.get("shared") == "on"
    item.save(update_fields=["shared_with_practice"])
    state = "shared with your practice" if item.shared_with_practice else "no longer shared"
    messages.success(request, f"{label} “{item.name}” is {state}.")
    return redirect("clients:practice-library")


@require_POST
def routine_share(request, routine_pk):
    routine = get_object_or_404(Routine.objects.for_trainer(request.user).active(), pk=routine_pk)
    return _share_toggle(request, routine, "Routine")


@require_POST
def stretch_share(request, stretch_pk):
    stretch = get_object_or_404(Stretch.objects.owned_by(request.user), pk=stretch_pk)
    return _share_toggle(request, stretch, "Stretch")


@require_POST
def routine_copy(request, routine_pk):
    """Copy a colleague's shared routine into your own; theirs is never changed."""
    source = get_object_or_404(Routine.objects.shared_by(_colleagues(request.user)), pk=routine_pk)
    copy = copy_shared_routine(source, request.user)
    messages.success(request, f"“{copy.name}” copied into your routines. Edit it as you like.")
    return redirect(copy)


@require_POST
def stretch_copy(request, stretch_pk):
    source = get_object_or_404(Stretch.objects.shared_by(_colleagues(request.user)), pk=stretch_pk)
    copy = copy_stretch(source, request.user)
    messages.success(request, f"“{copy.name}” copied into your library.")
    return redirect(copy)
