"""A trainer's clients: list, create, edit, archive, the client page, export and erase.

Pages showing intake answers are never cached (no-store) and kept out of htmx's history.
"""

import csv
import json
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Lower
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import adherence, freshness, progression
from clients.assigning import caution_warnings
from clients.cautions import client_cautions
from clients.charts import goal_trends, intake_trends, session_pain_chart, weekly_adherence_chart
from clients.contact import can_be_reached
from clients.feedback import felt_uneasy, summary, with_feedback
from clients.forms import (
    AssignmentForm,
    ClearanceForm,
    ClientForm,
    EraseClientForm,
    SessionReplyForm,
    ShareLinkForm,
)
from clients.languages import new_client_language
from clients.models import (
    AssignedStep,
    AuditAction,
    AuditEvent,
    Client,
    Intake,
    MedicalClearance,
    SessionReply,
    StretchFeedback,
    audit,
)
from clients.session_logs import alert_rows, open_alert_row_count
from practices.membership import trainers_seen_by
from routines import freshness as routine_versions
from routines.models import Routine
from trainer_site import page_cache
from trainer_site.links import with_urls
from trainer_site.spreadsheets import formula_safe

CLIENT_LIST = "clients/client_list.html"
CLIENT_PAGE = "clients/client_detail.html"
CLIENTS_PER_PAGE = 50
# What the page reads of a log: the figures, the charts and the latest sessions' table.
LOG_FIELDS = (
    "assignment_id",
    "session_date",
    "session_number",
    "status",
    "pain_before",
    "pain_after",
    "note",
)
CLIENT_FILTERS = {
    "active": "Active",
    "attention": "Needs attention",
    "archived": "Archived",
}


def get_client(request, pk, queryset=None):
    """A client the user may see (Client.objects.visible_to), or 404: never 403, which would
    reveal that the client exists."""
    clients = (Client.objects if queryset is None else queryset).visible_to(request.user)
    return get_object_or_404(clients, pk=pk)


# The list's sorts, by a whitelisted `sort` parameter ("-" first: the other way round). The
# first direction is the one that puts who needs the trainer at the top.
CLIENT_SORTS = {
    "name": "Client",
    "last_session": "Last session",
    "adherence": "7-day adherence",
    "pain": "Latest pain",
}
FIRST_DIRECTION = {"name": "", "last_session": "", "adherence": "", "pain": "-"}


def _sort_order(sort):
    """The ORDER BY of a database sort; adherence is sorted in Python (see client_list)."""
    descending = sort.startswith("-")
    field = sort.lstrip("-")
    if field == "name":
        name = Lower("name")
        return [name.desc() if descending else name.asc(), "-pk" if descending else "pk"]
    column = F("last_session_on") if field == "last_session" else F("pain_now_or_logged")
    # Never logged comes first when sorting by oldest session: that client needs you most.
    if descending:
        ordered = column.desc(nulls_last=True)
    elif field == "last_session":
        ordered = column.asc(nulls_first=True)
    else:
        ordered = column.asc(nulls_last=True)
    return [ordered, Lower("name"), "pk"]


def _sorted_by_adherence(clients, descending, today):
    """Every matching client's id, ordered by 7-day adherence (nothing planned last), in the
    same two queries as the column: the figure comes from clients.adherence, its one home."""
    ids = list(clients.order_by(Lower("name"), "pk").values_list("pk", flat=True))
    week = adherence.week_adherence_by_client(ids, today)

    def key(pk):
        percent = week[pk].percent if pk in week else None
        if percent is None:
            return (1, 0)
        return (0, -percent if descending else percent)

    return sorted(ids, key=key), week  # stable: name order within a tie


def _sort_links(sort, page_query):
    """Each sortable column's header: its link (the other direction when it is the current
    sort) and its aria-sort."""
    current, descending = sort.lstrip("-"), sort.startswith("-")
    links = {}
    for field, label in CLIENT_SORTS.items():
        if field == current:
            next_sort = field if descending else f"-{field}"
            state = "descending" if descending else "ascending"
        else:
            next_sort, state = f"{FIRST_DIRECTION[field]}{field}", None
        links[field] = {
            "label": label,
            "query": f"{page_query}&{urlencode({'sort': next_sort})}",
            "aria_sort": state,
        }
    return links


