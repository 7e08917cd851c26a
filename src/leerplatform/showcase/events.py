"""The showcase's domain events: the signals its services send.

`tasks.py` connects the ones that need background work (emails, the closing report's PDF), each
queued once the service's transaction commits; search connects the ones that change what it may
find (`receivers.py` of the search app). Every event is sent inside the service's transaction.
"""

from __future__ import annotations

from django.dispatch import Signal

# Authors are asked for their consent to an output (offered, offered again, or reminded).
# kwargs: output, author_ids (list of user ids), reminder (bool), actor (who offered or
# reminded, or None).
consent_asked = Signal()

# An output of a document was published or unpublished; the document's visibility is saved.
# kwargs: output, document.
document_publication_changed = Signal()

# A new edition was started from a closed one and its invitations are saved. kwargs: edition (the
# new one).
edition_continued = Signal()

# A facilitator asked for a closing report. kwargs: report.
report_requested = Signal()

# The last author consented and the output is published. kwargs: output, actor (that author).
output_published = Signal()

# An author declined (asked) or withdrew (given) consent. kwargs: output, actor (that author),
# withdrawn (True when consent had been given), unpublished (True when the output was public).
consent_refused = Signal()

# A facilitator published a closing report. kwargs: report, actor.
closing_report_published = Signal()
