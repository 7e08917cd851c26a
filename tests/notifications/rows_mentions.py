"""Permission rows of the mentions views: the autocomplete is for the edition's active members."""

from django.urls import reverse

from tests.permission_support import Row

ROWS = [
    Row(
        "notifications:mention_people",
        lambda w: (
            reverse("notifications:mention_people", kwargs={"edition_pk": w.edition.pk}) + "?q=Olga"
        ),
        {
            "visitor": 302,
            "outsider": 403,
            "participant": 200,
            "facilitator": 200,
            "staff": 403,  # not a member of the edition: nobody to mention there
            "ex_member": 403,
        },
    ),
]
