"""The client's private page: no account, opened from a link on a phone.

Only what the client needs is shown: their routines, each step's illustration, cues and
"stop if", and the session log. Never intake answers, the trainer's private notes, or anyone else.
"""

import io
import json
from datetime import date, timedelta
from functools import wraps

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import parse_etags
from django.utils.csp import build_policy
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import adherence, freshness
from clients.calendar import assignment_calendar
from clients.charts import session_pain_chart
from clients.contact import client_contact
from clients.forms import ReminderForm, SessionLogForm, SessionStartForm
from clients.languages import in_client_language, page_language, remember_page_language
from clients.models import (
    AlertKind,
    AssignedStep,
    Assignment,
    ReminderPreference,
    SessionLog,
    SessionStatus,
    ShareLink,
)
from clients.reminders import new_unsubscribe_token
from clients.session_logs import (
    feedback_stretches,
    open_alert_annotations,
    open_red_flag,
    record_session,
    stop_before_start,
)
from clients.shared_cache import today_page
from routines.durations import minutes_and_seconds, routine_seconds
from trainer_site import guessing
from trainer_site.network import is_same_origin


def _too_many_tries():
    response = HttpResponse("Too many tries. Wait a few minutes.", status=429)
    response["Retry-After"] = str(settings.SHARE_GUESS_WINDOW)
    return response


REPLIES_SHOWN = 5
REPLIES_DAYS = 30


SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


# What every private-link view reads with the link, in the same query (the contact, branding and
# movement-breaks yes/no): no query for them later.
LINK_RELATED = (
    "client__latest_intake",
    "client__trainer__coach_preferences",
    "client__trainer__membership__practice",
)


def shared_page(view=None, *, related=LINK_RELATED):
    """Private-link views: public, rate-limited against guessing, never cached or indexed.
    `related`: what to load with the link (the client's page reads less when it is cached).

    Their forms carry no CSRF token (the page is the same for every visit, kept in the shared
    cache: clients.shared_cache); a POST is accepted only from the site's own pages, by the
    browser's Sec-Fetch-Site or Origin header (trainer_site.network.is_same_origin,
    docs/security.md, "The client's page: kept in the shared cache")."""

    if view is None:
        return lambda view: shared_page(view, related=related)

    @login_not_required
    @csrf_exempt
    @never_cache
    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        if request.method not in SAFE_METHODS and not is_same_origin(request):
            return HttpResponseForbidden(
                "This form can only be sent from its own page. Open your link and try again.",
                content_type="text/plain; charset=utf-8",
            )
        if guessing.too_many_guesses(request):
            return _too_many_tries()
        link = ShareLink.objects.live().select_related(*related).filter(token=token).first()
        if link is None or link.client.is_archived:
            guessing.count_failed_guess(request)
            response = link_gone(request, token)
        else:
            # Everything this link serves is in the client's language (or the one they
            # switched to on this phone).
            language, chosen_now = page_language(request, link.client)
            # What the client writes here reaches their trainer's dashboard within seconds,
            # not at once (clients.freshness.client_activity).
            with translation.override(language), freshness.client_activity():
                response = view(request, link, *args, **kwargs)
            if chosen_now:
                remember_page_language(response, language, reverse("shared:today", args=[token]))
        response["X-Robots-Tag"] = "noindex, nofollow"
        # Not no-referrer: with it a browser sends "Origin: null" on the page's own form posts,
        # which is_same_origin refuses (docs/security.md).
        response["Referrer-Policy"] = "strict-origin"
        return response

    return wrapper


def link_gone(request, token):
    """A dead link's friendly page, still a 404 (and never Django's debug page). It names the
    trainer only when the token once was a real link: whoever holds it was their client."""
    old = (
        ShareLink.objects.filter(token=token)
        .select_related(
            "client__trainer__coach_preferences", "client__trainer__membership__practice"
        )
        .first()
    )
    context = {
        "was_a_link": old is not None,
        "contact": client_contact(old.client) if old else None,
    }
    return render(request, "clients/shared/link_gone.html", context, status=404)


def _current_assignments(client, today):
    steps = AssignedStep.objects.select_related("stretch").prefetch_related("stretch__steps")
    return list(
        Assignment.objects.current(today)
        .filter(client=client)
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("created_at", "pk")
    )


