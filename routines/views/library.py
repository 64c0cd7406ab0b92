from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from routines.forms import LibraryFilterForm, OwnStretchForm
from routines.freshness import STRETCHES_KEY
from routines.models import CautionTag, Stretch, StretchVariation, TargetArea
from trainer_site import page_cache

LIBRARY = "routines/library.html"
LIBRARY_PAGE_SIZE = 24


@require_GET
def library(request):
    """The library with its filters. Drawn once per (viewer, query, the stretches' version) and
    then read from the shared cache: the viewer's own stretches are in it (and drafts for
    staff), and any change to a stretch or its tags moves the version. No form on it posts."""
    if request.htmx and request.htmx.target == "stretch-results":
        part = "stretch-results"
    else:
        part = "library-page"

    def draw(cacheable):
        stretches = Stretch.objects.visible_to(request.user).with_tags()
        filters = LibraryFilterForm(
            request.GET,
            target_areas=TargetArea.objects.all(),
            caution_tags=CautionTag.objects.all(),
        )
        paginator = Paginator(filters.filter(stretches), LIBRARY_PAGE_SIZE)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filters": filters,
            "page": paginator.get_page(request.GET.get("page")),
            "query": query.urlencode(),
        }
        return {part: render_to_string(f"{LIBRARY}#{part}", context)}

    asked = page_cache.digest(*sorted((name, *values) for name, values in request.GET.lists()))
    viewer = (request.user.pk, request.user.is_staff)
    entry_key = page_cache.key("library", part, *viewer, asked)
    html = page_cache.fragments(None, entry_key, [STRETCHES_KEY], draw)[part]
    if part == "stretch-results":
        return HttpResponse(html)
    return render(request, LIBRARY, {"page_html": html})


def _get_visible_stretch(request, slug):
    visible = Stretch.objects.visible_to(request.user)
    variations = StretchVariation.objects.filter(to_stretch__in=visible).select_related(
        "to_stretch"
    )
    return get_object_or_404(
        visible.with_tags().prefetch_related(
            "props", "steps", Prefetch("variation_links", queryset=variations)
        ),
        slug=slug,
    )


@require_GET
def stretch_detail(request, slug):
    stretch = _get_visible_stretch(request, slug)
    variations = list(stretch.variation_links.all())
    return render(
        request,
        "routines/stretch_detail.html",
        {
            "stretch": stretch,
            "easier": [link.to_stretch for link in variations if link.kind == "easier"],
            "harder": [link.to_stretch for link in variations if link.kind == "harder"],
        },
    )


@require_http_methods(["GET", "POST"])
def stretch_create(request):
    form = OwnStretchForm(
        request.POST or None, request.FILES or None, instance=Stretch(owner=request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            stretch = form.save()
            messages.success(request, f"“{stretch.name}” is in your library. Only you can see it.")
            return redirect(stretch)
        return render(request, "routines/stretch_form.html", {"form": form}, status=422)
    return render(request, "routines/stretch_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def stretch_edit(request, slug):
    stretch = get_object_or_404(Stretch.objects.owned_by(request.user), slug=slug)
    form = OwnStretchForm(request.POST or None, request.FILES or None, instance=stretch)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Changes saved.")
            return redirect(stretch)
        context = {"form": form, "stretch": stretch}
        return render(request, "routines/stretch_form.html", context, status=422)
    return render(request, "routines/stretch_form.html", {"form": form, "stretch": stretch})


@require_POST
def stretch_delete(request, slug):
    stretch = get_object_or_404(Stretch.objects.owned_by(request.user), slug=slug)
    stretch.delete()
    messages.success(request, f"“{stretch.name}” was deleted.")
    return redirect("routines:library")
