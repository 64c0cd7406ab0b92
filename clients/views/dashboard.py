"""The trainer's home page: who needs attention today, and how the practice is doing."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from clients import attention, freshness
from clients.charts import bar_chart
from clients.contact import can_be_reached, trainer_contact
from clients.forms import SessionReplyForm, TrainerContactForm
from clients.languages import remember_trainer_language
from clients.models import (
    Alert,
    AttentionHandled,
    AttentionReason,
    Client,
    SessionReply,
    TrainerPreference,
)
from trainer_site import page_cache

DASHBOARD = "clients/dashboard.html"
HISTORY_LENGTH = 100


class HandleForm(forms.Form):
    client = forms.IntegerField()
    reason = forms.ChoiceField(choices=AttentionReason.choices)
    occurrence = forms.CharField(max_length=40)


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(required=False)
    digest_time = forms.TimeField(required=False)


QUEUE_PAGE_SIZE = 20  # the most urgent first; the rest a page at a time
FRAGMENTS = ("attention-queue", "practice", "today-list", "contact-warning")


def _queue_page(request):
    try:
        return max(1, int(request.GET.get("queue", 1)))
    except ValueError:
        return 1


def _fragments(request, queue_page=1):
    """The dashboard's three expensive fragments, drawn once per (trainer, data generation, day,
    language, queue page) and then read from the shared cache (trainer_site.page_cache)."""
    trainer = request.user
    today = timezone.localdate()

    def draw(cacheable):
        data = attention.overview(trainer, today=today)
        # Read with the clients; a query only for a trainer with no active client yet.
        reachable = data.reachable.get(trainer.pk)
        if reachable is None:
            reachable = can_be_reached(trainer)
        first = (queue_page - 1) * QUEUE_PAGE_SIZE
        queue = data.queue[first : first + QUEUE_PAGE_SIZE]
        for item in queue:
            if item.reply_to:  # a reply to the session, written in place
                item.reply_form = SessionReplyForm(
                    instance=SessionReply(session_log=item.reply_to), client=item.client
                )
        context = {
            "overview": data,
            "queue": queue,
            "queue_page": queue_page,
            "queue_page_size": QUEUE_PAGE_SIZE,
            "queue_first": first + 1,
            "queue_last": min(first + QUEUE_PAGE_SIZE, len(data.queue)),
            "queue_total": len(data.queue),
            "queue_next": queue_page + 1 if first + QUEUE_PAGE_SIZE < len(data.queue) else None,
            "queue_previous": queue_page - 1 if queue_page > 1 else None,
            "handle_url": reverse("clients:attention-handle"),
            # Before any planned or logged session, an empty state, not 30 days of zeros.
            "sessions_chart": bar_chart(
                "Sessions done per day, last 30 days",
                [(f"{day:%d %b}", count) for day, count in data.sessions_per_day],
            )
            if data.month.planned or any(count for _, count in data.sessions_per_day)
            else None,
            "client_count": data.client_count,
            # No phone or email for clients: the warning above the grid (clients.contact).
            "contact_missing": not reachable,
            **cacheable,
        }
        return {
            name.replace("-", "_"): render_to_string(f"{DASHBOARD}#{name}", context)
            for name in FRAGMENTS
        }

    entry_key = page_cache.key("dashboard", trainer.pk, today.isoformat(), queue_page)
    generation = freshness.generation_key(trainer.pk)
    contact = freshness.trainer_contact_key(trainer.pk)  # the contact warning
    versions = {
        generation: lambda: freshness.current_generation(trainer.pk),
        freshness.own_generation_key(trainer.pk): None,
        contact: lambda: freshness.current_version(contact),
    }
    # The trainer's own changes show at once; clients' activity (the generation moved, the
    # trainer's own one did not) within page_cache.LATE_SECONDS, drawn by one worker at a time.
    return page_cache.fragments(request, entry_key, versions, draw, late=(generation,))


def queue_response(request, notice, refused=False):
    """The queue drawn again after an action taken in it (a swap), with a line saying what
    happened beside it (out of band)."""
    queue = _fragments(request)["attention_queue"]
    context = {"notice": notice, "refused": refused, "oob": True}
    return HttpResponse(queue + render_to_string(f"{DASHBOARD}#queue-status", context))


@require_GET
@never_cache
def dashboard(request):
    queue_page = _queue_page(request)
    fragments = _fragments(request, queue_page)
    if request.htmx and "queue" in request.GET:
        return HttpResponse(fragments["attention_queue"])
    return render(request, DASHBOARD, {"fragments": fragments})


@require_POST
def attention_handle(request):
    form = HandleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That item could not be marked handled. Reload and try again.")
        return redirect("clients:dashboard")
    client = get_object_or_404(
        Client.objects.visible_to(request.user), pk=form.cleaned_data["client"]
    )
    reason = form.cleaned_data["reason"]
    # Back to the cover page when handled from the queue of a trainer one covers.
    back = "clients:practice-cover" if request.POST.get("back") == "cover" else "clients:dashboard"
    if reason in attention.CLEARED_ELSEWHERE:
        # A safety item: no "Handled" button offers it, and a posted one saves nothing.
        label = AttentionReason(reason).label
        notice = (
            f"“{label}” cannot be marked handled for {client.name}: "
            f"{attention.CLEARED_ELSEWHERE[reason]}."
        )
        if request.htmx:
            return queue_response(request, notice, refused=True)
        messages.error(request, notice)
        return redirect(back)
    attention.handle(request.user, client, reason, form.cleaned_data["occurrence"])
    if request.htmx:
        return HttpResponse(_fragments(request)["attention_queue"])
    messages.success(request, f"Marked handled for {client.name}.")
    return redirect(back)


@require_POST
def digest_settings(request):
    form = DigestForm(request.POST)
    if form.is_valid():
        TrainerPreference.objects.update_or_create(
            trainer=request.user,
            defaults={
                "daily_digest": form.cleaned_data["daily_digest"],
                **(
                    {"digest_time": form.cleaned_data["digest_time"]}
                    if form.cleaned_data["digest_time"]
                    else {}
                ),
            },
        )
        state = "on" if form.cleaned_data["daily_digest"] else "off"
        messages.success(request, f"Morning email turned {state}.")
    else:
        messages.error(request, "Enter a time like 07:30.")
    return redirect("account-security")


@require_http_methods(["GET", "POST"])
def contact_settings(request):
    """What clients see of their trainer: name, and optionally email, phone and a line."""
    preference = TrainerPreference.objects.filter(trainer=request.user).first()
    preference = preference or TrainerPreference(trainer=request.user)
    form = TrainerContactForm(request.POST or None, instance=preference)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            remember_trainer_language(request, form.instance.language)
            messages.success(request, "Saved. Your clients see this on their page and emails.")
            if request.htmx:
                return HttpResponseClientRedirect(reverse("clients:contact-settings"))
            return redirect("clients:contact-settings")
        status = 422
    else:
        status = 200
    context = {"form": form, "contact": trainer_contact(request.user)}
    template = "clients/contact_settings.html"
    if request.htmx:
        template += "#contact-form"
    return render(request, template, context, status=status)


@require_GET
@never_cache
def attention_history(request):
    """What was marked handled, by whom and when: the attention queue's history."""
    visible = Client.objects.visible_to(request.user).values("pk")
    handled = AttentionHandled.objects.filter(client__in=visible).select_related(
        "client", "handled_by"
    )
    alerts = Alert.objects.filter(client__in=visible, handled_at__isnull=False).select_related(
        "client", "handled_by", "feedback__stretch"
    )
    entries = sorted(
        [
            (item.handled_at, item.client, item.get_reason_display(), item.handled_by, "")
            for item in handled.order_by("-handled_at")[:HISTORY_LENGTH]
        ]
        + [
            (alert.handled_at, alert.client, alert.label, alert.handled_by, alert.handled_note)
            for alert in alerts.order_by("-handled_at")[:HISTORY_LENGTH]
        ],
        key=lambda entry: entry[0],
        reverse=True,
    )[:HISTORY_LENGTH]
    return render(request, "clients/attention_history.html", {"entries": entries})