def _sessions(assignments, today):
    """Today's sessions: one card per scheduled session, with its log if there is one."""
    logs = {
        (log.assignment_id, log.session_number): log
        for log in SessionLog.objects.filter(
            assignment__in=[a.pk for a in assignments], session_date=today
        )
    }
    sessions = []
    for assignment in assignments:
        if not assignment.is_due_on(today):
            continue
        for number in range(1, assignment.sessions_per_day + 1):
            sessions.append(
                {
                    "assignment": assignment,
                    "number": number,
                    "log": logs.get((assignment.pk, number)),
                    "form": SessionLogForm(
                        initial={"assignment": assignment.pk, "session_number": number},
                        auto_id=f"s{assignment.pk}-{number}-%s",
                    ),
                }
            )
    return sessions


def player_data(assignment):
    """The guided player's script for one assignment: its steps' cue sequences and the same
    total the page shows (routines.durations is the one model of time)."""
    steps = assignment.steps.all()
    return {
        "duration": minutes_and_seconds(routine_seconds(steps)),
        "seconds": routine_seconds(steps),
        "steps": [step.player_data() for step in steps],
    }


# The 0-10 buttons are written out by the template rather than by Django's radio widget:
# the page shows up to three sessions with 22 of them each, and widget rendering dominated
# the page's CPU time in the benchmark.
# The numbers as text: an integer in a template is localised on every use (66 buttons).
PAIN_SCALE = tuple(str(n) for n in range(11))
LONG_SITTING_HOURS = 6
LONG_SITTING_BOUT_MINUTES = 60


def sits_a_lot(intake):
    """Whether to offer movement breaks. Only this yes/no reaches the page, never the answers."""
    if intake is None:
        return False
    return (
        intake.sitting_hours_workday >= LONG_SITTING_HOURS
        or (intake.longest_sitting_minutes or 0) >= LONG_SITTING_BOUT_MINUTES
    )


@shared_page(related=["client"])
@require_GET
def today(request, link):
    """The page, from the shared cache while nothing it shows has changed (clients.shared_cache):
    the link (with its client) and one cache read. A phone that sends the ETag of the copy it
    kept gets 304 (the link's service worker does)."""
    day = timezone.localdate()
    html, digest = today_page(link, link.client.trainer_id, day, lambda: _draw_today(link, day))
    etag = f'"{digest}"'
    # Weak comparison (RFC 9110): the gzip middleware sends the tag as W/"...".
    sent = parse_etags(request.headers.get("If-None-Match", ""))
    asked = {tag.removeprefix("W/") for tag in sent}
    response = HttpResponseNotModified() if etag in asked else HttpResponse(html)
    response["ETag"] = etag
    return response


def _draw_today(link, day):
    """The whole page, drawn without the request: nothing per visit may enter the cache."""
    # The trainer's contact and branding, and the intake's yes/no, in one query.
    # With it, the open alerts the page answers to (clients.session_logs): a red-flag sign
    # reported after a session puts the urgent-care card in place of the sessions until the
    # trainer marks it handled; a recent pain alert recalls the stop rule above Start.
    links = ShareLink.objects.select_related(*LINK_RELATED)
    link = links.annotate(**open_alert_annotations(day)).get(pk=link.pk)
    client = link.client
    assignments = _current_assignments(client, day)
    routines = [
        {
            "assignment": a,
            "steps": list(a.steps.all()),
            "duration": minutes_and_seconds(routine_seconds(a.steps.all())),
            "player_id": f"player-{a.pk}",
            "player": player_data(a),
        }
        for a in assignments
    ]
    context = {
        "link": link,
        "first_name": client.name.split()[0],
        "today": day,
        "routines": routines,
        "sessions": _sessions(assignments, day),
        "offer_movement_breaks": sits_a_lot(client.latest_intake),
        "pain_scale": PAIN_SCALE,
        "contact": client_contact(client),
        "replies": trainer_replies(client, day),
        "red_flag_on": link.red_flag_on,
        "pain_report_on": link.pain_report_on,
        "pain_report_worst": link.pain_report_worst,
        **_reminder_context(link),
    }
    return render_to_string("clients/shared/today.html", context)


def trainer_replies(client, day):
    """The trainer's latest replies to the client's sessions (the last month, newest first).
    Kept with the page in the shared cache: a reply's save bumps the client's page version."""
    since = day - timedelta(days=REPLIES_DAYS)
    replies = client.session_replies.filter(created_at__date__gte=since)
    replies = replies.select_related("session_log").order_by("-created_at", "-pk")
    return list(replies[:REPLIES_SHOWN])


