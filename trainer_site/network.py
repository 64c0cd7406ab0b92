"""The visitor's IP address, for rate limits and sign-in lockouts."""

from django.conf import settings


def client_ip(request):
    """The socket's address, or the one our own proxies saw (TRUSTED_PROXY_COUNT hops).

    X-Forwarded-For is only trusted that far: a client can put anything in front of it."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def is_same_origin(request):
    """Whether an unsafe request (a form post) comes from one of the site's own pages, by what
    every current browser says about it: Sec-Fetch-Site, else Origin. A request with neither
    header is not from a browser (or from one too old to send Origin on a POST): no cookie or
    other ambient credential rides along with it, so there is no forgery to refuse.

    Used instead of a CSRF token where a page must be the same for every visit (the client's
    private page, docs/security.md)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        # "none": the user's own action (typed, bookmarked); never another site's page.
        return site in {"same-origin", "none"}
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin == f"{request.scheme}://{request.get_host()}" or origin in set(
        settings.CSRF_TRUSTED_ORIGINS
    )