@require_GET
@never_cache
def client_list(request):
    """The clients the viewer sees, drawn once per (viewer, query, day, the data generation of
    each trainer whose clients they see) and then read from the shared cache: a change to any
    of those clients moves a generation. Which trainers those are is itself remembered until a
    practice or a cover changes. No form on it posts."""
    if request.htmx and request.htmx.target == "client-results":
        part = "client-results"
    else:
        part = "client-list-page"
    today = timezone.localdate()

    def draw(cacheable):
        context = {**_client_list_context(request, today), "viewer_id": request.user.pk}
        return {part: render_to_string(f"{CLIENT_LIST}#{part}", context)}

    trainers = page_cache.remembered(
        page_cache.key("trainers-seen", request.user.pk, today),
        [freshness.PRACTICES_KEY],
        lambda: sorted(trainers_seen_by(request.user, today)),
    )
    asked = page_cache.digest(*sorted((name, *values) for name, values in request.GET.lists()))
    entry_key = page_cache.key("client-list", part, request.user.pk, today, asked)
    versions = [freshness.generation_key(trainer_id) for trainer_id in trainers]
    html = page_cache.fragments(None, entry_key, versions, draw)[part]
    if part == "client-results":
        return HttpResponse(html)
    return render(request, CLIENT_LIST, {"page_html": html})


