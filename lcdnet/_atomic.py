"""Replace a file all at once, or not at all: the one way lcdnet writes a file.

:func:`write_atomically` lets a writer fill a temporary file in the target's
own folder, flushes it to the disk (``fsync``) and only then moves it over
the target with :func:`os.replace`, which swaps the name in one step. If
the writer fails, the disk fills or the run is interrupted, the old file
stays exactly as it was and the temporary file is removed. Readers see the
old file or the new one, never a half-written one.

``os.replace`` is atomic on POSIX systems (Linux, macOS) when both names
are on one file system, which a temporary file in the same folder is; the
folder itself is fsynced too, so that the new name survives a power cut.
On Windows ``os.replace`` also replaces in one step, but fails while
another program holds the target open; folders cannot be fsynced there.

Pure Python: no NumPy, Keras or matplotlib.
"""

from __future__ import annotations

import os
import pathlib
import secrets
import stat
from collections.abc import Callable

from lcdnet._types import PathLike

__all__ = ["write_atomically", "write_text_atomically", "TEMPORARY_MARK"]

#: Part of every temporary file's name, so that a leftover one is recognisable.
TEMPORARY_MARK = ".lcdnet-partial-"


def write_atomically(
    path: PathLike, write: Callable[[pathlib.Path], object]
) -> pathlib.Path:
    """Call ``write(temporary)``, then move that file over ``path`` at once.

    The temporary file sits next to ``path`` and ends with the same suffix
    (Keras and matplotlib read the format from it); it exists, empty, when
    ``write`` is called. A new file gets the usual permissions (0o666 less
    the umask); a replaced one keeps its own.

    Parameters
    ----------
    path : pathlib.Path
        The file to create or replace; its folder must exist.
    write : callable
        ``write(temporary_path)`` writes the whole content; its return
        value is ignored.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> _ = write_atomically(target, lambda part: part.write_text("old"))
    >>> def fail(temporary):
    ...     temporary.write_text("half of the new")
    ...     raise OSError(28, "No space left on device")
    >>> write_atomically(target, fail)
    Traceback (most recent call last):
    ...
    OSError: [Errno 28] No space left on device
    >>> target.read_text(), [item.name for item in target.parent.iterdir()]
    ('old', ['notes.txt'])
    """
    path = pathlib.Path(path)
    temporary = _create_temporary(path)
    try:
        write(temporary)
        _fsync(temporary, os.O_RDWR)
        _keep_permissions(path, temporary)
        os.replace(temporary, path)
    except (
        BaseException
    ):  # an interrupt too: never leave the partial file behind
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)
    return path


def write_text_atomically(path: PathLike, text: str) -> pathlib.Path:
    """Replace ``path`` with ``text`` (UTF-8) in one step.

    See :func:`write_atomically`.

    Examples
    --------
    >>> import tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "results.json"
    >>> write_text_atomically(target, "{}\\n").read_text()
    '{}\\n'
    """
    return write_atomically(
        path, lambda temporary: temporary.write_text(text, encoding="utf-8")
    )


def _create_temporary(path: pathlib.Path) -> pathlib.Path:
    """A new, empty file next to ``path``, with the same suffix."""
    while True:
        temporary = path.with_name(
            f".{path.stem}{TEMPORARY_MARK}{secrets.token_hex(4)}{path.suffix}"
        )
        try:
            os.close(
                os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            )
            return temporary
        except (
            FileExistsError
        ):  # pragma: no cover - 2**32 names to choose from
            continue


def _keep_permissions(path: pathlib.Path, temporary: pathlib.Path) -> None:
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    os.chmod(temporary, mode)


def _fsync(path: PathLike, flags: int) -> None:
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_folder(folder: PathLike) -> None:
    """Make the folder's new entry durable, where a folder can be fsynced."""
    if os.name != "posix":
        return
    try:
        _fsync(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except (
        OSError
    ):  # some file systems refuse fsync on a folder; the data is safe
        pass
