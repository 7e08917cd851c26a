"""Between meetings, in a real browser (issue 14): a mention reaches the member it names, who reads
it from the bell and lands on the post; a facilitator finds a new application in "Dit wacht op
je"; a member puts a kind of notification in the weekly digest and the digest shows it. axe-core
checks every page on the way; the bell and the Meldingen page also at phone width."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import Page, expect

from leerplatform.accounts.models import Institution, WorkLevel
from leerplatform.demo.edition import DEMO_PASSWORD
from leerplatform.editions.models import Phase, Role
from leerplatform.groups.services import discussions
from leerplatform.membership.services import applications
from leerplatform.notifications.models import Notification
from tests import factories
from tests.e2e.test_journeys import assert_accessible, log_in
from tests.groups.factories_discussions import make_group

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _person(edition, email, name, role=Role.PARTICIPANT):
    user = factories.make_member(edition, role=role, email=email, name=name)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@pytest.fixture
def edition(live_server):
    # Running, as its phase says: once an edition has ended, its calendar closes applications.
    return factories.make_running_edition(themes=2, phase=Phase.BUILDING)


def test_a_mention_reaches_the_member_who_reads_it_from_the_bell(page: Page, live_server, edition):
    sanne = _person(edition, "sanne@example.org", "Sanne de Vries (fictief)")
    joop = _person(edition, "joop@example.org", "Joop Jansen (fictief)")
    group = make_group(edition, name="Werkgeluk in teams", members=[sanne, joop])
    thread = discussions.start_thread(
        group=group, author=sanne, title="Casus voor de intervisie", text="Wie heeft een casus?"
    )
    Notification.objects.all().delete()

    log_in(page, live_server.url, joop.email)
    page.goto(f"{live_server.url}/discussions/{thread.pk}/")
    reply = page.locator("#reply-form textarea")
    reply.click()
    reply.press_sequentially("Goed idee @San", delay=30)
    option = page.get_by_role("option", name="Sanne de Vries (fictief)")
    expect(option).to_be_visible()
    assert_accessible(page)
    reply.press("ArrowDown")
    reply.press("Enter")
    expect(reply).to_have_value(re.compile(r"@\*\*Sanne de Vries \(fictief\)\*\*"))
    reply.press_sequentially(" kun jij die van vorige week meenemen?")
    page.locator("#reply-form button[type=submit]").click()
    expect(page.locator("#post-list")).to_contain_text("kun jij die van vorige week meenemen?")
    mention = page.locator("#post-list a", has_text="@Sanne de Vries (fictief)")
    expect(mention.first).to_be_visible()

    (told,) = Notification.objects.filter(recipient=sanne, kind="mention")
    assert told.actor == joop
    assert not Notification.objects.filter(recipient=joop).exists()  # never the one who did it

    page.context.clear_cookies()
    log_in(page, live_server.url, sanne.email)
    bell = page.locator("a.bell")
    expect(bell).to_contain_text("1 ongelezen")
    bell.click()
    expect(page.get_by_role("heading", name="Meldingen", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role(
        "link", name="Joop Jansen (fictief) noemde je in ‘Casus voor de intervisie’"
    ).click()
    expect(page).to_have_url(re.compile(rf"/discussions/{thread.pk}/#post-\d+$"))
    expect(page.locator("#post-list")).to_contain_text("kun jij die van vorige week meenemen?")
    expect(page.locator("a.bell .bell__count")).to_have_count(0)  # read now
    assert_accessible(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/notifications/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the Meldingen page scrolls sideways at 390 px ({width} px)"
    assert_accessible(page)


def test_a_facilitator_sees_a_new_application_waiting(page: Page, live_server, edition):
    facilitator = _person(
        edition, "fenna@example.org", "Fenna Faciliteerder (fictief)", Role.FACILITATOR
    )
    edition.applications_open = True
    edition.save()
    # Ayla applies and confirms her address, as the form and the emailed link do.
    submitted = applications.submit_application(
        edition=edition,
        name="Ayla Aanvrager (fictief)",
        email="aanvrager@example.org",
        institution=Institution.objects.first(),
        job_title="HR-adviseur",
        years_of_experience=6,
        work_level=WorkLevel.TACTICAL,
        motivation="Ik wil leren van collega's bij andere hogescholen.",
        themes=list(edition.themes.all()[:1]),
    )
    applications.confirm_application_email(application=submitted, password=DEMO_PASSWORD)
    (told,) = Notification.objects.filter(kind="application_received")
    assert told.recipient == facilitator

    log_in(page, live_server.url, facilitator.email)
    page.goto(f"{live_server.url}/editions/{edition.slug}/dashboard/")
    waiting = page.locator("#waiting")
    expect(waiting.get_by_role("heading", name="Dit wacht op je")).to_be_visible()
    item = waiting.get_by_role("link", name=re.compile("1 aanmelding om over te beslissen"))
    expect(item).to_be_visible()
    expect(page.locator("a.bell")).to_contain_text("1 ongelezen")
    assert_accessible(page)
    item.click()
    expect(page).to_have_url(re.compile(rf"/editions/{edition.slug}/applications/"))
    expect(page.locator("main")).to_contain_text("Ayla Aanvrager (fictief)")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/editions/{edition.slug}/dashboard/")
    expect(page.locator("#waiting")).to_be_visible()
    assert_accessible(page)


def test_a_member_moves_a_kind_to_the_weekly_digest_and_the_digest_shows_it(
    page: Page, live_server, edition
):
    sanne = _person(edition, "sanne@example.org", "Sanne de Vries (fictief)")
    joop = _person(edition, "joop@example.org", "Joop Jansen (fictief)")
    group = make_group(edition, name="Werkgeluk in teams", members=[sanne, joop])
    thread = discussions.start_thread(
        group=group, author=joop, title="Planning maart", text="Zullen we de planning doorlopen?"
    )

    log_in(page, live_server.url, sanne.email)
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("link", name="Instellingen voor e-mail en meldingen").click()
    assert_accessible(page)
    mentions = page.get_by_role("group", name="Iemand noemt je")
    expect(mentions.get_by_role("radio", name="Direct per e-mail")).to_be_checked()
    mentions.get_by_role("radio", name="Wekelijks overzicht").check()
    page.locator("main form.form button[type=submit]").click()
    expect(
        page.get_by_role("group", name="Iemand noemt je").get_by_role(
            "radio", name="Wekelijks overzicht"
        )
    ).to_be_checked()
    assert_accessible(page)

    mail.outbox.clear()
    discussions.reply(
        thread=thread, author=joop, text="@**Sanne de Vries (fictief)** wat vind jij?"
    )
    assert [n.channel for n in Notification.objects.filter(recipient=sanne, kind="mention")] == [
        "weekly"
    ]
    assert not [m for m in mail.outbox if sanne.email in m.to]  # no email at once any more

    call_command("send_digests", "--period", "weekly")
    (digest,) = [m for m in mail.outbox if sanne.email in m.to]
    assert "Joop Jansen (fictief) noemde je in ‘Planning maart’" in digest.body
    assert "Werkgeluk in teams" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    call_command("send_digests", "--period", "weekly")  # a second run sends nothing more
    assert len([m for m in mail.outbox if sanne.email in m.to]) == 1
