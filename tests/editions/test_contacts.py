"""Contact persons ("Meer weten?"): set by the edition's facilitators through the service and
their page, shown to visitors on the edition's public page, the closing meeting and /contact/."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leerplatform.editions import services
from leerplatform.editions.models import EditionContact, Membership, Role
from leerplatform.groups.services import groups as group_services
from leerplatform.meetings.models import MeetingKind
from tests import factories

pytestmark = pytest.mark.django_db

FENNA = {"name": "Fenna Faciliteerder", "role": "Programmamanager", "email": "fenna@example.org"}
PIM = {"name": "Pim Projectadviseur", "role": "Projectadviseur", "email": "pim@example.org"}


def test_new_contacts_go_last_and_keep_their_order(edition, facilitator):
    first = services.save_contact(edition=edition, actor=facilitator, data=FENNA)
    second = services.save_contact(edition=edition, actor=facilitator, data=PIM)

    assert list(EditionContact.objects.filter(edition=edition)) == [first, second]
    assert (first.position, second.position) == (1, 2)


def test_a_contact_is_changed_and_its_spaces_tidied(edition, facilitator):
    contact = services.save_contact(edition=edition, actor=facilitator, data=FENNA)

    services.save_contact(
        edition=edition,
        actor=facilitator,
        contact=contact,
        data=FENNA | {"role": "  Projectleider   Zestor ", "phone": " 030 000 00 00 "},
    )

    contact.refresh_from_db()
    assert (contact.role, contact.phone) == ("Projectleider Zestor", "030 000 00 00")


def test_a_contact_needs_a_valid_email_address(edition, facilitator):
    with pytest.raises(ValidationError) as error:
        services.save_contact(edition=edition, actor=facilitator, data=FENNA | {"email": "fenna"})

    assert "email" in error.value.message_dict
    assert not EditionContact.objects.exists()


def test_a_contact_of_another_edition_is_not_changed_through_this_one(edition, facilitator):
    other = factories.make_edition()
    contact = services.save_contact(edition=other, actor=facilitator, data=FENNA)

    with pytest.raises(ValidationError):
        services.save_contact(edition=edition, actor=facilitator, contact=contact, data=PIM)


def test_facilitators_add_change_and_remove_contacts_on_their_page(edition, facilitator, as_user):
    client = as_user(facilitator)
    url = reverse("editions:contacts", kwargs={"slug": edition.slug})

    added = client.post(url, FENNA | {"phone": "", "position": ""})
    contact = EditionContact.objects.get(edition=edition)
    changed = client.post(
        reverse("editions:edit_contact", kwargs={"slug": edition.slug, "pk": contact.pk}),
        FENNA | {"role": "Projectleider", "phone": "030 000 00 00", "position": 1},
    )
    contact.refresh_from_db()
    page = client.get(url).content.decode()
    removed = client.post(
        reverse("editions:remove_contact", kwargs={"slug": edition.slug, "pk": contact.pk})
    )

    assert (added.status_code, changed.status_code, removed.status_code) == (302, 302, 302)
    assert (contact.role, contact.phone) == ("Projectleider", "030 000 00 00")
    assert 'href="mailto:fenna@example.org"' in page
    assert not EditionContact.objects.filter(edition=edition).exists()


def test_a_wrong_address_is_refused_on_the_page_with_the_form_kept(edition, facilitator, as_user):
    url = reverse("editions:contacts", kwargs={"slug": edition.slug})

    response = as_user(facilitator).post(url, FENNA | {"email": "geen-adres"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not EditionContact.objects.exists()


def test_no_one_but_facilitators_and_staff_manages_contacts(edition, participant, as_user):
    """Each role (the table in tests/test_permissions.py has the others): a group coordinator
    and a facilitator who left are refused too; a contact of another edition is a 404."""
    coordinator = factories.make_member(edition, role=Role.PARTICIPANT)
    group = factories_group(edition, coordinator)
    assert group.memberships.filter(user=coordinator, is_coordinator=True).exists()
    former = factories.make_member(edition, role=Role.FACILITATOR)
    # A facilitator's membership is ended in the admin (they cannot leave themselves).
    Membership.objects.filter(user=former, edition=edition).update(left_at=timezone.now())
    other = factories.make_edition()
    theirs = services.save_contact(edition=other, actor=None, data=PIM)
    url = reverse("editions:contacts", kwargs={"slug": edition.slug})
    staff = factories.make_user(is_staff=True)
    facilitator = factories.make_member(edition, role=Role.FACILITATOR)

    assert as_user(coordinator).get(url).status_code == 403
    assert as_user(former).get(url).status_code == 403
    assert as_user(staff).get(url).status_code == 200
    wrong = reverse("editions:edit_contact", kwargs={"slug": edition.slug, "pk": theirs.pk})
    assert as_user(facilitator).get(wrong).status_code == 404


def factories_group(edition, coordinator):
    group = group_services.start_group(
        edition=edition,
        actor=coordinator,
        name="Werkgeluk",
        description="",
        themes=[edition.themes.first()],
    )
    coordinator.__dict__.pop("_group_roles", None)
    return group


def test_visitors_see_meer_weten_on_the_public_pages(edition, facilitator, as_user):
    services.save_contact(edition=edition, actor=facilitator, data=FENNA | {"phone": "030 1234"})
    services.save_contact(edition=edition, actor=facilitator, data=PIM)
    closing = factories.make_meeting(edition, kind=MeetingKind.CLOSING)
    visitor = as_user(None)

    pages = {
        "edition": visitor.get(edition.get_absolute_url()).content.decode(),
        "home": visitor.get(reverse("editions:home")).content.decode(),
        "closing meeting": visitor.get(
            reverse("meetings:detail", args=[closing.pk])
        ).content.decode(),
        "contact": visitor.get(reverse("editions:contact")).content.decode(),
    }

    for name, html in pages.items():
        assert 'class="card contacts-box"' in html, name
        assert 'href="mailto:fenna@example.org"' in html, name
        assert 'href="mailto:pim@example.org"' in html, name
        assert 'href="tel:0301234"' in html, name
        assert html.index("Fenna Faciliteerder") < html.index("Pim Projectadviseur"), name


def test_without_contacts_there_is_no_empty_block(edition, as_user):
    closing = factories.make_meeting(edition, kind=MeetingKind.CLOSING)

    for url in (edition.get_absolute_url(), reverse("meetings:detail", args=[closing.pk])):
        assert "contacts-box" not in as_user(None).get(url).content.decode()
