"""The profile page, a person's page and their photo: what is saved, refused and shown to whom."""

from __future__ import annotations

import io
import re
from pathlib import PurePath

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from leerplatform.accounts.models import ProfileField, User, WorkLevel
from leerplatform.core.models import ActivityEntry, Verb
from leerplatform.editions.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

PROFILE_URL = "/profile/"


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color=(200, 40, 90)).save(buffer, format=image_format)
    return buffer.getvalue()


def same_picture(stored: bytes, original: bytes) -> bool:
    """The same format, size and pixels (photos are re-encoded when stored)."""
    with Image.open(io.BytesIO(stored)) as a, Image.open(io.BytesIO(original)) as b:
        return (a.format, a.size, list(a.convert("RGB").getdata())) == (
            b.format,
            b.size,
            list(b.convert("RGB").getdata()),
        )


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def profile_data(user: User, **changes) -> dict:
    """The profile form as the user would send it unchanged, with `changes` applied."""
    data = {
        "name": user.name,
        "institution": user.institution_id or "",
        "job_title": user.job_title,
        "years_of_experience": (
            "" if user.years_of_experience is None else user.years_of_experience
        ),
        "work_level": user.work_level,
        "expertise": [t.pk for t in user.expertise.all()],
        "bio": user.bio,
        "visible_fields": list(user.visible_fields),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def profile_entries(user: User):
    return ActivityEntry.objects.filter(actor=user, verb=Verb.PROFILE_UPDATED)


def save_photo(client, user: User, photo: SimpleUploadedFile):
    return client.post(PROFILE_URL, profile_data(user, photo=photo))


# --- The profile page -------------------------------------------------------------------------


def test_visitor_is_sent_to_log_in_for_the_profile_page(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_profile_page_shows_the_form_with_the_persons_own_values(as_user, participant):
    response = as_user(participant).get(PROFILE_URL)

    assert response.status_code == 200
    assert 'value="Pia Participant"' in response.content.decode()


def test_saving_the_profile_stores_every_field(as_user, participant, edition):
    institution = factories.an_institution()
    themes = list(edition.themes.all()[:2])

    response = as_user(participant).post(
        PROFILE_URL,
        profile_data(
            participant,
            name="Pia Peeters",
            institution=institution.pk,
            job_title="HRD-adviseur",
            years_of_experience=12,
            work_level=WorkLevel.TACTICAL,
            expertise=[t.pk for t in themes],
            bio="Ik werk aan leren in teams.",
            visible_fields=[ProfileField.JOB_TITLE, ProfileField.BIO],
        ),
    )

    assert response.status_code == 302
    assert response.url == PROFILE_URL
    participant.refresh_from_db()
    assert participant.name == "Pia Peeters"
    assert participant.institution == institution
    assert participant.job_title == "HRD-adviseur"
    assert participant.years_of_experience == 12
    assert participant.work_level == WorkLevel.TACTICAL
    assert set(participant.expertise.all()) == set(themes)
    assert participant.bio == "Ik werk aan leren in teams."
    assert participant.visible_fields == [ProfileField.JOB_TITLE, ProfileField.BIO]


def test_saving_the_profile_records_which_fields_changed(as_user, participant):
    as_user(participant).post(
        PROFILE_URL, profile_data(participant, job_title="Teamleider HR", years_of_experience=7)
    )

    entry = profile_entries(participant).get()
    assert entry.target == participant
    assert entry.data == {"fields": ["job_title", "years_of_experience"]}


def test_saving_an_unchanged_profile_records_nothing(as_user, participant):
    response = as_user(participant).post(PROFILE_URL, profile_data(participant))

    assert response.status_code == 302
    assert not profile_entries(participant).exists()


@pytest.mark.parametrize("years", ["-1", "99", "abc"])
def test_bad_years_of_experience_are_refused_next_to_the_field(as_user, participant, years):
    response = as_user(participant).post(
        PROFILE_URL, profile_data(participant, name="Nieuwe Naam", years_of_experience=years)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["years_of_experience"]
    html = response.content.decode()
    # The message sits right before the input, which points at it for screen readers.
    assert re.search(
        r'<ul class="errorlist" id="id_years_of_experience_error">.+?</ul>\s*'
        r'<input[^>]*name="years_of_experience"[^>]*'
        r'aria-invalid="true"[^>]*aria-describedby="id_years_of_experience_error"',
        html,
        re.DOTALL,
    )
    participant.refresh_from_db()
    assert participant.name == "Pia Participant"
    assert participant.years_of_experience is None
    assert not profile_entries(participant).exists()


def test_the_boundaries_of_years_of_experience_are_accepted(as_user, participant):
    client = as_user(participant)
    for years in (0, 60):
        response = client.post(PROFILE_URL, profile_data(participant, years_of_experience=years))
        assert response.status_code == 302
        participant.refresh_from_db()
        assert participant.years_of_experience == years


def test_an_unknown_visible_field_is_refused(as_user, participant):
    response = as_user(participant).post(
        PROFILE_URL, profile_data(participant, visible_fields=["email"])
    )

    assert response.status_code == 200
    assert "visible_fields" in response.context["form"].errors
    participant.refresh_from_db()
    assert "email" not in participant.visible_fields


# --- Photo upload -----------------------------------------------------------------------------


def test_a_real_png_is_stored_under_a_generated_name_with_its_real_extension(as_user, participant):
    response = save_photo(
        as_user(participant), participant, upload("mijn vakantie.jpg", image_bytes("PNG"))
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    stored = PurePath(participant.photo.name)
    assert stored.parent.name == "profile-photos"
    assert stored.suffix == ".png"
    assert "vakantie" not in stored.name
    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored.name)
    assert default_storage.exists(participant.photo.name)
    with default_storage.open(participant.photo.name) as stored_file:
        assert same_picture(stored_file.read(), image_bytes("PNG"))  # re-encoded, same pixels
    assert "photo" in profile_entries(participant).get().data["fields"]


def test_two_uploads_with_the_same_name_get_different_names(as_user, participant, facilitator):
    save_photo(as_user(participant), participant, upload("foto.png", image_bytes("PNG")))
    save_photo(as_user(facilitator), facilitator, upload("foto.png", image_bytes("PNG")))

    participant.refresh_from_db()
    facilitator.refresh_from_db()
    assert participant.photo.name != facilitator.photo.name


@pytest.mark.parametrize(
    ("image_format", "extension"), [("JPEG", ".jpg"), ("WEBP", ".webp"), ("PNG", ".png")]
)
def test_jpeg_png_and_webp_photos_are_accepted(as_user, participant, image_format, extension):
    response = save_photo(
        as_user(participant), participant, upload("upload.bin", image_bytes(image_format))
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.photo.name.endswith(extension)


def _assert_photo_refused(response, participant: User):
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["photo"]
    assert 'id="id_photo_error"' in response.content.decode()
    participant.refresh_from_db()
    assert not participant.photo
    assert not profile_entries(participant).exists()


def test_a_text_file_renamed_to_jpg_is_refused(as_user, participant):
    response = save_photo(
        as_user(participant), participant, upload("foto.jpg", b"just some text, not an image\n")
    )

    _assert_photo_refused(response, participant)
    assert response.context["form"].errors.as_data()["photo"][0].code == "invalid_image"


def test_a_photo_over_the_size_limit_is_refused(as_user, participant, settings):
    content = image_bytes("PNG", size=(64, 64))
    settings.PROFILE_PHOTO_MAX_BYTES = len(content) - 1

    response = save_photo(as_user(participant), participant, upload("groot.png", content))

    _assert_photo_refused(response, participant)
    assert response.context["form"].errors.as_data()["photo"][0].code == "too_large"


def test_a_photo_exactly_at_the_size_limit_is_accepted(as_user, participant, settings):
    content = image_bytes("PNG")
    settings.PROFILE_PHOTO_MAX_BYTES = len(content)

    response = save_photo(as_user(participant), participant, upload("precies.png", content))

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.photo


def test_a_gif_is_refused_because_of_its_type(as_user, participant):
    response = save_photo(
        as_user(participant), participant, upload("foto.gif", image_bytes("GIF"), "image/gif")
    )

    _assert_photo_refused(response, participant)
    assert response.context["form"].errors.as_data()["photo"][0].code == "invalid_type"


def test_replacing_a_photo_deletes_the_old_file(
    as_user, participant, django_capture_on_commit_callbacks
):
    client = as_user(participant)
    save_photo(client, participant, upload("eerste.png", image_bytes("PNG")))
    participant.refresh_from_db()
    old_name = participant.photo.name
    assert default_storage.exists(old_name)

    with django_capture_on_commit_callbacks(execute=True):
        response = save_photo(client, participant, upload("tweede.jpg", image_bytes("JPEG")))

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.photo.name != old_name
    assert default_storage.exists(participant.photo.name)
    assert not default_storage.exists(old_name)


def test_clearing_a_photo_deletes_the_file(
    as_user, participant, django_capture_on_commit_callbacks
):
    client = as_user(participant)
    save_photo(client, participant, upload("eerste.png", image_bytes("PNG")))
    participant.refresh_from_db()
    old_name = participant.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, profile_data(participant, **{"photo-clear": "on"}))

    participant.refresh_from_db()
    assert not participant.photo
    assert not default_storage.exists(old_name)


def test_saving_other_fields_keeps_the_photo(
    as_user, participant, django_capture_on_commit_callbacks
):
    client = as_user(participant)
    save_photo(client, participant, upload("eerste.png", image_bytes("PNG")))
    participant.refresh_from_db()
    name = participant.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, profile_data(participant, job_title="HR-manager"))

    participant.refresh_from_db()
    assert participant.job_title == "HR-manager"
    assert participant.photo.name == name
    assert default_storage.exists(name)


# --- The person page --------------------------------------------------------------------------


@pytest.fixture
def person(edition, as_user):
    """A participant with a full profile and a photo who shows only their institution and bio."""
    user = factories.make_member(
        edition,
        name="Petra Persoon",
        institution=factories.an_institution(),
        job_title="Verborgen Functietitel",
        years_of_experience=23,
        work_level=WorkLevel.STRATEGIC,
        bio="Over mij: ik deel graag.",
    )
    user.expertise.set(edition.themes.filter(position=5))
    save_photo(as_user(user), user, upload("p.png", image_bytes("PNG")))
    User.objects.filter(pk=user.pk).update(
        visible_fields=[ProfileField.INSTITUTION, ProfileField.BIO]
    )
    user.refresh_from_db()
    return user


def person_url(user: User) -> str:
    return f"/people/{user.pk}/"


def photo_url(user: User) -> str:
    return f"/people/{user.pk}/photo/"


def test_another_participant_sees_only_the_fields_the_person_chose(as_user, person, participant):
    response = as_user(participant).get(person_url(person))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Petra Persoon" in html
    assert person.institution.name in html
    assert "Over mij: ik deel graag." in html
    assert "Verborgen Functietitel" not in html
    assert ">23<" not in html
    assert "Theme 5" not in html
    assert photo_url(person) not in html
    assert response.context["page"].visible == {ProfileField.INSTITUTION, ProfileField.BIO}


def test_showing_the_job_title_makes_it_visible_to_other_participants(as_user, person, participant):
    User.objects.filter(pk=person.pk).update(visible_fields=[ProfileField.JOB_TITLE])

    html = as_user(participant).get(person_url(person)).content.decode()

    assert "Verborgen Functietitel" in html
    assert "Over mij" not in html


@pytest.mark.parametrize("viewer", ["facilitator", "staff", "self"])
def test_facilitator_staff_and_the_person_see_the_whole_profile(
    as_user, person, facilitator, staff, viewer
):
    user = {"facilitator": facilitator, "staff": staff, "self": person}[viewer]

    response = as_user(user).get(person_url(person))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Verborgen Functietitel" in html
    assert ">23<" in html
    assert "Theme 5" in html
    assert "Over mij: ik deel graag." in html
    assert photo_url(person) in html
    assert response.context["page"].visible == set(ProfileField.values)


def test_a_facilitator_of_another_edition_may_not_see_the_person(as_user, person):
    other_facilitator = factories.make_member(factories.make_edition(), role=Role.FACILITATOR)

    response = as_user(other_facilitator).get(person_url(person))

    # The same answer as for someone who does not exist: nothing reveals the person.
    assert response.status_code == 404


def test_a_facilitator_who_also_shares_an_edition_as_participant_sees_chosen_fields(
    as_user, person, edition
):
    from leerplatform.editions import services

    facilitator_elsewhere = factories.make_member(factories.make_edition(), role=Role.FACILITATOR)
    services.add_member(edition=edition, user=facilitator_elsewhere, role=Role.PARTICIPANT)

    html = as_user(facilitator_elsewhere).get(person_url(person)).content.decode()

    assert "Verborgen Functietitel" not in html
    assert "Over mij: ik deel graag." in html


def test_a_logged_in_non_member_may_not_see_a_person(as_user, person, outsider):
    assert as_user(outsider).get(person_url(person)).status_code == 404


def test_a_visitor_is_sent_to_log_in_for_a_person_page(client, person):
    response = client.get(person_url(person))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_unknown_or_inactive_person_is_not_found(as_user, person, participant):
    assert as_user(participant).get("/people/999999/").status_code == 404
    User.objects.filter(pk=person.pk).update(is_active=False)
    assert as_user(participant).get(person_url(person)).status_code == 404


# --- The photo view ---------------------------------------------------------------------------


def test_photo_is_served_to_another_participant_when_the_person_shows_it(
    as_user, person, participant
):
    User.objects.filter(pk=person.pk).update(visible_fields=[ProfileField.PHOTO])

    response = as_user(participant).get(photo_url(person))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert same_picture(b"".join(response.streaming_content), image_bytes("PNG"))


def test_photo_is_not_found_for_a_participant_when_the_person_hides_it(
    as_user, person, participant
):
    assert ProfileField.PHOTO not in person.visible_fields

    assert as_user(participant).get(photo_url(person)).status_code == 404


@pytest.mark.parametrize("viewer", ["facilitator", "staff", "self"])
def test_a_hidden_photo_is_still_served_to_facilitator_staff_and_the_person(
    as_user, person, facilitator, staff, viewer
):
    user = {"facilitator": facilitator, "staff": staff, "self": person}[viewer]

    response = as_user(user).get(photo_url(person))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")


def test_photo_is_not_found_for_a_non_member(as_user, person, outsider):
    User.objects.filter(pk=person.pk).update(visible_fields=[ProfileField.PHOTO])

    assert as_user(outsider).get(photo_url(person)).status_code == 404


def test_photo_is_not_found_when_there_is_none(as_user, participant, facilitator):
    assert not participant.photo

    assert as_user(facilitator).get(photo_url(participant)).status_code == 404


def test_a_visitor_is_sent_to_log_in_for_a_photo(client, person):
    response = client.get(photo_url(person))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_admin_checks_uploaded_photos_like_the_profile_page(participant):
    from leerplatform.accounts.forms import AdminUserEditForm

    fake = SimpleUploadedFile("portrait.jpg", b"not really an image", content_type="image/jpeg")
    form = AdminUserEditForm(
        data={"email": participant.email, "name": participant.name},
        files={"photo": fake},
        instance=participant,
    )
    assert not form.is_valid()
    assert form.has_error("photo", code="invalid_image")


def test_too_many_years_of_experience_keep_their_message(as_user, participant):
    # The rule lives on the model (User.years_of_experience); the profile form shows its message.
    response = as_user(participant).post(
        PROFILE_URL, profile_data(participant, name="Nieuwe Naam", years_of_experience="61")
    )

    assert response.context["form"].errors["years_of_experience"] == [
        "Vul een aantal jaren in tussen 0 en 60."
    ]
