"""The library's domain events: the signals its services send.

Other apps connect to them in their `receivers.py` (search keeps its index, showcase keeps the
offer to the field in step with the visibility a document's people chose); the library's own
`tasks.py` reads the text of new files. Every event is sent inside the service's transaction,
after the document and its relations are saved; a receiver that raises undoes the whole change.
"""

from __future__ import annotations

from django.dispatch import Signal

# A document changed in what search finds: added, changed, a file or version added or restored,
# the text of its files read, moved to the bin or out of it. kwargs: document.
document_changed = Signal()

# A new document was added, with its files and relations saved and its visibility final (after a
# choice of "public"). kwargs: document, actor.
document_added = Signal()

# "Public" was chosen for a document, or it is public or offered to the field already and was
# saved again. kwargs: document (locked, its authors saved, at most edition-wide or public
# already), actor, chosen (bool: chosen now by the actor, whose own yes counts if they are an
# author), notify (bool: email the authors asked). A receiver may raise ValidationError.
public_chosen = Signal()

# Less than public was chosen for a document that was public or offered to the field; its
# visibility is saved already. kwargs: document.
public_taken_back = Signal()

# A document became confidential (vertrouwelijk). kwargs: document.
made_confidential = Signal()

# A file version was stored: uploaded, or an earlier one restored. kwargs: version (its
# `uploaded_by` is who stored it).
version_stored = Signal()