@shared_page
@require_POST
def log_session(request, link):
    """Record how a session went. Sending it twice changes the same record: one session.

    The day is the one the phone sent (the client's own date, also for a log kept offline and
    sent after midnight), within a short window; a page without JavaScript means today."""
    form = SessionLogForm(request.POST, auto_id="log-%s")
    day = (form.is_valid() and form.cleaned_data["session_date"]) or timezone.localdate()
    assignment = _todays_assignment(link, form, day)
    stretches = {}
    if form.is_valid():
        stretches = feedback_stretches(assignment, form.cleaned_data["feedback"])
        if stretches is None:
            form.add_error(
                "feedback", gettext("This routine has changed. Reload the page and log again.")
            )
    if not form.is_valid():
        context = {
            "link": link,
            "pain_scale": PAIN_SCALE,
            "contact": client_contact(link.client),
            "session": {
                "assignment": assignment,
                "number": form.cleaned_data.get("session_number", 1),
                "log": None,
                "form": form,
            },
        }
        if request.htmx and assignment is not None:
            return render(request, "clients/shared/today.html#session-card", context, status=422)
        return render(request, "clients/shared/log_error.html", context, status=422)

    answers = {
        key: form.cleaned_data[key]
        for key in ("status", "pain_before", "pain_after", "new_red_flag", "note")
    }
    if answers["status"] == SessionStatus.SKIPPED:
        answers["pain_after"] = None
    log, alerts = record_session(
        assignment,
        day,
        form.cleaned_data["session_number"],
        client_key=form.cleaned_data["client_key"],
        feedback={
            position: (stretches[position], feeling)
            for position, feeling in form.cleaned_data["feedback"].items()
        },
        **answers,
    )
    return _logged(request, link, log, alerts)


def _logged(request, link, log, alerts, stopped_before_start=False):
    """The session card after logging: thanks, or the stop card when the answers alerted."""
    session = {"assignment": log.assignment, "number": log.session_number, "log": log}
    context = {
        "link": link,
        "session": session,
        "alerts": alerts,
        # A new emergency sign: the urgent-care card, not the pain card.
        "red_flag": AlertKind.RED_FLAG in alerts,
        "just_logged": True,
        "stopped_before_start": stopped_before_start,
        "contact": client_contact(link.client),
    }
    if request.htmx:
        return render(request, "clients/shared/today.html#session-card", context)
    return render(request, "clients/shared/logged.html", context)


def _todays_assignment(link, form, day):
    """The assignment a session form names, when it is on today's plan (with a form error and
    None otherwise). Only the link's own client's assignments are looked at."""
    assignments = {a.pk: a for a in Assignment.objects.current(day).filter(client=link.client)}
    for assignment in assignments.values():
        assignment.client = link.client  # already loaded with the link
    if not form.is_valid():
        return assignments.get(form.cleaned_data.get("assignment"))
    assignment = assignments.get(form.cleaned_data["assignment"])
    if assignment is None or form.cleaned_data["session_number"] > assignment.sessions_per_day:
        form.add_error(
            None, gettext("This session is not on today's plan any more. Reload the page.")
        )
    return assignment


@shared_page
@require_POST
def start_session(request, link):
    """The Start button. Pain before the session that meets the stop rule shows the stop card
    instead of the timer (the session is recorded as skipped with that pain, and the trainer
    alerted); otherwise 204, and the player starts. Without JS the same button posts the form,
    and the answer is the stop card or the page again."""
    day = timezone.localdate()
    form = SessionStartForm(request.POST, auto_id="start-%s")
    assignment = _todays_assignment(link, form, day)
    if not form.is_valid():
        errors = form.errors.get("pain_before") or form.non_field_errors()
        number = form.cleaned_data.get("session_number", 1)
        assignment_pk = assignment.pk if assignment else None
        context = {
            "link": link,
            "pain_scale": PAIN_SCALE,
            "contact": client_contact(link.client),
            "start_error": errors[0] if errors else "",
            "session": {
                "assignment": assignment,
                "number": number,
                "log": None,
                "form": SessionLogForm(
                    initial={"assignment": assignment_pk, "session_number": number},
                    auto_id=f"s{assignment_pk}-{number}-%s",
                ),
            },
        }
        if request.htmx and assignment is not None:
            return render(request, "clients/shared/today.html#session-card", context, status=422)
        return render(request, "clients/shared/log_error.html", context, status=422)
    number = form.cleaned_data["session_number"]
    red_flag_alert = open_red_flag(link.client)
    if red_flag_alert is not None:
        # A sign that needs urgent care was reported and the trainer has not handled it yet:
        # no timer, the urgent-care card (the page itself shows it in place of the sessions).
        if not request.htmx:
            return redirect(link.get_absolute_url())
        context = {
            "link": link,
            "contact": client_contact(link.client),
            "red_flag_on": red_flag_alert.session_log.session_date
            if red_flag_alert.session_log
            else timezone.localdate(red_flag_alert.created_at),
            "session": {"assignment": assignment, "number": number, "log": None},
        }
        return render(request, "clients/shared/today.html#session-card", context)
    stopped = stop_before_start(
        assignment, day, form.cleaned_data["session_number"], form.cleaned_data["pain_before"]
    )
    if stopped is not None:
        return _logged(request, link, *stopped, stopped_before_start=True)
    if request.htmx:
        return HttpResponse(status=204)
    # Without JS there is no timer: the page itself is the guide, logged when done.
    return redirect(f"{link.get_absolute_url()}#session-{assignment.pk}-{number}")


