"""Rows of the permission table for issue 18's group pages: removing a member, deleting an
activity to the bin and restoring it (see tests/test_permissions.py; joined into ROWS by
tests/groups/permission_rows.py). Every row names every role, the ex-member included."""

from __future__ import annotations


def _expect(visitor, outsider, participant, facilitator, staff, ex_member) -> dict:
    return {
        "visitor": visitor,
        "outsider": outsider,
        "participant": participant,
        "facilitator": facilitator,
        "staff": staff,
        "ex_member": ex_member,
    }


def _rows():
    from django.urls import reverse

    from tests.groups.permission_rows import _a_activity, _g_group
    from tests.permission_support import Row

    # "Groep met deelnemer": started by the facilitator (its coordinator), the participant joined.
    def remove(w):
        group = _g_group(w, "Groep met deelnemer", participant_joins=True)
        return reverse(
            "groups:remove_member",
            kwargs={"pk": group.pk, "person_pk": w.users["participant"].pk},
        )

    # One activity in a group that shares its activities with the edition (only the other
    # participant in it), one in a group that keeps them (the participant and the other in it);
    # nobody in the World logged them, so the participant is neither its logger nor coordinator.
    def activity_url(name, *, shared):
        def url(w):
            item = _a_activity(w, shared=shared)
            return reverse(f"groups:{name}", kwargs={"pk": item.group_id, "activity_pk": item.pk})

        return url

    return [
        # Facilitators (and staff) take someone out of a group; a coordinator may not.
        Row("groups:remove_member", remove, _expect(302, 403, 403, 200, 200, 403)),
        Row(
            "groups:remove_member",  # without a reason: the form comes back
            remove,
            _expect(302, 403, 403, 400, 400, 403),
            method="post",
            data={"reason": ""},
        ),
        # Deleting: who logged it, coordinators, and facilitators where they see the activity;
        # whoever does not see it gets a 404.
        Row(
            "groups:delete_activity",
            activity_url("delete_activity", shared=True),
            _expect(302, 404, 403, 200, 404, 404),
        ),
        Row(
            "groups:delete_activity",
            activity_url("delete_activity", shared=False),
            _expect(302, 404, 403, 404, 404, 404),
        ),
        Row(
            "groups:delete_activity",
            activity_url("delete_activity", shared=True),
            _expect(302, 404, 403, 302, 404, 404),
            method="post",
        ),
        # Restoring is a POST; an activity not in the bin is refused with a message (302).
        Row(
            "groups:restore_activity",
            activity_url("restore_activity", shared=True),
            _expect(302, 405, 405, 405, 405, 405),
        ),
        Row(
            "groups:restore_activity",
            activity_url("restore_activity", shared=True),
            _expect(302, 404, 403, 302, 404, 404),
            method="post",
        ),
    ]


ROWS_LOOSE_ENDS = _rows()
