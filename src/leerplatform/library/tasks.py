"""Reading the text inside uploaded files for search, off the request path.

`services.files` sends `events.version_stored` for every version it stores; `queue_text_reading`
below enqueues the `extract_text` task for a version whose text is pending, in the upload's
transaction (the database queue, `core.queue.enqueue_on_commit`; a task worker runs it). With the
in-process ("immediate") backend, which would run the task inside the request, `read_text_later`
hands the version, once the upload commits, to a small pool of background threads of this process instead, so the request answers
at once: the web worker only waits, on that thread, for the limited child process that does the
reading (`extract_worker`), and the status is written when it ends. Either way the task reads the
row again (it may have been purged since) and writes the text and a final status through
`services.files.read_text`; a file that cannot be read is marked so, never raised.

LIBRARY_EXTRACT_IN_THREAD = False (the test settings) runs the task where `read_text_later` is
called instead: the tests' own transaction never commits, so a thread could not see their rows;
the tests capture the on-commit callbacks, which run after the request has answered.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.dispatch import receiver
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from leerplatform.core.queue import enqueue, enqueue_on_commit
from leerplatform.library import events
from leerplatform.library.models import FileVersion, TextStatus
from leerplatform.library.services.files import read_text

logger = logging.getLogger(__name__)

# One reader at a time per web process: each one is a child process using up to a CPU core.
_THREADS = 1
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


@task()
def extract_text(version_id: int) -> str:
    """Read the text of one file version and re-index its document; returns the status."""
    return read_text(version_id=version_id)


def _background() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=_THREADS, thread_name_prefix="extract-text")
        return _pool


def _read_on_this_thread(version_id: int) -> None:
    close_old_connections()
    try:
        extract_text.call(version_id)
    except Exception:  # read_text never raises for a bad file; this is the database or a bug
        logger.exception("Reading the text of file version %s failed", version_id)
    finally:
        connections.close_all()  # this thread's own connections


def read_text_later(version_id: int):
    """Have the text of a version read outside the request (call it after the commit)."""
    if not isinstance(extract_text.get_backend(), ImmediateBackend):
        return enqueue(extract_text, version_id)
    if settings.LIBRARY_EXTRACT_IN_THREAD:
        return _background().submit(_read_on_this_thread, version_id)
    return extract_text.call(version_id)


@receiver(events.version_stored, dispatch_uid="library_read_text_later")
def queue_text_reading(sender, version: FileVersion, **kwargs) -> None:
    """A version whose text is still to be read is read once the transaction commits."""
    if version.text_status != TextStatus.PENDING:
        return
    if isinstance(extract_text.get_backend(), ImmediateBackend):
        transaction.on_commit(partial(read_text_later, version.pk))
    else:
        enqueue_on_commit(extract_text, version.pk)
