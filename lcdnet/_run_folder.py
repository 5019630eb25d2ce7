"""One run, one consistent folder: what ``lcdnet reproduce`` and ``lab`` write.

A run never writes straight into its output folder. :class:`RunFolder`

1. locks the folder (a second run into it fails at once, naming the
   process that holds it), and refuses a folder whose ``results.json`` is
   not lcdnet's or belongs to the other command;
2. gives the run a hidden staging folder inside it, where every file is
   written;
3. publishes the staged files when the run is complete: they replace the
   files the previous run's manifest lists, as a whole, and nothing else.
   A user's own files are never touched, even with ``--out .``.

If the run stops before that, the staging folder is removed and the output
folder is as it was (a folder the run created is removed again). The
manifest is the ``"files"`` list of ``results.json``'s ``"run"`` record.
Publishing writes a ``results.json`` with ``"completed": false`` listing
the old files and the new first, so that even a run killed while
publishing (``kill -9``, a power cut) leaves a record from which the next
run cleans up.

The lock is ``fcntl.flock``: POSIX (Linux, macOS); it is released by the
system when the process ends, however it ends. Elsewhere a lock file
created exclusively stands in, which a killed run leaves behind (the
message names it).
"""

from __future__ import annotations

import json
import os
import pathlib
import secrets
import shutil
from collections.abc import Callable, Iterable
from typing import Any, Literal

from lcdnet._atomic import TEMPORARY_MARK
from lcdnet._types import PathLike

try:
    import fcntl
except ImportError:  # not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["RunFolder", "RunFolderError", "RESULTS_FILE"]

RESULTS_FILE = "results.json"
LOCK_FILE = ".lcdnet-lock"
STAGING_PREFIX = ".lcdnet-staging-"


class RunFolderError(Exception):
    """The output folder cannot take this run; the message says why."""


