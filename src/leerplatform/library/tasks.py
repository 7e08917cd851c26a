"""Reading the text inside uploaded files for search, off the request path (django-tasks).

`services_files` enqueues `extract_text` once the upload's transaction commits. The task receives
the version's id, reads the row again (it may have been purged since), and writes the text and its
status through `services_files.read_text`; a file that cannot be read is marked so, never raised.
"""

from __future__ import annotations

from django_tasks import task


@task()
def extract_text(version_id: int) -> str:
    """Read the text of one file version and re-index its document; returns the status."""
    from leerplatform.library.services_files import read_text

    return read_text(version_id=version_id)
