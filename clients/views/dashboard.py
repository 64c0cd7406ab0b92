"""The trainer's home page: who needs attention today, and how the practice is doing."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from clients import attention
from clients.charts import bar_chart
from clients.contact import trainer_contact
from clients.forms import TrainerContactForm
from clients.models import Alert, AttentionHandled, AttentionReason, Client, TrainerPreference

DASHBOARD = "clients/dashboard.html"
HISTORY_LENGTH = 100


class HandleForm(forms.Form):
    client = forms.IntegerField()
    reason = forms.ChoiceField(choices=AttentionReason.choices)
    occurrence = forms.CharField(max_length=40)


class DigestForm(forms.Form):
    daily_digest = forms.BooleanField(required=False)
    digest_time = forms.TimeField(required=False)


def _context(request):
    data = attention.cached_overview(request.user)
    chart = bar_chart(
        "Sessions done per day, last 30 days",
        [(f"{day:%d %b}", count) for day, count in data.sessions_per_day],
    )
    return {"overview": data, "sessions_chart": chart, "client_count": data.client_count}


@require_GET
@never_cache
def dashboard(request):
    return render(request, DASHBOARD, _context(request))


@require_POST
def attention_handle(request):
    form = HandleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That item could not be marked handled. Reload and try again.")
        return redirect("clients:dashboard")
    client = get_object_or_404(
        Client.objects.for_trainer(request.user), pk=form.cleaned_data["client"]
    )
    attention.handle(
        request.user, client, form.cleaned_data["reason"], form.cleaned_data["occurrence"]
    )
    if request.htmx:
        return render(request, f"{DASHBOARD}#attention-queue", _context(request))
    messages.success(request, f"Marked handled for {client.name}.")
    return redirect("clients:dashboard")


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
    handled = AttentionHandled.objects.filter(client__trainer=request.user).select_related(
        "client", "handled_by"
    )
    alerts = Alert.objects.filter(
        client__trainer=request.user, handled_at__isnull=False
    ).select_related("client", "handled_by")
    entries = sorted(
        [
            (item.handled_at, item.client, item.get_reason_display(), item.handled_by)
            for item in handled.order_by("-handled_at")[:HISTORY_LENGTH]
        ]
        + [
            (alert.handled_at, alert.client, alert.get_kind_display(), alert.handled_by)
            for alert in alerts.order_by("-handled_at")[:HISTORY_LENGTH]
        ],
        key=lambda entry: entry[0],
        reverse=True,
    )[:HISTORY_LENGTH]
    return render(request, "clients/attention_history.html", {"entries": entries})
