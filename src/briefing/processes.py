"""Signals and child processes: one clean exit on Ctrl-C or SIGTERM, no child outliving its parent.

The CLI runs each command inside :func:`handle_signals`: SIGINT and SIGTERM raise
:class:`Interrupted` in the main thread, so ``finally`` blocks run (temporary files are removed,
children stopped) and the command exits ``128 + signal`` (130, 143) with one line.

Children (the background renderer, batch workers) call :func:`become_child` first. They ignore
SIGINT, which a terminal sends to the whole process group on Ctrl-C: the parent decides and stops
them (:func:`stop_children`), instead of every worker raising in the middle of its work and the
parent waiting on a worker that blocks on the pool's queue. SIGTERM kills them at once. On Linux
each child also asks the kernel for SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``):
a process group would not help when the parent is SIGKILLed or an operator signals only its PID,
whereas the parent-death signal arrives however the parent ends. Elsewhere the parent's handlers
still stop the children on SIGINT and SIGTERM.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing import settings

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


@dataclass(frozen=True, slots=True)
class ProcessSettings:
    stop_grace_seconds: float  # a stopped child gets this long to end after SIGTERM, then SIGKILL


SETTINGS = settings.register(ProcessSettings, "processes.yaml")


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; a ``BaseException`` so that ``except Exception`` passes it on."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """``128 + signal number`` as shells report it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum

    @property
    def message(self) -> str:
        return "interrupted" if self.signum == signal.SIGINT else "terminated"


@contextlib.contextmanager
def handle_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Interrupted` while the block runs (main thread only).

    Only the first signal raises: a second Ctrl-C while children are being stopped is ignored, so
    the clean-up (bounded by ``stop_grace_seconds``) is not cut short. The previous handlers are
    restored afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised: list[int] = []

    def interrupt(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 - signal's signature
        if not raised:
            raised.append(signum)
            raise Interrupted(signum)

    previous = {sig: signal.signal(sig, interrupt) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back (not lost) while child processes are started.

    A child inherits the blocked mask, across ``exec`` too (spawned workers), so it cannot be
    interrupted before :func:`become_child` has set its own handling; the parent gets any signal
    that arrived as soon as the block ends.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def become_child() -> None:
    """In a child process, first thing: ignore Ctrl-C, die on SIGTERM and with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: SIGKILL this process when its parent ends; exit now if the parent is already gone."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc: Any = ctypes.CDLL(None, use_errno=True)  # this process's symbols, libc's among them
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc or no prctl: the parent's handlers still stop us
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # the parent died before prctl
        os._exit(1)


def stop_children() -> None:
    """Terminate every child process started with :mod:`multiprocessing`; kill those still alive
    after ``stop_grace_seconds``. Returns when all of them have ended."""
    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + SETTINGS().stop_grace_seconds
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()
            child.join()
