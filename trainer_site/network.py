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
