from django.urls import NoReverseMatch, reverse

# (label, URL name); a page belongs to the section whose URL its path starts with.
MAIN_NAV = [
    ("Dashboard", "clients:dashboard"),
    ("Clients", "clients:client-list"),
    ("Routines", "routines:routine-list"),
    ("Library", "routines:library"),
]


def main_nav(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for label, url_name in MAIN_NAV:
        try:
            url = reverse(url_name)
        except NoReverseMatch:  # a section whose app is not wired up yet
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return {"main_nav": items}
