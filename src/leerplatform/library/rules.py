"""Who may do what in the library.

The object is an Edition (browsing, adding) or a Document with `edition` and `group` loaded.
Seeing a document is the one visibility rule (core.visibility.is_visible with the document's
group): public for everyone, edition for its members, group for the group's active members only,
facilitators and staff included. Everything else needs that first, so that no action, page or
error ever mentions a document one may not see. Documents in the bin are seen only by those who
may restore them: their authors, the members of their group and the edition's facilitators.
"""

from __future__ import annotations

import rules

from leerplatform.accounts.rules import is_staff
from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_member, roles_of
from leerplatform.groups.visibility import is_visible

__all__ = ["is_staff"]


@rules.predicate
def sees(user, document) -> bool:
    if document is None or not is_visible(user, document, group_field="group"):
        return False
    # An unpublished edition (in preparation) shows nothing outside itself, not even its public
    # documents; a closed one stays readable (Edition.is_public).
    return document.edition.is_public or document.edition_id in roles_of(user)


@rules.predicate
def is_alive(user, document) -> bool:
    return document is not None and document.deleted_at is None


@rules.predicate
def is_author(user, document) -> bool:
    if document is None or not user.is_authenticated:
        return False
    cached = getattr(document, "_author_ids", None)
    if cached is None:
        cached = set(document.authors.values_list("pk", flat=True))
        document._author_ids = cached
    return user.pk in cached


@rules.predicate
def in_documents_group(user, document) -> bool:
    if document is None or document.group_id is None or not user.is_authenticated:
        return False
    # `active()` also requires an active membership of the group's edition.
    return document.group.memberships.active().filter(user=user).exists()


@rules.predicate
def facilitates(user, document) -> bool:
    return document is not None and roles_of(user).get(document.edition_id) == Role.FACILITATOR


@rules.predicate
def edition_member(user, document) -> bool:
    return document is not None and document.edition_id in roles_of(user)


# Those who look after a document: its authors, its group, the edition's facilitators.
looks_after = edition_member & (is_author | in_documents_group | facilitates)

# On an Edition: browsing shows each person what they may see (visitors: the public documents).
rules.add_perm("library.browse", rules.always_allow)
rules.add_perm("library.add_document", is_member)
rules.add_perm("library.view_bin", is_member)
# On a Document
rules.add_perm("library.view_document", is_alive & sees)
rules.add_perm("library.download", is_alive & sees)
rules.add_perm("library.change_document", is_alive & sees & looks_after)
rules.add_perm("library.delete_document", is_alive & sees & looks_after)
rules.add_perm("library.restore_document", ~is_alive & sees & looks_after)
