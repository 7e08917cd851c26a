"""Fixtures of the proposal tests: an upcoming meeting with an open call, and more participants."""

from __future__ import annotations

import pytest

from leerplatform.editions.models import Role
from tests import factories
from tests.proposals.helpers import open_call, upcoming_meeting


@pytest.fixture
def meeting(edition):
    return upcoming_meeting(edition, title="Derde bijeenkomst")


@pytest.fixture
def call(meeting, facilitator):
    return open_call(meeting, actor=facilitator, description="Wie kent een goede spreker?")


@pytest.fixture
def other(edition):
    """A second participant, to support and comment on the first one's proposals."""
    return factories.make_member(edition, role=Role.PARTICIPANT, name="Olga Other")


@pytest.fixture
def third(edition):
    return factories.make_member(edition, role=Role.PARTICIPANT, name="Tim Third")