# The client's own figures: how far back their progress page looks (as the trainer's page does).
PROGRESS_WEEKS = 8


@shared_page
@require_GET
def progress(request, link):
    """The client's own progress, a page apart so the daily page stays light: the last four
    weeks day by day, the streak of planned days, pain before and after. Sessions only: never
    an intake answer. Three queries whatever the history (the link, assignments, logs)."""
    day = timezone.localdate()
    assignments = list(Assignment.objects.filter(client=link.client))
    logs = list(
        SessionLog.objects.filter(
            client=link.client, session_date__gte=day - timedelta(weeks=PROGRESS_WEEKS)
        ).order_by("-session_date", "-session_number")
    )
    with_pain = [
        log for log in reversed(logs) if log.pain_before is not None or log.pain_after is not None
    ]
    weeks = adherence.recent_weeks(assignments, logs, day)
    window = {"shown": (weeks[0][0].day, day)}
    counts = adherence.counts_from_logs(logs, window, day)
    context = {
        "link": link,
        "first_name": link.client.name.split()[0],
        "contact": client_contact(link.client),
        "today": day,
        "weeks": weeks,
        # The caption's range is the grid's: from its first Monday to its last Sunday.
        "first_day": weeks[0][0].day,
        "last_day": weeks[-1][-1].day,
        "shown": adherence.window_adherence(assignments, counts, "shown", window["shown"], day),
        "streak": adherence.streak(logs, day, assignments),
        "pain_chart": session_pain_chart(with_pain[-30:]),
    }
    return render(request, "clients/shared/progress.html", context)


@shared_page
@require_GET
def calendar(request, link):
    assignments = list(
        Assignment.objects.current().filter(client=link.client).prefetch_related("steps")
    )
    page_url = request.build_absolute_uri(link.get_absolute_url())
    reminder = ReminderPreference.objects.filter(client=link.client).first()
    body = assignment_calendar(assignments, page_url, host=request.get_host(), reminder=reminder)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stretching.ics"'
    return response


# --- Kept on the phone: the link's own web app manifest and service worker ---------------------