class RunFolder:
    """A run's output folder: locked, staged and published whole.

    Use it as a context manager. Inside, write into :attr:`staging`; call
    :meth:`publish` once everything is written. Leaving the block without
    publishing removes the staging folder.

    Parameters
    ----------
    out : pathlib.Path
        The output folder; created if missing.
    command : str
        ``"reproduce"`` or ``"lab"``: a folder holds the records of one.
    reserved_files, reserved_folders : sequence of str
        Names in ``out`` the run will write besides its figures (a model
        file, a folder of logs): refused before the run starts if a file of
        that name exists that no earlier manifest lists.

    Examples
    --------
    >>> import tempfile
    >>> def write_record(folder, run):
    ...     text = json.dumps({"run": run, "comparisons": []})
    ...     (folder / RESULTS_FILE).write_text(text)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "results"
    >>> with RunFolder(out, "reproduce") as folder:
    ...     _ = (folder.staging / "numbers.txt").write_text("42")
    ...     folder.publish(write_record, {"seed": 0})
    >>> sorted(path.name for path in out.iterdir())
    ['numbers.txt', 'results.json']
    >>> run = json.loads((out / "results.json").read_text())["run"]
    >>> run["command"], run["completed"], run["files"]
    ('reproduce', True, ['numbers.txt', 'results.json'])
    """

    def __init__(
        self,
        out: PathLike,
        command: str,
        *,
        reserved_files: Iterable[str] = (),
        reserved_folders: Iterable[str] = (),
    ) -> None:
        self.out = pathlib.Path(out)
        self.command = command
        self.reserved_files = tuple(reserved_files)
        self.reserved_folders = tuple(reserved_folders)
        #: The hidden folder files are written to, inside ``out``: made
        #: when the ``with`` block starts, removed when it ends.
        self.staging = self.out / (
            f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        )
        self.published = False
        self._created: list[pathlib.Path] = []
        self._lock: _Lock | None = None
        self._previous: frozenset[str] = frozenset()

    def __enter__(self) -> RunFolder:
        try:
            self._create_out()
            self._lock = _Lock(self.out / LOCK_FILE)
            self._previous = self._read_previous_manifest()
            self._refuse_foreign_names(
                self.reserved_files, self.reserved_folders
            )
            self._remove_stale_staging()
            self.staging.mkdir()
        except OSError as error:
            self._clean_up()
            raise RunFolderError(
                f"cannot write to --out {str(self.out)!r}: "
                f"{error.strerror or error}"
            ) from error
        except BaseException:
            self._clean_up()
            raise
        return self

    def __exit__(self, *exception: object) -> Literal[False]:
        self._clean_up()
        return False

    # ------------------------------------------------------------ publishing

    def staged_files(self) -> list[str]:
        """Every file in the staging folder, as sorted relative POSIX paths."""
        return sorted(
            path.relative_to(self.staging).as_posix()
            for path in self.staging.rglob("*")
            if path.is_file() and TEMPORARY_MARK not in path.name
        )

    def publish(
        self,
        write_record: Callable[[pathlib.Path, dict[str, Any]], object],
        run: dict[str, Any],
    ) -> None:
        """Move the staged files into the folder, replacing the previous run's.

        ``write_record(folder, run)`` writes ``results.json`` into
        ``folder``, with ``run`` as its ``"run"`` record: ``run`` plus the
        command, ``"completed"`` and the manifest, ``"files"``.
        """
        files = [name for name in self.staged_files() if name != RESULTS_FILE]
        self._refuse_foreign_names(files)
        manifest = sorted({*files, RESULTS_FILE})
        run = {**run, "command": self.command}
        write_record(
            self.staging, {**run, "completed": True, "files": manifest}
        )
        # First a record naming old and new files alike, so that a run killed
        # half-way through publishing leaves nothing the next run cannot clean.
        write_record(
            self.out,
            {
                **run,
                "completed": False,
                "files": sorted({*manifest, *self._previous}),
            },
        )
        for name in files:
            target = self.out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / name, target)
        for name in sorted(self._previous - set(manifest)):
            self._remove_published(name)
        os.replace(self.staging / RESULTS_FILE, self.out / RESULTS_FILE)
        self.published = True

    def _refuse_foreign_names(
        self, files: Iterable[str], folders: Iterable[str] = ()
    ) -> None:
        """Raise if writing ``files`` and ``folders`` would replace others'."""
        for name in [*files, *folders]:
            relative = pathlib.PurePosixPath(name)
            for folder in [
                *relative.parents[:-1],
                *([relative] if name in folders else []),
            ]:
                path = self.out / folder
                if path.exists() and not path.is_dir():
                    raise _foreign(
                        path, "is a file, where this run writes a folder"
                    )
        for name in files:
            path = self.out / name
            if path.is_dir():
                raise _foreign(
                    path, "is a folder, where this run writes a file"
                )
            if path.exists() and name not in self._previous:
                raise _foreign(
                    path,
                    f"exists and no earlier lcdnet run in {str(self.out)!r} "
                    f"wrote it",
                )

    def _remove_published(self, name: str) -> None:
        """Remove a file of the previous run, and folders that leaves empty."""
        path = self.out / name
        path.unlink(missing_ok=True)
        for folder in pathlib.PurePosixPath(name).parents[:-1]:
            try:
                (self.out / folder).rmdir()
            except OSError:  # not empty: it holds someone else's files
                break

    # ------------------------------------------------------------ the folder

    def _create_out(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise RunFolderError(
                f"--out {str(self.out)!r} is a file, not a folder"
            )
        missing = [
            folder
            for folder in [self.out, *self.out.parents]
            if not folder.exists()
        ]
        for folder in reversed(missing):
            folder.mkdir()
            self._created.append(folder)

    def _read_previous_manifest(self) -> frozenset[str]:
        """The files the previous record lists; refuse another command's."""
        path = self.out / RESULTS_FILE
        if not path.exists():
            return frozenset()
        record = _read_record(path)
        if record is None:
            raise _foreign(path, "is not a record of lcdnet")
        command, files = record
        if command != self.command:
            raise RunFolderError(
                f"--out {str(self.out)!r} holds the results of 'lcdnet "
                f"{command}'; 'lcdnet {self.command}' keeps its own records "
                f"apart: choose another --out"
            )
        return frozenset(files)

    def _remove_stale_staging(self) -> None:
        """Remove staging folders of killed runs (we hold the lock)."""
        for path in self.out.glob(f"{STAGING_PREFIX}*"):
            shutil.rmtree(path, ignore_errors=True)

    def _clean_up(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if not self.published:
            for folder in reversed(self._created):
                try:
                    folder.rmdir()
                except OSError:
                    break
        self._created = []


def _foreign(path: pathlib.Path, what: str) -> RunFolderError:
    return RunFolderError(
        f"{str(path)!r} {what}; lcdnet never replaces what it did not "
        f"write: move it, or choose another --out"
    )


def _read_record(
    path: pathlib.Path,
) -> tuple[str | None, list[str]] | None:
    """``(command, files)`` of an lcdnet results.json, else None.

    Only names inside the folder count (a record edited to list
    ``../elsewhere`` does not make lcdnet remove it). Records of lcdnet 0.2
    have no manifest: their files are the figures, the model file and the
    TensorBoard event files they name.
    """
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or not isinstance(
        record.get("comparisons"), list
    ):
        return None
    run = record.get("run")
    if isinstance(run, dict) and isinstance(run.get("files"), list):
        return run.get("command"), _inside(run["files"])
    figures = record.get("figures")
    if not isinstance(figures, list):
        return None
    files = [RESULTS_FILE, *figures]
    if "model_file" not in record:
        return "lab", _inside(files)
    logs = str(record.get("tensorboard_dir", "tensorboard"))
    events = [
        f"{logs}/{event.name}"
        for event in (path.parent / logs).glob("events.out.tfevents.*")
    ]
    return "reproduce", _inside([*files, record["model_file"], *events])


def _inside(names: Iterable[str]) -> list[str]:
    """The names that are relative paths staying inside their folder."""
    inside = []
    for name in names:
        relative = pathlib.PurePosixPath(str(name))
        if (
            str(name)
            and not relative.is_absolute()
            and ".." not in relative.parts
            and "\\" not in str(name)
            and ":" not in str(name)
        ):
            inside.append(relative.as_posix())
    return inside


class _Lock:
    """An exclusive lock on ``path``, taken at once or refused."""

    def __init__(self, path: pathlib.Path) -> None:
        self.path = path
        self.descriptor = (
            _lock_posix(path) if fcntl is not None else _lock_exclusive(path)
        )

    def release(self) -> None:
        # Unlink before closing: a run waiting on the old file then sees it
        # is gone and locks a new one (see _lock_posix).
        self.path.unlink(missing_ok=True)
        os.close(self.descriptor)


def _lock_posix(path: pathlib.Path) -> int:
    while True:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(descriptor, 64).decode("ascii", "replace").strip()
            os.close(descriptor)
            raise _in_use(path, holder) from None
        try:
            same = os.stat(path).st_ino == os.fstat(descriptor).st_ino
        except (
            FileNotFoundError
        ):  # released and removed by the run that held it
            same = False
        if same:
            os.ftruncate(descriptor, 0)
            os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
            return descriptor
        os.close(descriptor)


def _lock_exclusive(path: pathlib.Path) -> int:
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        holder = path.read_text(encoding="ascii", errors="replace").strip()
        raise _in_use(path, holder, stale_hint=True) from None
    os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
    return descriptor


def _in_use(
    path: pathlib.Path, holder: str, stale_hint: bool = False
) -> RunFolderError:
    by = f" (process {holder})" if holder.isdigit() else ""
    hint = (
        f"; if no lcdnet run is active, remove {str(path)!r}"
        if stale_hint
        else ""
    )
    return RunFolderError(
        f"--out {str(path.parent)!r} is in use by another lcdnet run{by}: "
        f"wait for it to finish, or choose another --out{hint}"
    )
