"""Every URL of the project, for every role, against the status it must answer.

The table is the one place that says who may reach what. A new URL without a row here fails
`test_every_url_is_in_the_permission_table`; later issues extend the table with their URLs.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import client_for
from tests.permission_support import (
    ROLES,
    Row,
    _all,
    _logged_in,
    _slug,
    expected,
    make_ex_member,
)

TABLE = [
    # Editions
    Row("editions:home", lambda w: reverse("editions:home"), _all(200)),
    Row("editions:detail", lambda w: reverse("editions:detail", kwargs=_slug(w)), _all(200)),
    Row(
        "editions:my_dashboard",
        lambda w: reverse("editions:my_dashboard"),
        _logged_in(302),  # members go to their dashboard, others to their profile
    ),
    Row(
        "editions:dashboard",
        lambda w: reverse("editions:dashboard", kwargs=_slug(w)),
        {"visitor": 302, "outsider": 403, "participant": 200, "facilitator": 200, "staff": 200},
    ),
    Row(
        "editions:change_phase",
        lambda w: reverse("editions:change_phase", kwargs=_slug(w)),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 200, "staff": 200},
    ),
    Row(
        "editions:change_phase",
        lambda w: reverse("editions:change_phase", kwargs=_slug(w)),
        {"visitor": 302, "outsider": 403, "participant": 403, "facilitator": 302, "staff": 302},
        method="post",
        data={"phase": "building"},
    ),
    # People
    Row("accounts:profile", lambda w: reverse("accounts:profile"), _logged_in(200)),
    Row(
        "accounts:person",
        lambda w: reverse("accounts:person", kwargs={"pk": w.other.pk}),
        {"visitor": 302, "outsider": 404, "participant": 200, "facilitator": 200, "staff": 200},
    ),
    Row(
        "accounts:photo",
        lambda w: reverse("accounts:photo", kwargs={"pk": w.other.pk}),
        {"visitor": 302, "outsider": 404, "participant": 200, "facilitator": 200, "staff": 200},
    ),
    # Language switch: everyone, by POST
    Row(
        "set_language",
        lambda w: reverse("set_language"),
        _all(302),
        method="post",
        data={"language": "en", "next": "/"},
    ),
    # Accounts (django-allauth). Logged-in people are sent on from the entrance pages.
    Row("account_login", lambda w: reverse("account_login"), _logged_in(302, visitor=200)),
    Row("account_logout", lambda w: reverse("account_logout"), _logged_in(200)),
    Row("account_inactive", lambda w: reverse("account_inactive"), _all(200)),
    # Sign-up is closed: people join by application or invitation.
    Row("account_signup", lambda w: reverse("account_signup"), _logged_in(302, visitor=200)),
    Row("account_reauthenticate", lambda w: reverse("account_reauthenticate"), _logged_in(200)),
    Row("account_email", lambda w: reverse("account_email"), _logged_in(200)),
    Row(
        "account_email_verification_sent",
        lambda w: reverse("account_email_verification_sent"),
        _all(200),
    ),
    Row("account_change_password", lambda w: reverse("account_change_password"), _logged_in(200)),
    Row("account_set_password", lambda w: reverse("account_set_password"), _logged_in(302)),
    Row("account_reset_password", lambda w: reverse("account_reset_password"), _all(200)),
    Row(
        "account_confirm_login_code",
        lambda w: reverse("account_confirm_login_code"),
        _all(302),  # no code was requested: back to the login page or on to the dashboard
    ),
    Row(
        "account_confirm_email",
        lambda w: reverse("account_confirm_email", kwargs={"key": "not-a-key"}),
        _all(200),  # shows that the link is invalid
    ),
    Row(
        "account_reset_password_from_key",
        lambda w: reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "not-a-key"}
        ),
        _all(200),  # shows that the link is invalid
    ),
    Row(
        "account_reset_password_from_key_done",
        lambda w: reverse("account_reset_password_from_key_done"),
        _all(200),
    ),
    Row("account_reset_password_done", lambda w: reverse("account_reset_password_done"), _all(200)),
]


# Later parts add their rows in tests/<app>/permission_rows.py as ROWS (a list of Row).
def _extra_rows() -> list[Row]:
    import importlib
    import pkgutil

    import tests

    rows = []
    for module in pkgutil.iter_modules(tests.__path__):
        try:
            extra = importlib.import_module(f"tests.{module.name}.permission_rows")
        except ModuleNotFoundError:
            continue
        rows.extend(extra.ROWS)
    return rows


TABLE = TABLE + _extra_rows()


def _project_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # the admin is checked by test_admin_is_for_staff_only
                ns = pattern.namespace or namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_is_in_the_permission_table():
    assert _project_url_names() == {row.name for row in TABLE}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", TABLE, ids=lambda r: f"{r.method}-{r.name}")
def test_url_answers_each_role_as_expected(world, row, role):
    path = row.url(world)
    if role == "ex_member":
        make_ex_member(world)
    client = client_for(world.users[role])
    response = getattr(client, row.method)(path, data=row.data or {})
    assert response.status_code == expected(row, role), (
        f"{row.method.upper()} {path} as {role}: {response.status_code}"
    )


def test_denied_pages_explain_themselves_in_dutch(world):
    response = client_for(world.users["outsider"]).get(
        reverse("editions:dashboard", kwargs=_slug(world))
    )
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_visitors_are_sent_to_the_login_page_and_back(world):
    path = reverse("editions:dashboard", kwargs=_slug(world))
    response = client_for(None).get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next={path}" in response.url.replace("%2F", "/")


def _admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    return urls


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(world, role):
    client = client_for(world.users[role])
    for url in _admin_urls():
        response = client.get(url)
        expected = 200 if role == "staff" else 302
        assert response.status_code == expected, f"{url} as {role}: {response.status_code}"
        if role != "staff":
            assert reverse("admin:login") in response.url


def test_the_ledger_cannot_be_edited_in_the_admin(world):
    client = client_for(world.users["staff"])
    assert client.get(reverse("admin:core_activityentry_add")).status_code == 403
