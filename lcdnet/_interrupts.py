"""Ctrl-C and SIGTERM as exceptions that let every clean-up run.

While :func:`installed`, SIGINT raises :class:`KeyboardInterrupt` (as
Python does anyway) and SIGTERM raises :class:`Terminated`, where Python
would end the process at once, leaving half-written files behind. Only the
first signal raises: later ones wait, so that the clean-up it starts is not
cut short. Inside :func:`deferred` (publishing a run, milliseconds) a
signal waits until the block ends, then raises.

Signals are POSIX (Linux, macOS); on Windows only Ctrl-C arrives this way.
Handlers can only be installed from the main thread; elsewhere nothing is
installed and Python's defaults stay.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

__all__ = ["Terminated", "installed", "deferred", "exit_status", "state"]


class Terminated(BaseException):
    """SIGTERM, raised as KeyboardInterrupt is: past ``except Exception``."""


class _State:
    def __init__(self) -> None:
        self.pending: int | None = None
        self.deferring = False


state = _State()

#: The exit status of a program ended by each signal, as shells report it.
_STATUS = {number: 128 + number for number in (signal.SIGINT, signal.SIGTERM)}


@contextlib.contextmanager
def installed() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into exceptions for the block, then restore."""
    state.pending = None
    previous = {}
    for number in _STATUS:
        try:
            # A signal ignored by the parent (nohup, say) stays ignored.
            if signal.getsignal(number) is not signal.SIG_IGN:
                previous[number] = signal.signal(number, _handle)
        except ValueError:  # not the main thread: leave signals alone
            break
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold a signal back until the block ends, then raise it."""
    state.deferring = True
    try:
        yield
    finally:
        state.deferring = False
    if state.pending is not None:
        _raise(state.pending)


def exit_status(interrupt: BaseException) -> int:
    """130 for KeyboardInterrupt (Ctrl-C), 143 for :class:`Terminated`."""
    terminated = isinstance(interrupt, Terminated)
    return _STATUS[signal.SIGTERM if terminated else signal.SIGINT]


def _handle(number: int, frame: FrameType | None) -> None:
    if state.pending is not None or state.deferring:
        state.pending = state.pending or number
        return
    state.pending = number
    _raise(number)


def _raise(number: int) -> None:
    raise KeyboardInterrupt if number == signal.SIGINT else Terminated
