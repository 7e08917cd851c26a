"""The index holds every kind of thing a person can find, and stays in step when things change
through the apps' own services: renaming a group, editing a proposal, publishing a meeting, a
person showing or hiding profile fields or leaving an edition, a document going to the bin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from leerplatform.accounts.models import ProfileField
from leerplatform.editions.models import Role
from leerplatform.groups.services.groups import change_group
from leerplatform.library.services.documents import delete_document, restore_document
from leerplatform.meetings.models import MeetingStatus
from leerplatform.meetings.services.meetings import update_meeting
from leerplatform.membership.services.participation import leave_edition
from leerplatform.proposals.models import ProposalKind
from leerplatform.proposals.services import update_proposal, withdraw_proposal
from leerplatform.search import index
from leerplatform.search.models import EntryType, SearchEntry
from tests import factories
from tests.search.support import find, make_document, make_group, make_proposal, member


@pytest.fixture
def reader(edition):
    return member(edition, name="Rita Reader")


def test_every_kind_of_thing_is_found(edition, reader, facilitator):
    make_document(edition, reader, "Portfolio toolkit")
    make_group(edition, "Leergroep Portfolio")
    meeting = factories.make_meeting(edition, title="Portfoliodag")
    make_proposal(meeting, reader, "Portfolio's beoordelen")
    member(edition, name="Paula Portfolio")
    found = {
        e.entry_type
        for e in SearchEntry.objects.filter(
            title__in=[
                "Portfolio toolkit",
                "Leergroep Portfolio",
                "Portfoliodag",
                "Portfolio's beoordelen",
                "Paula Portfolio",
            ]
        )
    }
    assert found == set(EntryType.values)
    assert set(find(reader, "portfolio")) == {
        "Portfolio toolkit",
        "Leergroep Portfolio",
        "Portfoliodag",
        "Portfolio's beoordelen",
        "Paula Portfolio",
    }


def test_a_renamed_group_is_found_by_its_new_name(edition, reader):
    group = make_group(edition, "Leergroep Stage", members=[reader])
    change_group(
        group=group,
        actor=reader,
        name="Leergroep Werkplekleren",
        description="Leren op de werkplek.",
        themes=[edition.themes.first()],
        join_policy=group.join_policy,
        max_size=None,
        status=group.status,
        workplan_visibility=group.workplan_visibility,
        activities_visibility=group.activities_visibility,
    )
    assert find(reader, "werkplekleren") == ["Leergroep Werkplekleren"]
    assert find(reader, "stage") == []


def test_a_changed_theme_title_reaches_the_groups_that_have_it(edition, reader):
    theme = edition.themes.first()
    group = make_group(edition, "Leergroep Een")
    group.themes.set([theme])
    theme.title = "Burgerschapsvorming"
    theme.save()
    assert find(reader, "burgerschapsvorming") == ["Leergroep Een"]


def test_an_edited_proposal_is_found_by_its_new_title(edition, reader):
    meeting = factories.make_meeting(edition)
    proposal = make_proposal(meeting, reader, "Over toetsing")
    from leerplatform.proposals.models import ProposalCall

    ProposalCall.objects.filter(pk=proposal.call_id).update(
        deadline=meeting.starts_at.replace(year=2100)
    )
    proposal.refresh_from_db()
    update_proposal(
        proposal=proposal,
        actor=reader,
        kind=ProposalKind.TOPIC,
        theme=None,
        title="Over feedback",
        description="Een voorstel.",
        gains="Inzicht",
        duration_minutes=45,
    )
    assert find(reader, "feedback") == ["Over feedback"]
    assert find(reader, "toetsing") == []
    withdraw_proposal(proposal=proposal, actor=reader)
    assert find(reader, "feedback") == []


def test_publishing_a_meeting_makes_it_and_its_proposals_findable(edition, reader, facilitator):
    meeting = factories.make_meeting(
        edition, status=MeetingStatus.DRAFT, title="Slotbijeenkomst kennisdeling"
    )
    make_proposal(meeting, facilitator, "Kennisdeling in beeld")
    assert find(reader, "kennisdeling") == []
    update_meeting(meeting=meeting, actor=facilitator, status=MeetingStatus.PUBLISHED)
    assert set(find(reader, "kennisdeling")) == {
        "Slotbijeenkomst kennisdeling",
        "Kennisdeling in beeld",
    }
    # The meeting itself is public, its proposals are for the edition.
    assert find(None, "kennisdeling") == ["Slotbijeenkomst kennisdeling"]


def test_a_person_shows_and_hides_profile_fields(edition, reader):
    person = member(
        edition,
        name="Henk Haring",
        job_title="Onderwijskundige",
        bio="Ik werk aan leesbevordering.",
        visible_fields=[ProfileField.JOB_TITLE],
    )
    assert find(reader, "onderwijskundige") == ["Henk Haring"]
    assert find(reader, "leesbevordering") == []
    person.visible_fields = [ProfileField.BIO]
    person.save()
    assert find(reader, "onderwijskundige") == []
    assert find(reader, "leesbevordering") == ["Henk Haring"]


def test_themes_of_expertise_count_per_edition(edition, reader):
    other = factories.make_edition()
    other.themes.filter(position=1).update(title="Zorgvuldigheid")
    person = member(edition, name="Mila Meerdere")
    factories.services.add_member(edition=other, user=person)
    person.expertise.set([other.themes.get(position=1), edition.themes.get(position=2)])
    entry = SearchEntry.objects.get(
        entry_type=EntryType.PERSON, object_id=person.pk, edition=edition
    )
    assert "Zorgvuldigheid" not in entry.text
    assert "Theme 2" in entry.text
    assert find(reader, "zorgvuldigheid") == []


def test_a_person_who_left_the_edition_is_no_longer_found_there(edition, reader):
    person = member(edition, name="Lotte Vertrek")
    other = factories.make_edition()
    factories.services.add_member(edition=other, user=person)
    colleague = member(other, name="Kees Collega")
    leave_edition(edition=edition, user=person)
    assert find(reader, "Lotte") == []
    assert find(colleague, "Lotte") == ["Lotte Vertrek"]
    assert SearchEntry.objects.filter(object_id=person.pk, entry_type="person").count() == 1


def test_a_deactivated_account_is_not_found(edition, reader):
    person = member(edition, name="Daan Dormant")
    person.is_active = False
    person.save()
    assert find(reader, "Daan") == []


def test_logging_in_does_not_touch_the_index(edition, reader, django_assert_num_queries):
    from django.utils import timezone

    reader.last_login = timezone.now()
    with django_assert_num_queries(1):
        reader.save(update_fields=["last_login"])


def test_the_bin_takes_a_document_out_of_search_and_restoring_brings_it_back(edition, reader):
    document = make_document(edition, reader, "Handreiking examinering")
    delete_document(document=document, actor=reader)
    assert find(reader, "examinering") == []
    restore_document(document=document, actor=reader)
    assert find(reader, "examinering") == ["Handreiking examinering"]


def test_a_facilitator_role_change_keeps_one_entry(edition):
    person = member(edition, name="Rolf Rol")
    factories.services.add_member(edition=edition, user=person, role=Role.FACILITATOR)
    assert SearchEntry.objects.filter(object_id=person.pk, entry_type="person").count() == 1


def test_rebuilding_prints_progress_and_gives_the_same_index(edition, reader):
    make_document(edition, reader, "Toolkit intervisie")
    make_group(edition, "Leergroep Intervisie")
    before = sorted(SearchEntry.objects.values_list("entry_type", "object_id", "edition_id"))
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    after = sorted(SearchEntry.objects.values_list("entry_type", "object_id", "edition_id"))
    assert after == before
    printed = out.getvalue()
    assert "1/1" in printed
    assert f"{len(after)} " in printed
    assert find(reader, "intervisie") != []


def test_rebuild_counts_what_it_wrote(edition, reader):
    make_document(edition, reader, "Een")
    seen = []
    total = index.rebuild(progress=lambda name, n: seen.append((name, n)))
    assert total == SearchEntry.objects.count()
    assert len(seen) == 5


def test_indexing_the_logged_in_person_works_through_the_lazy_request_user(edition):
    from django.utils.functional import SimpleLazyObject

    person = member(edition, name="Lara Lazy")
    SearchEntry.objects.filter(object_id=person.pk, entry_type="person").delete()
    index.index(SimpleLazyObject(lambda: person))
    assert SearchEntry.objects.filter(object_id=person.pk, entry_type="person").count() == 1
    index.remove(SimpleLazyObject(lambda: person))
    assert not SearchEntry.objects.filter(object_id=person.pk, entry_type="person").exists()