def _client_list_context(request, today):
    query = request.GET.get("q", "").strip()[:100]
    shown = request.GET.get("show", "active")
    if shown not in CLIENT_FILTERS:
        shown = "active"
    sort = request.GET.get("sort", "name")
    if sort.lstrip("-") not in CLIENT_SORTS or sort.startswith("--"):
        sort = "name"
    clients = Client.objects.visible_to(request.user)
    archived = shown == "archived"
    clients = clients.filter(archived_at__isnull=not archived)
    if shown == "attention":
        clients = clients.needing_attention()
    if query:
        clients = clients.filter(Q(name__icontains=query) | Q(email__icontains=query))
    shown_clients = clients.select_related("latest_intake__clearance", "trainer")
    shown_clients = shown_clients.with_red_flag_reports()
    shown_clients = (
        shown_clients.with_session_summary()
        # As many as the client page shows rows: one per session's pain alerts.
        .annotate(open_alert_count=open_alert_row_count())
        .annotate(pain_now_or_logged=Coalesce("latest_pain", "latest_intake__pain_now"))
    )
    if sort.lstrip("-") == "adherence":
        ordered_ids, week = _sorted_by_adherence(clients, sort.startswith("-"), today)
        page = Paginator(ordered_ids, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
        found = shown_clients.in_bulk(page.object_list)
        rows = [found[pk] for pk in page.object_list if pk in found]
    else:
        ordered = shown_clients.order_by(*_sort_order(sort)) if sort != "name" else shown_clients
        page = Paginator(ordered, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        week = adherence.week_adherence_by_client([c.pk for c in rows], today)
    for client in rows:
        client.week_adherence = week.get(client.pk)
    filter_query = urlencode({"q": query, "show": shown})
    context = {
        "clients": with_urls(rows, "clients:client-detail"),
        "page": page,
        "query": query,
        "shown": shown,
        "sort": sort,
        "filters": CLIENT_FILTERS,
        "sort_links": _sort_links(sort, filter_query),
        "page_query": f"{filter_query}&{urlencode({'sort': sort})}",
    }
    return context


@require_http_methods(["GET", "POST"])
def client_create(request):
    client = Client(trainer=request.user, language=new_client_language(request.user))
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST":
        if form.is_valid():
            client = form.save()
            audit(request, client, AuditAction.CREATED, "client record")
            messages.success(request, f"{client.name} added. Next: their back-pain intake.")
            return redirect("clients:intake-create", pk=client.pk)
        return render(request, "clients/client_form.html", {"form": form}, status=422)
    return render(request, "clients/client_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def client_edit(request, pk):
    client = get_client(request, pk)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            audit(request, client, AuditAction.CHANGED, "client record")
            messages.success(request, "Saved.")
            return redirect(client)
        context = {"form": form, "client": client}
        return render(request, "clients/client_form.html", context, status=422)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@require_POST
def client_archive(request, pk):
    client = get_client(request, pk)
    client.archived_at = None if client.is_archived else timezone.now()
    client.save(update_fields=["archived_at"])
    state = "archived" if client.is_archived else "active again"
    messages.success(request, f"{client.name} is {state}.")
    return redirect(client)


def client_charts(intakes, assignments, logs, today):
    """The client page's five charts as HTML (a quarter of drawing the page; the page around
    them is cached, see client_detail_page)."""
    pain_chart, sitting_chart = intake_trends(intakes)
    weeks = adherence.weekly_adherence(assignments, logs, today)
    pain_logs = [
        log for log in reversed(logs) if log.pain_before is not None or log.pain_after is not None
    ]
    context = {
        "goal_chart": goal_trends(intakes),
        "pain_chart": pain_chart,
        "sitting_chart": sitting_chart,
        "weekly_chart": weekly_adherence_chart(weeks),
        "session_pain_chart": session_pain_chart(pain_logs[-30:]),
    }
    return {
        name.replace("-", "_"): render_to_string(f"{CLIENT_PAGE}#{name}", context)
        for name in ("progress-charts", "trend-charts")
    }


def client_detail_context(client, trainer):
    intakes = list(client.intakes.select_related("clearance"))
    latest = client.latest_intake
    cautions = client_cautions(latest)
    today = timezone.localdate()
    # Each step with how it felt to the client lately (clients.feedback): one that hurt or was
    # too much gets the easier version suggested; and with the last two weeks' figures that
    # progression reads (clients.progression), in the same query.
    steps = progression.with_window(
        with_feedback(AssignedStep.objects.select_related("stretch"), today), today
    )
    assignments = list(
        client.assignments.select_related("routine").prefetch_related(Prefetch("steps", steps))
    )
    current = [a for a in assignments if a.ended_at is None]
    all_steps = [step for a in current for step in a.steps.all()]
    loaded = {}

    def variations():  # one query, made only if a caution or a suggestion needs it
        if "all" not in loaded:
            loaded["all"] = progression.variations_for({step.stretch_id for step in all_steps})
        return loaded["all"]

    needed = getattr(client, "progression_sessions", None) or progression.DEFAULT_SESSIONS
    ready = progression.stretch_ids_needing_variations(all_steps, needed)
    suggested = progression.suggestions(client, all_steps, variations() if ready else {}, needed)
    stepping_down = {s.step.pk for s in suggested if not s.harder}
    codes = [caution.code for caution in cautions]
    warnings = caution_warnings(all_steps, codes, variations=variations)
    # One box per swap: a step-down the caution check offers too (same step, same stretch)
    # is shown once, in the suggestion's box, with both reasons and one button.
    offered = {(w.step.pk, w.easier.pk): w for w in warnings if w.easier}
    for suggestion in suggested:
        if not suggestion.harder:
            suggestion.caution = offered.pop((suggestion.step.pk, suggestion.to_stretch.pk), None)
    merged = {id(s.caution) for s in suggested if s.caution}
    warnings = [w for w in warnings if id(w) not in merged]
    # Each step's taps lately (clients.feedback): one that hurt or was too much gets the easier
    # version offered, from the same variations query as the caution warnings; a step the
    # caution check or progression already offers it for says so in that box instead.
    cautioned = {w.step.pk: w for w in warnings if w.easier}
    easier_swaps = []
    for step in all_steps:
        step.feedback_summary = summary(step)
        if not felt_uneasy(step) or step.pk in stepping_down:
            continue
        if step.pk in cautioned:
            cautioned[step.pk].felt_uneasy = True
            continue
        easier = variations().get(step.stretch_id, {}).get("easier")
        if easier:
            easier_swaps.append((step, easier[0]))
    # One query for every figure below: the last 8 weeks of session logs.
    replies = SessionReply.objects.filter(session_log=OuterRef("pk")).values("session_log")
    logs = list(
        client.session_logs.filter(session_date__gte=today - timedelta(weeks=8))
        .select_related("assignment")
        # How many replies each session has, in the same query; the thread loads when opened.
        .annotate(reply_count=Subquery(replies.annotate(n=Count("pk")).values("n")[:1]))
        .only(*LOG_FIELDS, "assignment__title")
        .order_by("-session_date", "-session_number")
    )

    windows = adherence.recent_windows(today)
    counts = adherence.counts_from_logs(logs, windows, today)
    recent_logs = logs[:10]
    for log in recent_logs:
        log.reply_form = SessionReplyForm(instance=SessionReply(session_log=log), client=client)

    def recent(name, for_assignments):
        return adherence.window_adherence(for_assignments, counts, name, windows[name], today)

    rows = [
        {
            "assignment": a,
            "suggestions": [s for s in suggested if s.step.assignment_id == a.pk],
            "week": recent("week", [a]),
            "month": recent("month", [a]),
            "warnings": [w for w in warnings if w.step.assignment_id == a.pk],
            "easier_swaps": [(s, to) for s, to in easier_swaps if s.assignment_id == a.pk],
            "routine_changed": a.routine.version != a.routine_version,
        }
        for a in current
    ]
    share_link = client.live_link
    return {
        "client": client,
        "safety": client.safety,
        "latest": latest,
        "intakes": intakes,
        "charts": client_charts(intakes, assignments, logs, today),
        "cautions": cautions,
        "assignment_rows": rows,
        "ended_assignments": [a for a in assignments if a.ended_at is not None],
        "adherence_month": recent("month", current),
        "streak": adherence.streak(logs, today, assignments),
        "share_link": share_link,
        "recent_logs": recent_logs,
        "open_alerts": alert_rows(
            client.alerts.filter(handled_at__isnull=True).select_related(
                "session_log", "feedback__stretch"
            )[:20]
        ),
        "clearance_form": ClearanceForm(initial={"cleared_on": timezone.localdate()}),
        # The client's page shows this trainer's contact: none set, a warning by the link.
        "contact_missing": not can_be_reached(client.trainer),
        "report_clearance_form": ClearanceForm(
            prefix="report", initial={"cleared_on": timezone.localdate()}
        ),
        "access_history": AuditEvent.objects.about(client).select_related("actor")[:15],
        "assignment_form": AssignmentForm(trainer=trainer),
        "link_form": ShareLinkForm(replacing=share_link is not None),
    }


def _page_client(request, pk):
    """The client for the page, in the cheapest query that can answer: the viewer's own client
    (the first clause of Client.objects.visible_to) first, then the whole rule. Compiling the
    page's former query, with its seven subqueries, cost more than the rest of a cached visit.
    Read with it: the sum of the versions of the routines the client is assigned (a version
    only grows, so any edit of one changes the sum: "routine changed, update the copy")."""
    assigned = (
        Routine.objects.filter(assignments__client=OuterRef("pk"))
        .order_by()
        .values("assignments__client")
        .annotate(total=Sum("version"))
        .values("total")
    )
    clients = Client.objects.select_related("trainer").annotate(
        assigned_routines_version=Subquery(assigned)
    )
    own = next(iter(clients.filter(pk=pk, trainer=request.user)[:1]), None)
    return own or get_client(request, pk, clients)


def client_detail_page(request, client, status=200, reply_form=None, **overrides):
    """The client page. Below the layout it is drawn once per (client, viewer, day, data
    versions) and then read from the shared cache, with this request's CSRF token put in;
    a form sent back with its errors (`overrides`, `reply_form`) is drawn for that request
    alone."""
    viewer = {"viewer_id": request.user.pk, "site_root": f"{request.scheme}://{request.get_host()}"}

    def context():
        # Whether the viewer owns the client's practice (and may move the client), the page's
        # relations (latest intake, clearance, the live link): read when drawing, not per visit.
        relations = Client.objects.with_page_relations().with_viewer_owning_practice(request.user)
        drawn = relations.select_related("trainer").get(pk=client.pk)
        return {**client_detail_context(drawn, request.user), **viewer}

    if overrides or reply_form:
        context = {**context(), **overrides}
        for log in context["recent_logs"] if reply_form else ():
            if log.pk == reply_form.instance.session_log_id:
                log.reply_form = reply_form  # refused: shown again with its message
        return render(request, CLIENT_PAGE, context, status=status)

    def draw(cacheable):
        return {"page": render_to_string(f"{CLIENT_PAGE}#client-page", {**context(), **cacheable})}

    # What the page shows that no version below covers: the address the link is shown with,
    # the name of the client's trainer (when it is not the viewer), the assigned routines.
    shown = page_cache.digest(
        viewer["site_root"],
        client.trainer.get_full_name() if client.trainer_id != request.user.pk else "",
        getattr(client, "assigned_routines_version", None),
    )
    today = timezone.localdate()
    entry_key = page_cache.key("client-page", client.pk, request.user.pk, today, shown)
    versions = [
        # Everything about the trainer's clients: the client, intakes, plans, logs, alerts, the
        # private link (it expires at the end of a day, and the day is in the key).
        freshness.generation_key(client.trainer_id),
        # The viewer's routines: the "assign a routine" choices.
        routine_versions.routines_key(request.user.pk),
        # Stretch names, cautions and easier versions in the plans.
        routine_versions.STRETCHES_KEY,
        # Practices and covers: whether the viewer may move the client to another trainer.
        freshness.PRACTICES_KEY,
        # The contact the client's page shows (the warning by the private link when none).
        freshness.trainer_contact_key(client.trainer_id),
    ]
    page = page_cache.fragments(request, entry_key, versions, draw)["page"]
    return render(request, CLIENT_PAGE, {"client": client, "page_html": page}, status=status)


@require_GET
@never_cache
def client_detail(request, pk):
    client = _page_client(request, pk)
    audit(request, client, AuditAction.VIEWED, "client page with the latest intake")
    return client_detail_page(request, client)


@require_GET
@never_cache
def access_history(request, pk):
    """The client page's "Access history", loaded when opened: not a query on every visit."""
    client = get_client(request, pk)
    events = AuditEvent.objects.about(client)
    context = {"client": client, "access_history": events.select_related("actor")[:30]}
    if request.htmx:
        return render(request, "clients/client_detail.html#access-history", context)
    return render(request, "clients/access_history.html", context)


def _export_rows(client):
    intakes = client.intakes.select_related("clearance").order_by("assessed_on", "created_at")
    fields = [f for f in Intake._meta.concrete_fields if f.name not in {"client"}]
    clearance_fields = [
        f for f in MedicalClearance._meta.concrete_fields if f.name not in {"id", "intake"}
    ]
    for intake in intakes:
        row = {f.attname: getattr(intake, f.attname) for f in fields}
        clearance = getattr(intake, "clearance", None)
        for f in clearance_fields:
            row[f"clearance_{f.attname}"] = getattr(clearance, f.attname) if clearance else None
        yield row


def _client_record(client):
    return {
        f.attname: getattr(client, f.attname)
        for f in Client._meta.concrete_fields
        if f.name not in {"trainer", "latest_intake"}
    }


@require_GET
@never_cache
def client_export(request, pk, file_format):
    """Everything stored about one client, for a subject access request or a move elsewhere."""
    client = get_client(request, pk)
    audit(request, client, AuditAction.EXPORTED, f"everything, as {file_format.upper()}")
    filename = f"client-{client.pk}-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == "json":
        data = {
            "exported_at": timezone.now(),
            "client": _client_record(client),
            "intakes": list(_export_rows(client)),
            "assignments": list(
                client.assignments.values(
                    "id",
                    "title",
                    "sessions_per_day",
                    "weekdays",
                    "starts_on",
                    "ends_on",
                    "created_at",
                    "ended_at",
                )
            ),
            "session_logs": list(
                client.session_logs.values(
                    "assignment_id",
                    "session_date",
                    "session_number",
                    "status",
                    "pain_before",
                    "pain_after",
                    "new_red_flag",
                    "note",
                    "logged_at",
                )
            ),
            "stretch_feedback": list(
                StretchFeedback.objects.filter(session_log__client=client).values(
                    "session_log__session_date",
                    "session_log__session_number",
                    "session_log__assignment_id",
                    "position",
                    "stretch__name",
                    "feeling",
                )
            ),
            "alerts": list(
                client.alerts.values(
                    "kind",
                    "created_at",
                    "handled_at",
                    "handled_note",
                    "clearance__cleared_by",
                    "clearance__cleared_on",
                    "clearance__details",
                )
            ),
            "session_replies": list(
                client.session_replies.values(
                    "session_log__session_date",
                    "session_log__session_number",
                    "text",
                    "created_at",
                    "emailed_at",
                )
            ),
        }
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json",
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        client_columns = {f"client_{key}": value for key, value in _client_record(client).items()}
        rows = [{**client_columns, **row} for row in _export_rows(client)] or [client_columns]
        writer = csv.DictWriter(response, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    key: formula_safe("; ".join(value) if isinstance(value, list) else value)
                    for key, value in row.items()
                }
            )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@never_cache
def client_erase(request, pk):
    """Erase a client and everything derived from them, after typing their name."""
    client = get_client(request, pk)
    form = EraseClientForm(request.POST or None, client=client)
    if request.method == "POST":
        if form.is_valid():
            name = client.name
            audit(request, client, AuditAction.ERASED, "client and everything derived")
            client.delete()
            messages.success(request, f"{name} and all their records were erased.")
            return redirect("clients:client-list")
        return render(
            request, "clients/client_erase.html", {"form": form, "client": client}, status=422
        )
    return render(request, "clients/client_erase.html", {"form": form, "client": client})