@shared_page
@require_GET
@csp_override({})  # JSON, never a document: a policy on it would be bytes for nothing
def manifest(request, link):
    """The web app manifest of one link: its scope is the link's path, so a phone can install
    two clients' links side by side and neither sees the other's pages."""
    root = link.get_absolute_url()
    data = {
        "id": root,
        "name": f"{link.client.name.split()[0]}'s stretches",
        "short_name": "Stretches",
        "start_url": root,
        "scope": root,
        "display": "standalone",
        "background_color": "#f6f5f1",
        "theme_color": "#0f5f5a",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@shared_page
@require_GET
def service_worker(request, link):
    """The link's service worker, served from under the link's path: its scope is that link
    alone (no Service-Worker-Allowed needed). A dead link answers 404 here too, which tells
    the phone to forget it (static/js/offline.js and the worker itself)."""
    # JSON is a JavaScript literal: the values go into the script as they are.
    context = {
        name: json.dumps(value)
        for name, value in {
            "static_url": settings.STATIC_URL,
            "media_url": settings.MEDIA_URL,
            "log_queue": static("js/offline.js"),
            # The first visit's page is kept from the browser's copy; it gets the same policy.
            "page_csp": build_policy(settings.SECURE_CSP),
        }.items()
    }
    return render(
        request, "clients/shared/service_worker.js", context, content_type="text/javascript"
    )


@shared_page
@require_GET
def handout(request, link):
    """A one-page printable handout: illustrations, doses, and a QR code back to the page."""
    day = timezone.localdate()
    assignments = _current_assignments(link.client, day)
    context = {
        "link": link,
        "first_name": link.client.name.split()[0],
        "contact": client_contact(link.client),
        "routines": [
            {
                "assignment": a,
                "steps": list(a.steps.all()),
                "duration": minutes_and_seconds(routine_seconds(a.steps.all())),
            }
            for a in assignments
        ],
    }
    return render(request, "clients/shared/handout.html", context)


@shared_page
@require_GET
def qr_code(request, link):
    buffer = io.BytesIO()
    segno.make(request.build_absolute_uri(link.get_absolute_url()), error="m").save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, title="Link to your routine"
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


# --- Reminders ----------------------------------------------------------------------------------


def _reminder_context(link, form=None, saved=False):
    preference = ReminderPreference.objects.filter(client=link.client).first()
    if form is None:
        initial = (
            {
                "enabled": preference.enabled,
                "time_of_day": preference.time_of_day,
                "weekdays": preference.weekdays,
                "time_zone": preference.time_zone,
            }
            if preference
            else {"enabled": False}
        )
        form = ReminderForm(initial=initial, auto_id="reminder-%s")
    return {
        "link": link,
        "reminder_form": form,
        "has_email": bool(link.client.email),
        "saved": saved,
        "site_time_zone": settings.TIME_ZONE,
    }


@shared_page
@require_POST
def reminder_settings(request, link):
    form = ReminderForm(request.POST, auto_id="reminder-%s")
    if not link.client.email or not form.is_valid():
        context = _reminder_context(link, form)
        if request.htmx:
            return render(request, "clients/shared/today.html#reminder-card", context, status=422)
        return render(request, "clients/shared/reminder_saved.html", context, status=422)
    fields = ("enabled", "time_of_day", "weekdays", "time_zone")
    choice = {name: form.cleaned_data[name] for name in fields}
    ReminderPreference.objects.update_or_create(
        client=link.client,
        defaults=choice,
        create_defaults={**choice, "unsubscribe_token": new_unsubscribe_token()},
    )
    context = _reminder_context(link, saved=True)
    if request.htmx:
        return render(request, "clients/shared/today.html#reminder-card", context)
    return render(request, "clients/shared/reminder_saved.html", context)


@shared_page
@require_http_methods(["GET", "POST"])
def done_from_email(request, link):
    """The reminder's "done" link. GET asks for one tap (mail scanners open links on their own);
    POST logs the session, idempotently, for the day the reminder was about."""
    today = timezone.localdate()
    try:
        assignment_pk = int(request.GET.get("a", ""))
        number = int(request.GET.get("n", "1"))
        day = date.fromisoformat(request.GET.get("d", ""))
    except ValueError:
        raise Http404 from None
    if not today - timedelta(days=1) <= day <= today:
        day = today
    assignment = get_object_or_404(
        Assignment.objects.current(day).filter(client=link.client), pk=assignment_pk
    )
    if not 1 <= number <= assignment.sessions_per_day:
        raise Http404
    context = {
        "link": link,
        "assignment": assignment,
        "number": number,
        "day": day,
        "contact": client_contact(link.client),
    }
    if request.method == "POST":
        status = request.POST.get("status")
        if status not in {SessionStatus.DONE, SessionStatus.PARTLY}:
            status = SessionStatus.DONE
        log, _ = record_session(assignment, day, number, status=status)
        context.update(log=log)
    else:
        context["log"] = SessionLog.objects.filter(
            assignment=assignment, session_date=day, session_number=number
        ).first()
    return render(request, "clients/shared/done.html", context)


@login_not_required
@csrf_exempt  # RFC 8058 one-click unsubscribe: mail clients POST without our CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def reminder_stop(request, unsubscribe_token):
    # The unsubscribe token is a secret link too: guesses count with the private links'.
    if guessing.too_many_guesses(request):
        return _too_many_tries()
    preference = (
        ReminderPreference.objects.select_related("client")
        .filter(unsubscribe_token=unsubscribe_token)
        .first()
    )
    if preference is None:
        guessing.count_failed_guess(request)
        raise Http404
    if request.method == "POST":
        preference.enabled = False
        preference.save(update_fields=["enabled", "updated_at"])
    with in_client_language(preference.client):
        response = render(
            request,
            "clients/shared/reminder_stop.html",
            {"stopped": not preference.enabled, "token": unsubscribe_token},
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
