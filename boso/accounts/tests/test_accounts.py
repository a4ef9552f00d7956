"""Accounts: scopes, tokens, generic login errors, throttling and audit history."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from boso.accounts import predicates, services
from boso.accounts.choices import Role
from boso.accounts.models import User
from boso.municipalities import selectors
from boso.municipalities.models import Municipality

pytestmark = pytest.mark.django_db


def test_scopes_are_enforced() -> None:
    with pytest.raises(ValidationError, match="needs a region"):
        services.user_create_or_update(username="x", password="pw-123456789", role=Role.ADVISOR)
    with pytest.raises(ValidationError, match="needs a municipality"):
        services.user_create_or_update(username="y", password="pw-123456789", role=Role.READER)


def test_passwords_are_hashed_with_argon2(users) -> None:
    assert users["admin"].password.startswith("argon2")


def test_only_administrators_get_the_admin_site(users) -> None:
    assert users["admin"].is_staff
    assert not any(users[r].is_staff for r in ("advisor", "coordinator", "reader"))


def test_role_changes_are_audited(users) -> None:
    user = users["reader"]
    services.user_create_or_update(
        username=user.username,
        password="pw-123456789",
        role=Role.COORDINATOR,
        municipality=user.municipality,
    )
    roles = list(user.history.order_by("history_date").values_list("role", flat=True))
    assert roles[-2:] == ["reader", "coordinator"]
    assert "password" not in {f.name for f in User.history.model._meta.get_fields()}


def test_token_is_shown_once_and_stored_as_a_hash(users) -> None:
    token, raw = services.api_token_create(user=users["coordinator"], name="rapport")
    assert raw.startswith("boso_")
    assert raw not in (token.key_hash, token.prefix)
    assert services.api_token_authenticate(raw=raw) == users["coordinator"]
    assert services.api_token_authenticate(raw=raw + "x") is None


def test_token_needs_a_name(users) -> None:
    with pytest.raises(ValidationError):
        services.api_token_create(user=users["coordinator"], name="  ")


def test_inactive_users_tokens_stop_working(users) -> None:
    _token, raw = services.api_token_create(user=users["coordinator"], name="x")
    User.objects.filter(pk=users["coordinator"].pk).update(is_active=False)
    assert services.api_token_authenticate(raw=raw) is None


def test_coordinator_owns_the_earlier_numbers_of_the_municipality(users) -> None:
    coordinator = users["coordinator"]  # scoped to 3301 Drammen
    assert predicates.belongs_to_municipality(coordinator, selectors.municipality_get("0602"))
    assert predicates.belongs_to_municipality(coordinator, selectors.municipality_get("3301"))
    assert predicates.belongs_to_municipality(coordinator, selectors.municipality_get("3005"))
    assert not predicates.belongs_to_municipality(coordinator, selectors.municipality_get("0625"))
    assert not predicates.belongs_to_municipality(coordinator, selectors.municipality_get("3405"))
    assert not predicates.belongs_to_municipality(users["advisor"], coordinator.municipality)


def test_split_off_parts_are_their_own_municipality() -> None:
    haram = selectors.municipality_get("1580")
    alesund = selectors.municipality_get("1508")
    assert selectors.municipality_lineage_ids(haram) == {haram.pk}
    lineage = selectors.municipality_lineage_ids(alesund)
    assert {m.code for m in Municipality.objects.filter(pk__in=lineage)} == {"1508", "1507", "1504"}


def test_createsuperuser_makes_an_administrator() -> None:
    user = User.objects.create_superuser("hb-admin", "admin@husbanken.example", "pw-1234567890")
    assert user.role == Role.ADMIN


def test_advisor_scope(users) -> None:
    assert predicates.advises_region(users["advisor"], users["advisor"].region)
    assert not predicates.advises_region(users["advisor_other"], users["advisor"].region)


def _login(client: Client, username: str, password: str):
    return client.post(
        "/logg-inn/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7"
    )


def test_wrong_username_and_wrong_password_read_the_same(password) -> None:
    wrong_user = _login(Client(), "nobody", password).content.decode()
    wrong_password = _login(Client(), "admin", "wrong").content.decode()
    assert "Feil brukernavn eller passord." in wrong_user
    assert "Feil brukernavn eller passord." in wrong_password


def test_repeated_failures_lock_out(password, settings) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "radgiver.ost", "wrong")
    locked = _login(client, "radgiver.ost", password)
    assert locked.status_code == 429
    assert "For mange mislykkede innlogginger" in locked.content.decode()
    # Another account from the same address is not locked.
    assert _login(Client(), "radgiver.sor", password).status_code == 302


def test_login_and_logout(password) -> None:
    client = Client()
    response = _login(client, "koordinator.drammen", password)
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Kommunal programkoordinator" in page
    assert "Drammen" in page
    assert client.post("/logg-ut/").status_code == 302
    assert "Logg inn" in client.get("/").content.decode()


def test_new_token_is_shown_once_and_a_reload_makes_no_second(users) -> None:
    client = Client()
    client.force_login(users["reader"])
    response = client.post("/konto/", {"name": "uttrekk"}, follow=True)
    html = response.content.decode()
    assert "Kopier den nå" in html
    assert users["reader"].api_tokens.count() == 1
    assert "Kopier den nå" not in client.get("/konto/").content.decode()
    assert users["reader"].api_tokens.count() == 1
