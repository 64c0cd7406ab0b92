"""The trainer's replies to a client's logged sessions (the coaching loop's "answer")."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clients.forms import SessionReplyForm
from clients.models import SessionReply
from clients.views.clients import client_detail_page, get_client

THREAD = "clients/client_detail.html#session-replies"
QUEUE_REPLY = "clients/dashboard.html#queue-reply"


@require_http_methods(["GET", "POST"])
@never_cache
def session_reply(request, pk, log_pk):
    """GET: the session's thread with its form (the client page loads it when opened);
    POST: a new reply, from the client page or the dashboard's attention queue."""
    client = get_client(request, pk)
    log = get_object_or_404(client.session_logs, pk=log_pk)
    if request.method == "GET":
        if not request.htmx:
            return redirect(f"{client.get_absolute_url()}#log-{log.pk}-replies")
        context = {
            "client": client,
            "log": log,
            "replies": log.replies.select_related("author"),
            "reply_form": SessionReplyForm(instance=SessionReply(session_log=log), client=client),
            "thread_open": True,
        }
        return render(request, THREAD, context)
    reply = SessionReply(session_log=log, client=client, author=request.user)
    form = SessionReplyForm(request.POST, instance=reply, client=client)
    valid = form.is_valid()
    if valid:
        form.save()
    if request.htmx and request.htmx.target == f"queue-reply-{log.pk}":
        # Written in the dashboard's attention queue: the item shows what was sent.
        log.replied = True
        context = {"client": client, "log": log, "reply_form": form, "sent": valid and reply}
        return render(request, QUEUE_REPLY, context, status=200 if valid else 422)
    if request.htmx:
        context = {
            "client": client,
            "log": log,
            "replies": log.replies.select_related("author"),
            "reply_form": SessionReplyForm(instance=SessionReply(session_log=log), client=client)
            if valid
            else form,
            "replied": valid,
            "thread_open": True,
        }
        return render(request, THREAD, context, status=200 if valid else 422)
    if valid:
        messages.success(request, "Reply sent: the client sees it on their page.")
        return redirect(f"{client.get_absolute_url()}#log-{log.pk}-replies")
    return client_detail_page(request, client, status=422, reply_form=form)
