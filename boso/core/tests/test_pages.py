"""The frame every page shares: health check, headers, error pages, formats, language."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from boso.core.formatting import format_date, format_number, parse_date


def test_healthz_answers_without_sessions_or_hosts() -> None:
    response = Client(HTTP_HOST="10.1.2.3:8080").get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
    assert "Vary" not in response


@pytest.mark.django_db
def test_pages_send_security_headers() -> None:
    response = Client().get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_layout_has_skip_link_nav_and_language_switch() -> None:
    html = Client().get("/kommuner/").content.decode()
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert 'aria-label="Hovedmeny"' in html
    assert 'aria-current="page"' in html
    assert 'name="language" value="en"' in html
    assert 'lang="nb"' in html


@pytest.mark.django_db
def test_language_switch_works_without_javascript() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kommuner/"})
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/kommuner/").content.decode()


@pytest.mark.django_db
def test_friendly_404_names_what_was_missing() -> None:
    response = Client().get("/kommuner/0000/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Fant ikke siden" in html
    assert "0000" in html


@pytest.mark.django_db
def test_bad_date_gets_a_clear_400() -> None:
    response = Client().get("/kommuner/", {"dato": "31.02.2010"})
    assert response.status_code == 400
    assert "er ikke en dato" in response.content.decode()
    early = Client().get("/kommuner/", {"dato": "01.01.1990"}).content.decode()
    assert "01.01.2008" in early


@pytest.mark.django_db
def test_search_form_works_without_javascript_and_as_htmx() -> None:
    html = Client().get("/kommuner/", {"q": "drammen", "dato": "31.03.2010"}).content.decode()
    assert "0602" in html
    assert "<html" in html
    partial = Client().get("/kommuner/", {"q": "drammen"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert "3301" in partial.content.decode()


@pytest.mark.django_db
def test_municipality_page_shows_norwegian_dates() -> None:
    html = Client().get("/kommuner/3301/").content.decode()
    assert "01.01.2024" in html
    assert "0602 Drammen" in html
    assert "0711 Svelvik" in html


def test_500_page_stands_alone() -> None:
    from boso.core.views import server_error

    response = server_error(None)  # type: ignore[arg-type]
    assert response.status_code == 500
    assert "Beklager" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (Decimal("1234567.5"), None, "1\u00a0234\u00a0567,5"),
        (60145, None, "60\u00a0145"),
        (Decimal("7.25"), 1, "7,3"),
        (Decimal("-1500"), 0, "\u22121\u00a0500"),
        (None, None, ""),
        (0, 2, "0,00"),
    ],
)
def test_norwegian_numbers(value, decimals, text: str) -> None:
    assert format_number(value, decimals) == text


def test_norwegian_dates() -> None:
    assert format_date(datetime.date(2010, 3, 31)) == "31.03.2010"
    assert parse_date("31.03.2010") == parse_date("2010-03-31") == datetime.date(2010, 3, 31)
    with pytest.raises(ValueError, match=r"31\.03\.2010"):
        parse_date("31/03/2010")


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_page_query_counts_do_not_grow_with_data(users) -> None:
    client = Client()
    client.force_login(users["advisor"])
    assert _queries(client, "/kommuner/?q=Drammen") == _queries(client, "/kommuner/")
    assert _queries(client, "/kommuner/0301/") == _queries(client, "/kommuner/1508/")
    assert _queries(client, "/regioner/bodo/") == _queries(client, "/regioner/ost/")


@pytest.mark.django_db
def test_unknown_host_gets_the_400_page_not_a_server_error() -> None:
    # The host check fails before the authentication middleware sets request.user.
    response = Client(HTTP_HOST="angriper.example").get("/")
    assert response.status_code == 400
    assert "<html" in response.content.decode()
