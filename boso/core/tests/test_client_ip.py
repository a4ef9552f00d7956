import pytest
from django.test import RequestFactory

from boso.core.client_ip import client_ip


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxies trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client cannot spoof the left part
        (2, "203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1"),  # too few hops: did not pass all proxies
    ],
)
def test_client_ip_through_trusted_proxies(settings, count, forwarded, expected) -> None:
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_lockout_follows_the_forwarded_client(settings, password) -> None:
    from django.test import Client

    settings.TRUSTED_PROXY_COUNT = 1

    def login(secret: str, forwarded_for: str) -> int:
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
        data = {"username": "leser.drammen", "password": secret}
        return client.post("/logg-inn/", data).status_code

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login("wrong", "198.51.100.7")
    assert login(password, "198.51.100.7") == 429
    # A colleague behind the same proxy is not locked out by the attacker.
    assert login(password, "203.0.113.20") == 302
