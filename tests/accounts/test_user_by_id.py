"""User.objects.get(pk=...) reads with SQL built once (accounts.models.UserManager.get): the same
person, the same error for nobody, and every other lookup through the ORM."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user
from django.db.models.query import QuerySet

from leerplatform.accounts.models import User
from tests.factories import make_user


def test_by_id_it_is_the_same_person_as_the_orm_reads(db):
    pia = make_user(name="Pia (fictief)", email="pia@example.org")
    found = User.objects.get(pk=pia.pk)
    expected = QuerySet(User).get(pk=pia.pk)  # the ORM's own get
    fields = [f.attname for f in User._meta.concrete_fields]
    assert [getattr(found, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert User.objects.get(id=pia.pk) == pia
    assert found._state.adding is False


def test_nobody_raises_does_not_exist_and_other_lookups_go_to_the_orm(db):
    pia = make_user(email="pia2@example.org")
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=pia.pk + 1000)
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=10**20)  # an id beyond 64 bits: nobody
    assert User.objects.get(email="pia2@example.org") == pia
    assert User.objects.get(pk=str(pia.pk)) == pia  # not an int: the ORM converts it
    with pytest.raises(User.MultipleObjectsReturned):
        make_user(email="pia3@example.org", name="Zelfde")
        make_user(email="pia4@example.org", name="Zelfde")
        User.objects.get(name="Zelfde")


def test_the_logged_in_person_is_read_by_it(client, db):
    pia = make_user(email="pia5@example.org")
    client.force_login(pia)
    request = client.get("/").wsgi_request
    user = get_user(request)
    assert user == pia and user.is_authenticated
