"""Reading a file's text in a child process with limits, so that a hostile file cannot hold or
exhaust the process that asked (a web worker, the task worker).

`read(data, content_type)` starts `python -m leerplatform.library.extract_worker`, hands it the
file's bytes on stdin and gets the text back on stdout. The child sets its own limits before it
reads a byte: CPU time (RLIMIT_CPU: the kernel stops it), address space (RLIMIT_AS: a
decompression bomb ends in MemoryError), no files written, no core dumps; it gets no environment
of ours (no database address, no secret key) and imports nothing of Django: Django is imported in
`read()`, in the parent, so the child's address space holds only Python, this module, `extract`
and the reader it needs (pypdf or lxml), and the memory limit is spent on the file. The parent
waits at most a wall-clock timeout and kills it after that. Whatever goes wrong (a limit, a crash,
damaged or encrypted input) raises `extract.ExtractionError`.

The limits are settings: LIBRARY_EXTRACT_CPU_SECONDS, LIBRARY_EXTRACT_MEMORY_MB and
LIBRARY_EXTRACT_TIMEOUT_SECONDS; the pages and characters read are limited in `extract`.
"""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from leerplatform.library import extract
from leerplatform.library.extract import ExtractionError

# The exit code for "this file cannot be read" (damaged, encrypted, too large once unpacked).
UNREADABLE = 3
_SRC = str(Path(__file__).resolve().parents[2])  # the folder that holds `leerplatform`


def _limit_self(cpu_seconds: int, memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _main(argv: list[str]) -> int:
    content_type, cpu_seconds, memory_bytes = argv[0], int(argv[1]), int(argv[2])
    _limit_self(cpu_seconds, memory_bytes)
    data = sys.stdin.buffer.read()
    try:
        text = extract.extract_text(io.BytesIO(data), content_type)
    except extract.ExtractionError as error:
        sys.stderr.write(f"{error}\n")
        return UNREADABLE
    sys.stdout.buffer.write(text.encode("utf-8", errors="replace"))
    sys.stdout.flush()
    return 0


def read(data: bytes, content_type: str) -> str:
    """The text of `data` read by a limited child process (see the module's description)."""
    # Imported here, not at the top: the child runs this module and must not load Django (about
    # 10 MB of its address space, and code it has no use for) before it sets its limits.
    from django.conf import settings  # noqa: PLC0415

    cpu = settings.LIBRARY_EXTRACT_CPU_SECONDS
    memory = settings.LIBRARY_EXTRACT_MEMORY_MB * 1024 * 1024
    # -s: no user site-packages; -B: no bytecode written (the child may write no file at all).
    command = [sys.executable, "-s", "-B", "-m", __name__, content_type, str(cpu), str(memory)]
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": _SRC,
        "LC_ALL": "C.UTF-8",
    }
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            command,
            input=data,
            capture_output=True,
            timeout=settings.LIBRARY_EXTRACT_TIMEOUT_SECONDS,
            env=environment,
            cwd=_SRC,
            check=False,
        )
    except subprocess.TimeoutExpired as error:  # run() has killed the child
        raise ExtractionError("took longer than the time limit") from error
    if done.returncode == -signal.SIGXCPU:  # the kernel stopped it at RLIMIT_CPU
        raise ExtractionError("used more CPU time than the limit")
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        detail = reason[-1][:300] if reason else f"exit status {done.returncode}"
        raise ExtractionError(f"could not be read in the child process: {detail}")
    return done.stdout.decode("utf-8", errors="replace")


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
