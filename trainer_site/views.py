"""Project-wide views: health check, trainer sign-up and the friendly error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from practices.membership import colleagues_of, start_practice
from practices.models import Practice
from routines import photos
from routines.models import Stretch
from trainer_site import health
from trainer_site.forms import SignUpForm, signup_tokens
from trainer_site.mail import enqueue_after_response
from trainer_site.tasks import send_account_mail


@login_not_required
@require_GET
@never_cache
def healthz(request):
    """Which dependencies answer (trainer_site.health): 200 when all do, else 503, the first
    line naming what does not. For load balancers and monitors."""
    healthy, lines = health.report()
    return HttpResponse(
        "\n".join(lines) + "\n", status=200 if healthy else 503, content_type="text/plain"
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    """Sign-up answers the same whether or not the address already has an account: it says a
    link was mailed. A new address gets the link that confirms the account; the owner of a
    known address gets a note (or, for an account never confirmed, its link again)."""
    if request.user.is_authenticated:
        return redirect("clients:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "registration/signup.html", {"form": form}, status=422)
        email = form.cleaned_data["email"]
        owner = User.objects.filter(email__iexact=email).first()
        if owner is None:
            user = form.save(commit=False)
            user.is_active = False  # until the link in the mail is opened
            user.save()
            start_practice(user)  # a practice of one; a solo trainer never sees it
            _queue_signup_mail(request, user, "signup-confirm")
        else:
            # Hash the password all the same: a new account's hashing takes as long.
            make_password(form.cleaned_data["password1"])
            never_confirmed = not owner.is_active and owner.last_login is None
            kind = "signup-confirm" if never_confirmed else "signup-existing"
            _queue_signup_mail(request, owner, kind)
        return render(request, "registration/signup_sent.html", {"email": email})
    return render(request, "registration/signup.html", {"form": form})


def _queue_signup_mail(request, user, kind):
    # The task writes the mail, with its confirmation link, after the response has gone out.
    enqueue_after_response(send_account_mail, kind, user.pk, request.build_absolute_uri("/")[:-1])


@login_not_required
@require_http_methods(["GET", "POST"])
def signup_confirm(request, uidb64, token):
    """The link from the sign-up mail. GET asks for one click (mail scanners open links on
    their own); POST turns the account on and signs the trainer in."""
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64)))
    except (ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not signup_tokens.check_token(user, token):
        return render(request, "registration/signup_link_invalid.html", status=404)
    if request.method == "POST":
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        # The dashboard's heading greets them: the message says what happened, not hello again.
        messages.success(request, "Your account is ready.")
        return redirect("clients:dashboard")
    return render(request, "registration/signup_confirm.html", {"confirming": user})


@login_not_required
@require_GET
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page declares; send them to the real icon.
    return redirect(static("img/favicon.svg"), permanent=True)


@login_not_required  # library photos are public; clients' pages reach private ones by grant
@require_GET
def stretch_photo(request, path):
    """Uploaded stretch photos, served to whoever may see them (routines.photos has the rules;
    here because the colleagues who may see a shared stretch are the practices app's)."""
    name = f"{photos.PREFIX}{path}"
    stretch = Stretch.objects.filter(Q(photo=name) | Q(photo_thumbnail=name)).first()
    colleagues = colleagues_of(request.user) if request.user.is_authenticated else None
    # 404, not 403: do not reveal that the photo exists.
    if stretch is None or not photos.may_see(request, stretch, name, colleagues):
        raise Http404
    return photos.serve(name, public=not stretch.is_private)


@login_not_required
@require_GET
def practice_logo(request, path):
    # Practice logos are re-encoded WebP (routines.images) shown on clients' pages without a
    # login. Only a name some practice holds is served: the same storage keeps private photos.
    name = f"logos/{path}"
    if not Practice.objects.filter(logo=name).exists():
        raise Http404
    response = photos.serve(name, public=True)
    if response.status_code == 200:  # from the local disk: a new logo may reuse the name
        response["Cache-Control"] = "public, max-age=86400"
    return response


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
@require_GET
def bench_floor(request):
    """The benchmark's yardstick: 30 rows from one indexed query, in the project's layout and
    through all its middleware, served by the same process as the real pages (make bench).
    A 404 unless BENCH_FLOOR is on."""
    if not settings.BENCH_FLOOR:
        raise Http404
    from clients.models import Client

    # order_by("pk") replaces Client.Meta.ordering (LOWER(name)), which would sort every client
    # in the database before taking 30: the primary key's index hands over the first 30 rows.
    rows = Client.objects.order_by("pk").values_list("pk", "name")[:30]
    return render(request, "bench_floor.html", {"rows": rows})
