"""Project-wide views: health check, trainer sign-up and the friendly error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django.views.static import serve

from trainer_site.forms import SignUpForm


@login_not_required
@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("clients:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome to Psoas Coach, {user.first_name}.")
            return redirect("clients:dashboard")
        return render(request, "registration/signup.html", {"form": form}, status=422)
    return render(request, "registration/signup.html", {"form": form})


@login_not_required
@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page declares; send them to the real icon.
    return redirect(static("img/favicon.svg"), permanent=True)


@login_not_required
@require_GET
def stretch_media(request, path):
    # Stretch photos are re-encoded WebP with no personal data, and the client's shared page
    # shows them without a login. serve() refuses paths that climb out of the folder.
    response = serve(request, path, document_root=settings.MEDIA_ROOT / "stretches")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
@require_GET
def bench_floor(request):
    """The benchmark's yardstick: a minimal page listing 30 rows from one query, served by the
    same process as the real pages (make bench). A 404 unless BENCH_FLOOR is on."""
    if not settings.BENCH_FLOOR:
        raise Http404
    from clients.models import Client

    rows = Client.objects.values_list("name", flat=True)[:30]
    return render(request, "bench_floor.html", {"rows": rows})
