"""The client's address as seen through a known number of reverse proxies.

Each trusted proxy appends the address it received the request from to
X-Forwarded-For, so with N proxies the client is the N-th entry from the right;
anything further left was written by the client and cannot be trusted.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    count: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote  # the request did not come through all the proxies
    return forwarded[-count]
