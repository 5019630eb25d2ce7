"""Argument checks shared by lcdnet's public functions.

The rule, everywhere in lcdnet: a value of the wrong *kind* (a string where
a number belongs, a float where an integer belongs, a list where a bool
belongs) raises TypeError; a value of the right kind but outside what is
accepted (a negative size, NaN, a learning rate of 0, an unknown option)
raises ValueError. Either message names the argument, shows the value and
says what is accepted. Checks run before any heavy work starts.

The vocabulary: :func:`check_int` and :func:`check_int_sequence` for whole
numbers, :func:`check_real` for real numbers in an interval,
:func:`check_bool`, :func:`check_choice`, :func:`check_path`,
:func:`check_seed` and :func:`as_numeric_array`; :func:`check_file_name`
for names inside a folder, and :func:`check_fits_in_memory` for sizes,
which counts the peak of the work against :func:`available_memory`. Pure
NumPy, like :mod:`lcdnet.digits`.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import numbers
import os
import pathlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import numpy as np
from numpy.typing import DTypeLike, NDArray

from lcdnet._types import IntArray

#: A function that :func:`checked` wraps, its signature kept.
F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
#: What :meth:`Constraint.bad_values` lists: a value and the error it gets.
BadValues = list[tuple[Any, type[Exception]]]


def is_integer(value: object) -> bool:
    """True for Python and NumPy integers, False for bools.

    Examples
    --------
    >>> (is_integer(3), is_integer(np.int64(3)), is_integer(True),
    ...  is_integer(3.0))
    (True, True, False, False)
    """
    return isinstance(value, numbers.Integral) and not isinstance(
        value, (bool, np.bool_)
    )


def check_int(
    name: str,
    value: Any,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    minimum_name: str | None = None,
) -> int:
    """Return ``value`` as an int, or raise naming ``name`` and the accepted
    range.

    ``minimum_name`` names the quantity that sets the minimum, when that is
    another argument (for example ``img_size >= shape_size``).

    Examples
    --------
    >>> check_int("n", np.int64(3), minimum=0)
    3
    >>> check_int("n", -1, minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: n must be a non-negative integer, got -1
    >>> check_int("digit", 10, minimum=0, maximum=9)
    Traceback (most recent call last):
    ...
    ValueError: digit must be an integer in 0..9, got 10
    """
    accepted = _describe_int_range(minimum, maximum, minimum_name)
    if not is_integer(value):
        raise TypeError(
            f"{name} must be {accepted}, got {value!r} "
            f"({type(value).__name__})"
        )
    if (minimum is not None and value < minimum) or (
        maximum is not None and value > maximum
    ):
        raise ValueError(f"{name} must be {accepted}, got {value!r}")
    return int(value)


def check_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    closed: str = "both",
    meaning: str = "",
) -> float:
    """Return ``value`` as a float if it is a finite real number in range,
    else raise.

    The one range check for real numbers (the spirit of scikit-learn's
    ``Interval``): ``low`` and ``high`` bound the value (None: unbounded),
    ``closed`` says which bounds are allowed ("both", "left", "right" or
    "neither"). A bool, a string or a complex number raises TypeError; NaN,
    infinity or a value out of range raises ValueError. ``meaning`` is added
    to the message in brackets, to say what the number is.

    Examples
    --------
    >>> check_real("learning_rate", 0.03, low=0, closed="neither")
    0.03
    >>> check_real("test_fraction", 1.0, low=0, high=1, closed="neither")
    Traceback (most recent call last):
    ...
    ValueError: test_fraction must be a real number in (0, 1), got 1.0
    >>> check_real("noise", "0.1", low=0)
    Traceback (most recent call last):
    ...
    TypeError: noise must be a real number >= 0, got '0.1' (str)
    """
    accepted = describe_interval(low, high, closed) + (
        f" ({meaning})" if meaning else ""
    )
    if not is_real(value):
        raise TypeError(
            f"{name} must be {accepted}, got {value!r} "
            f"({type(value).__name__})"
        )
    number = float(value)
    if not (np.isfinite(number) and _within(number, low, high, closed)):
        raise ValueError(f"{name} must be {accepted}, got {number!r}")
    return number


def describe_interval(
    low: float | None, high: float | None, closed: str = "both"
) -> str:
    """Words for the real numbers between ``low`` and ``high``.

    Examples
    --------
    >>> describe_interval(0, None, "neither"), describe_interval(0, 1)
    ('a real number > 0', 'a real number in [0, 1]')
    """
    if closed not in _CLOSED_OPTIONS:
        raise ValueError(
            f"closed must be one of {_CLOSED_OPTIONS}, got {closed!r}"
        )
    low_closed = closed in ("both", "left")
    high_closed = closed in ("both", "right")
    if low is not None and high is not None:
        return (
            f"a real number in {'[' if low_closed else '('}{low:g}, "
            f"{high:g}{']' if high_closed else ')'}"
        )
    if low is not None:
        return f"a real number {'>=' if low_closed else '>'} {low:g}"
    if high is not None:
        return f"a real number {'<=' if high_closed else '<'} {high:g}"
    return "a finite real number"


_CLOSED_OPTIONS = ("both", "left", "right", "neither")


def _within(
    value: float, low: float | None, high: float | None, closed: str
) -> bool:
    low_closed = closed in ("both", "left")
    high_closed = closed in ("both", "right")
    above = low is None or (value >= low if low_closed else value > low)
    below = high is None or (value <= high if high_closed else value < high)
    return above and below


def check_bool(name: str, value: Any) -> bool:
    """Return ``value`` if it is a bool (Python or NumPy), else raise
    TypeError.

    Examples
    --------
    >>> check_bool("quick", True)
    True
    >>> check_bool("quick", 1)
    Traceback (most recent call last):
    ...
    TypeError: quick must be True or False, got 1 (int)
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(
            f"{name} must be True or False, got {value!r} "
            f"({type(value).__name__})"
        )
    return bool(value)


def check_choice(name: str, value: T, choices: Iterable[object]) -> T:
    """Return ``value`` if it is one of ``choices``, else raise ValueError
    naming them.

    Examples
    --------
    >>> check_choice("normalize", "true", (None, "true", "pred", "all"))
    'true'
    >>> check_choice("corruption", "blur", ("noise", "cutoff", "shadow"))
    Traceback (most recent call last):
    ...
    ValueError: corruption must be one of ['noise', 'cutoff', 'shadow'], \
got 'blur'
    """
    try:
        known = value in choices
    except TypeError:  # an unhashable value asked of a set or dict
        known = False
    if not known:
        raise ValueError(
            f"{name} must be one of {list(choices)!r}, got {value!r}"
        )
    return value


def check_instance(name: str, value: object, kind: type[T]) -> T:
    """Return ``value`` if it is an instance of ``kind``, else raise
    TypeError naming both.

    Examples
    --------
    >>> check_instance("record", [], dict)
    Traceback (most recent call last):
    ...
    TypeError: record must be a dict, got list
    """
    if not isinstance(value, kind):
        raise TypeError(
            f"{name} must be a {kind.__name__}, got {type(value).__name__}"
        )
    return value


def check_seed(seed: Any) -> int | None:
    """Return ``seed`` if it is None or a non-negative int, else raise.

    Examples
    --------
    >>> check_seed(None) is None, check_seed(7)
    (True, 7)
    """
    if seed is None:
        return None
    return check_int("seed", seed, minimum=0)


def check_required_seed(seed: Any) -> int:
    """Return ``seed`` if it is a non-negative int; None is refused.

    For functions whose results must be reproducible, such as the lessons.

    Examples
    --------
    >>> check_required_seed(0)
    0
    """
    if seed is None:
        raise TypeError(
            "seed must be a non-negative integer (lessons are reproducible), "
            "got None"
        )
    return check_int("seed", seed, minimum=0)


def check_int_sequence(
    name: str,
    values: Any,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
) -> tuple[int, ...]:
    """Return ``values`` as a tuple of ints, or raise naming ``name``.

    Examples
    --------
    >>> check_int_sequence("hidden_units", [256, np.int64(256)], minimum=1)
    (256, 256)
    >>> check_int_sequence("hidden_units", [], minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: hidden_units must be a non-empty sequence of positive \
integers, got []
    """
    accepted = "a non-empty sequence of " + (
        "positive integers"
        if minimum == 1 and maximum is None
        else f"integers in {minimum}..{maximum}"
        if maximum is not None
        else f"integers >= {minimum}"
    )
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be {accepted}, got {values!r}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} must be {accepted}, got {values!r}")
    try:
        return tuple(
            check_int(name, value, minimum=minimum, maximum=maximum)
            for value in values
        )
    except TypeError:
        raise TypeError(f"{name} must be {accepted}, got {values!r}") from None
    except ValueError:
        raise ValueError(
            f"{name} must be {accepted}, got {values!r}"
        ) from None


def check_path(name: str, path: Any) -> pathlib.Path:
    """Return ``path`` as a :class:`pathlib.Path` if it is a str or
    os.PathLike, else raise.

    An empty string (which Python reads as the current folder) and a NUL
    byte (which no file system accepts) raise ValueError naming ``name``.

    Examples
    --------
    >>> check_path("out_dir", "results").name
    'results'
    >>> check_path("log_dir", "")
    Traceback (most recent call last):
    ...
    ValueError: log_dir must name a file or folder, got an empty path ''
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            f"{name} must be a str or os.PathLike, got {type(path).__name__}"
        )
    text = os.fspath(path)
    if not isinstance(text, str):
        raise TypeError(
            f"{name} must be a str or os.PathLike of str, got a "
            f"path of {type(text).__name__}"
        )
    if text == "":
        raise ValueError(
            f"{name} must name a file or folder, got an empty path ''"
        )
    if "\0" in text:
        raise ValueError(
            f"{name} must not contain a NUL byte (no file system "
            f"accepts one), got {text!r}"
        )
    return pathlib.Path(text)


def check_file_name(name: str, value: Any, *, suffix: str) -> str:
    """Return ``value`` if it is a plain file name ending in ``suffix``.

    A plain name has no folder part: no ``/`` (nor ``\\``), not ``..``,
    not absolute, so that a file written under it stays in its folder.

    Examples
    --------
    >>> check_file_name("figure name", "loss.png", suffix=".png")
    'loss.png'
    >>> check_file_name("figure name", "../escaped.png", suffix=".png")
    Traceback (most recent call last):
    ...
    ValueError: figure name must be a plain file name ending in '.png' ...
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    check_path(name, value)
    plain = (
        pathlib.PurePosixPath(value).name == value
        and pathlib.PureWindowsPath(value).name == value
        and value not in (".", "..")
    )
    if not (plain and value.endswith(suffix) and value != suffix):
        raise ValueError(
            f"{name} must be a plain file name ending in "
            f"{suffix!r} (no folder part), got {value!r}"
        )
    return value


def check_fits_in_memory(
    name: str | tuple[str, ...], value: Any, num_bytes: float
) -> None:
    """Raise ValueError if ``num_bytes`` cannot fit in the memory left to us.

    ``value`` is the argument (named ``name``) that asked for that much; a
    tuple of names with a tuple of values names several that did together.
    ``num_bytes`` should count the peak of the work, not only its result.
    The limit is :func:`available_memory`; where the system does not tell,
    nothing is checked.

    Examples
    --------
    >>> check_fits_in_memory("n", 100, 100 * 400)
    >>> check_fits_in_memory("n", 10**13, 10**13 * 400)
    Traceback (most recent call last):
    ...
    ValueError: n=10000000000000 asks for 4e+15 bytes (...) at its peak, ...
    >>> check_fits_in_memory(("n", "img_size"), (1, 10**7), 4 * 10**14)
    Traceback (most recent call last):
    ...
    ValueError: n=1, img_size=10000000 ask for 4e+14 bytes (...) at their ...
    """
    available = available_memory()
    if available is None or num_bytes <= available:
        return
    if isinstance(name, tuple):
        asked = ", ".join(
            f"{one}={each!r}" for one, each in zip(name, value, strict=True)
        )
        verb, their = "ask", "their"
    else:
        asked, verb, their = f"{name}={value!r}", "asks", "its"
    gib = 2**30
    raise ValueError(
        f"{asked} {verb} for {num_bytes:.3g} bytes "
        f"({num_bytes / gib:,.1f} GiB) at {their} peak, more "
        f"than the {available / gib:,.1f} GiB of memory this "
        f"process can still get"
    )


def available_memory() -> int | None:
    """Bytes this process can still allocate, or None where nothing says.

    The smaller of the memory the machine has free (Linux: ``MemAvailable``
    of ``/proc/meminfo``; elsewhere on POSIX: all of its physical memory)
    and what the address-space limit (``ulimit -v``) leaves beyond what the
    process uses already. None on Windows.

    Examples
    --------
    >>> available_memory() is None or available_memory() > 0
    True
    """
    limits = [
        limit
        for limit in (_free_memory(), _address_space_left())
        if limit is not None
    ]
    return min(limits) if limits else None


def _free_memory() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None


def _address_space_left() -> int | None:
    try:
        import resource
    except ImportError:  # not a POSIX system
        return None
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    if limit == resource.RLIM_INFINITY:
        return None
    return max(0, limit - _address_space_used())


def _address_space_used() -> int:
    """Bytes of address space the process holds (Linux); else 0."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return 0


def make_rng(seed: Any) -> np.random.Generator:
    """Turn ``seed`` (None, a non-negative int or a Generator) into a
    Generator.

    Examples
    --------
    >>> int(make_rng(0).integers(100)) == int(make_rng(0).integers(100))
    True
    """
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if not is_integer(seed):
        raise TypeError(
            "seed must be None, a non-negative integer or a "
            f"numpy.random.Generator, got {seed!r} ({type(seed).__name__})"
        )
    return np.random.default_rng(check_int("seed", seed, minimum=0))


def as_numeric_array(
    name: str, value: Any, dtype: DTypeLike | None = None
) -> NDArray[Any]:
    """Return ``value`` as a NumPy array of numbers (or bools), or raise
    naming ``name``.

    Examples
    --------
    >>> as_numeric_array("x", [[0, 1]], dtype="float32").dtype
    dtype('float32')
    >>> as_numeric_array("x", ["a"])
    Traceback (most recent call last):
    ...
    TypeError: x must be a numeric array, got dtype <U1
    """
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"{name} must be a numeric array, got {type(value).__name__}"
        ) from error
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(
            f"{name} must be a numeric array, got dtype {array.dtype}"
        )
    return array


def is_real(value: object) -> bool:
    """True for Python and NumPy reals (ints included), False for bools.

    Examples
    --------
    >>> is_real(0.5), is_real(np.float32(1)), is_real(True)
    (True, True, False)
    """
    return isinstance(value, numbers.Real) and not isinstance(
        value, (bool, np.bool_)
    )


def _describe_int_range(
    minimum: int | None, maximum: int | None, minimum_name: str | None
) -> str:
    low = f"{minimum_name} ({minimum})" if minimum_name else str(minimum)
    if minimum is not None and maximum is not None:
        return f"an integer in {low}..{maximum}"
    if minimum == 0 and minimum_name is None:
        return "a non-negative integer"
    if minimum is not None:
        return f"an integer >= {low}"
    if maximum is not None:
        return f"an integer <= {maximum}"
    return "an integer"


def as_finite_real_array(
    name: str, value: Any, dtype: DTypeLike | None = None
) -> NDArray[Any]:
    """Return ``value`` as a NumPy array of finite real numbers, or raise
    naming ``name``.

    Bools and integers count as real numbers. Strings, objects and complex
    numbers raise TypeError (the wrong kind); NaN or infinity, also after
    the cast to ``dtype``, raises ValueError naming the first position.

    Examples
    --------
    >>> as_finite_real_array("x", [[0, 1]], dtype="float32").dtype
    dtype('float32')
    >>> as_finite_real_array("x", [1 + 2j])
    Traceback (most recent call last):
    ...
    TypeError: x must be an array of real numbers, got dtype complex128
    >>> as_finite_real_array("y", [[0.5], [float("nan")]])
    Traceback (most recent call last):
    ...
    ValueError: y must hold finite numbers, got nan at index (1, 0)
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged nesting, for one
        raise TypeError(
            f"{name} must be an array of real numbers, got "
            f"{type(value).__name__} that NumPy cannot turn into one ({error})"
        ) from error
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be an array of real numbers, got dtype {array.dtype}"
        )
    original = array
    if dtype is not None:
        with np.errstate(
            over="ignore"
        ):  # an overflow is reported below, by name
            array = array.astype(dtype, copy=False)
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        bad = original[where].item()
        beyond = (
            "" if not np.isfinite(bad) else f" (beyond {array.dtype}'s range)"
        )
        raise ValueError(
            f"{name} must hold finite numbers, got {bad!r}{beyond} at index "
            f"{where}"
        )
    return array


def check_labels(
    name: str,
    labels: Any,
    num_classes: int | None = None,
    *,
    length: int | None = None,
    per: str = "image",
) -> IntArray:
    """``labels`` as a 1-D int64 array of class labels, or raise naming
    ``name``.

    The one label check of lcdnet: labels of the wrong kind (not numbers,
    or numbers that are not integers) raise TypeError; labels of the
    wrong shape, outside ``0 .. num_classes - 1`` or not one ``per``
    item of ``length`` raise ValueError.

    Examples
    --------
    >>> check_labels("y_true", [0, 2], num_classes=3).tolist()
    [0, 2]
    >>> check_labels("y_true", [0.5])
    Traceback (most recent call last):
    ...
    TypeError: y_true must be a 1-D array of integer labels, got dtype float64
    >>> check_labels("labels", [3, 10], num_classes=10)
    Traceback (most recent call last):
    ...
    ValueError: labels must hold labels from 0 to 9, got values from 3 to 10
    >>> check_labels("predictions", [1, 2], length=3)
    Traceback (most recent call last):
    ...
    ValueError: predictions must hold one label per image (3), got shape (2,)
    """
    labels = as_numeric_array(name, labels)
    if labels.size and labels.dtype.kind not in "iu":
        raise TypeError(
            f"{name} must be a 1-D array of integer labels, got "
            f"dtype {labels.dtype}"
        )
    if labels.ndim != 1:
        raise ValueError(
            f"{name} must be a 1-D array of integer labels, got "
            f"shape {labels.shape}"
        )
    if length is not None and len(labels) != length:
        raise ValueError(
            f"{name} must hold one label per {per} ({length}), "
            f"got shape {labels.shape}"
        )
    if (
        num_classes is not None
        and labels.size
        and (labels.min() < 0 or labels.max() >= num_classes)
    ):
        raise ValueError(
            f"{name} must hold labels from 0 to "
            f"{num_classes - 1}, got values from {labels.min()} "
            f"to {labels.max()}"
        )
    int64_labels: IntArray = labels.astype(np.int64)
    return int64_labels


# ----------------------------------------------- argument constraints as data
#
# An experiment's entry point states what each argument accepts as data
# (in the spirit of scikit-learn's ``validate_params``):
#
#     @checked(seed=Seed(), steps=Int(minimum=1),
#              rates=Sequence(Real(low=0, closed="neither"), distinct=True))
#     def experiment(seed=0, *, steps=100, rates=(0.03, 0.3)): ...
#
# The decorator checks every argument, with the functions above, before
# the body runs, and passes the checked values on (ints as int, sequences
# as tuples). Each constraint also makes values it refuses
# (:meth:`Constraint.bad_values`), from which the tests generate the
# bad-argument cases of every entry point. Rules that tie two arguments
# together beyond a bound (``cnn_sizes`` among ``sizes``) stay in the body,
# where they run before any heavy work too.


class Constraint:
    """What one argument accepts.

    :meth:`check` returns the value to use or raises (TypeError for a
    wrong kind, ValueError for a wrong value); ``arguments`` holds the
    call's other arguments, checked already where a bound names one.
    :meth:`bad_values` lists ``(value, error type)`` pairs that
    :meth:`check` refuses; :meth:`good_values` two values it accepts, in
    increasing order where the values have one.
    """

    def references(self) -> tuple[str, ...]:
        """Names of the other arguments a bound refers to: checked first."""
        return ()

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        raise NotImplementedError

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        raise NotImplementedError

    def good_values(self) -> list[Any]:
        raise NotImplementedError

    def plural(self) -> str:
        """Words for many such values, in a sequence's description."""
        raise NotImplementedError


def _bound(
    bound: int | str | None, arguments: Mapping[str, Any]
) -> tuple[Any, str | None]:
    """A bound's number, and the argument name it comes from (or None)."""
    if isinstance(bound, str):
        return arguments[bound], bound
    return bound, None


class Int(Constraint):
    """An integer (not a bool) from ``minimum`` to ``maximum``; a bound may
    name another argument.

    Examples
    --------
    >>> Int(minimum=1).check("steps", 3, {})
    3
    >>> for value, error in Int(1, 9).bad_values({}):
    ...     print(repr(value), error.__name__)
    '1' TypeError
    1.5 TypeError
    True TypeError
    None TypeError
    0 ValueError
    10 ValueError
    """

    def __init__(
        self,
        minimum: int | str | None = None,
        maximum: int | str | None = None,
    ) -> None:
        self.minimum, self.maximum = minimum, maximum

    def __repr__(self) -> str:
        return f"Int(minimum={self.minimum!r}, maximum={self.maximum!r})"

    def references(self) -> tuple[str, ...]:
        return tuple(
            bound
            for bound in (self.minimum, self.maximum)
            if isinstance(bound, str)
        )

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        minimum, minimum_name = _bound(self.minimum, arguments)
        maximum, _ = _bound(self.maximum, arguments)
        return check_int(
            name,
            value,
            minimum=minimum,
            maximum=maximum,
            minimum_name=minimum_name,
        )

    def plural(self) -> str:
        """Words for many such values: ``"integers in 1..5"``."""
        if self.references():
            return "integers"
        if self.minimum is not None and self.maximum is not None:
            return f"integers in {self.minimum}..{self.maximum}"
        if self.minimum == 1:
            return "positive integers"
        if self.minimum is not None:
            return f"integers >= {self.minimum}"
        if self.maximum is not None:
            return f"integers <= {self.maximum}"
        return "integers"

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        minimum, _ = _bound(self.minimum, arguments)
        maximum, _ = _bound(self.maximum, arguments)
        start = 0 if minimum is None else minimum
        bad: BadValues = [
            (str(start), TypeError),
            (start + 0.5, TypeError),
            (True, TypeError),
            (None, TypeError),
        ]
        if minimum is not None:
            bad.append((minimum - 1, ValueError))
        if maximum is not None:
            bad.append((maximum + 1, ValueError))
        return bad

    def good_values(self) -> list[Any]:
        start = self.minimum if isinstance(self.minimum, int) else 0
        return [start, start + 1]


class Real(Constraint):
    """A finite real number (not a bool) in an interval: :func:`check_real`.

    Examples
    --------
    >>> Real(low=0, high=1, closed="right").check("gain", 1, {})
    1.0
    """

    def __init__(
        self,
        low: float | None = None,
        high: float | None = None,
        closed: str = "both",
        meaning: str = "",
    ) -> None:
        describe_interval(low, high, closed)  # refuses an unknown `closed`
        self.low, self.high, self.closed = low, high, closed
        self.meaning = meaning

    def __repr__(self) -> str:
        return (
            f"Real(low={self.low!r}, high={self.high!r}, "
            f"closed={self.closed!r})"
        )

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        return check_real(
            name,
            value,
            low=self.low,
            high=self.high,
            closed=self.closed,
            meaning=self.meaning,
        )

    def plural(self) -> str:
        words = describe_interval(self.low, self.high, self.closed)
        words = words.replace("a real number", "real numbers").replace(
            "a finite real number", "finite real numbers"
        )
        return words + (f" ({self.meaning})" if self.meaning else "")

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        bad: BadValues = [
            ("0.5", TypeError),
            (True, TypeError),
            (None, TypeError),
            (float("nan"), ValueError),
        ]
        if self.low is not None:
            bad.append(
                (
                    self.low
                    if self.closed in ("right", "neither")
                    else self.low - 1,
                    ValueError,
                )
            )
        if self.high is not None:
            bad.append(
                (
                    self.high
                    if self.closed in ("left", "neither")
                    else self.high + 1,
                    ValueError,
                )
            )
        return bad

    def good_values(self) -> list[Any]:
        if self.low is not None and self.high is not None:
            width = self.high - self.low
            return [self.low + width / 3, self.low + 2 * width / 3]
        if self.low is not None:
            return [self.low + 1.0, self.low + 2.0]
        if self.high is not None:
            return [self.high - 2.0, self.high - 1.0]
        return [0.0, 1.0]


class Bool(Constraint):
    """True or False (Python or NumPy): see :func:`check_bool`."""

    def __repr__(self) -> str:
        return "Bool()"

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        return check_bool(name, value)

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        return [(1, TypeError), ("yes", TypeError), (None, TypeError)]

    def good_values(self) -> list[Any]:
        return [False, True]


class Seed(Constraint):
    """The ``seed`` of a reproducible run: an integer >= 0, never None."""

    def __repr__(self) -> str:
        return "Seed()"

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        return check_required_seed(value)

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        return [
            (None, TypeError),
            ("0", TypeError),
            (1.0, TypeError),
            (-1, ValueError),
        ]

    def good_values(self) -> list[Any]:
        return [0, 1]


class Choice(Constraint):
    """One of ``options``: see :func:`check_choice`."""

    def __init__(self, options: Iterable[Any]) -> None:
        self.options = tuple(options)

    def __repr__(self) -> str:
        return f"Choice({self.options!r})"

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        return check_choice(name, value, self.options)

    def plural(self) -> str:
        return f"values among {list(self.options)!r}"

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        unknown = (
            "unknown"
            if all(isinstance(option, int) for option in self.options)
            else -1
        )
        return [(unknown, ValueError), ([], ValueError)]

    def good_values(self) -> list[Any]:
        return list(self.options[:2])


class Path(Constraint):
    """A str or os.PathLike, returned as a :class:`pathlib.Path`."""

    def __repr__(self) -> str:
        return "Path()"

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        return check_path(name, value)

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        return [(3, TypeError), (None, TypeError)]


class Instance(Constraint):
    """An instance of ``kind``; ``words`` say what it is."""

    def __init__(self, kind: type, words: str | None = None) -> None:
        self.kind = kind
        self.words = words or f"a {kind.__name__}"

    def __repr__(self) -> str:
        return f"Instance({self.kind.__name__})"

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        if not isinstance(value, self.kind):
            raise TypeError(
                f"{name} must be {self.words}, got {type(value).__name__}"
            )
        return value

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        return [(3, TypeError), (None, TypeError)]


class Function(Constraint):
    """A callable, or also None with ``allow_none``."""

    def __init__(self, allow_none: bool = False) -> None:
        self.allow_none = allow_none

    def __repr__(self) -> str:
        return f"Function(allow_none={self.allow_none})"

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        if value is None and self.allow_none:
            return None
        if not callable(value):
            accepted = (
                "a callable or None" if self.allow_none else "a callable"
            )
            raise TypeError(
                f"{name} must be {accepted}, got {type(value).__name__}"
            )
        return value

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        bad: BadValues = [(3, TypeError), ("print", TypeError)]
        return bad if self.allow_none else bad + [(None, TypeError)]


class Optional(Constraint):
    """None, or what ``constraint`` accepts.

    Examples
    --------
    >>> Optional(Int(minimum=1)).check("longer_steps", None, {}) is None
    True
    """

    def __init__(self, constraint: Constraint) -> None:
        self.constraint = constraint

    def __repr__(self) -> str:
        return f"Optional({self.constraint!r})"

    def references(self) -> tuple[str, ...]:
        return self.constraint.references()

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        if value is None:
            return None
        return self.constraint.check(name, value, arguments)

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        return [
            (value, error)
            for value, error in self.constraint.bad_values(arguments)
            if value is not None
        ]


class Sequence(Constraint):
    """A sequence (not a string) of values that ``item`` accepts.

    Returned as a tuple. ``distinct`` refuses repeated values; ``order``
    ``"increasing"`` or ``"non-decreasing"`` refuses others; ``sort``
    returns the values sorted; ``length`` asks for exactly so many;
    ``allow_empty`` accepts an empty one (else at least one value).

    Examples
    --------
    >>> sizes = Sequence(Int(10, 999), distinct=True, sort=True)
    >>> sizes.check("sizes", [100, 20], {})
    (20, 100)
    >>> sizes.check("sizes", (20, 20), {})
    ... # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    ValueError: sizes must be a non-empty sequence of distinct integers in
    10..999, got (20, 20)
    >>> sizes.check("sizes", "20", {})
    ... # doctest: +NORMALIZE_WHITESPACE
    Traceback (most recent call last):
    ...
    TypeError: sizes must be a non-empty sequence of distinct integers in
    10..999, got '20'
    """

    def __init__(
        self,
        item: Constraint,
        *,
        distinct: bool = False,
        order: str | None = None,
        sort: bool = False,
        length: int | None = None,
        allow_empty: bool = False,
    ) -> None:
        check_choice("order", order, (None, "increasing", "non-decreasing"))
        self.item, self.distinct, self.order = item, distinct, order
        self.sort, self.length, self.allow_empty = sort, length, allow_empty

    def __repr__(self) -> str:
        return f"Sequence({self.item!r}, ...)"

    def references(self) -> tuple[str, ...]:
        return self.item.references()

    def describe(self) -> str:
        """Words for what the sequence accepts."""
        words = ["a"]
        if self.length is None and not self.allow_empty:
            words.append("non-empty")
        if self.order == "increasing":
            words.append("increasing")
        words.append("sequence of")
        if self.length is not None:
            words.append(str(self.length))
        if self.distinct:
            words.append("distinct")
        words.append(self.item.plural())
        text = " ".join(words)
        if self.order == "non-decreasing":
            text += ", each at least the one before"
        return text

    def check(
        self, name: str, value: Any, arguments: Mapping[str, Any]
    ) -> Any:
        accepted = f"{name} must be {self.describe()}, got {value!r}"
        if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
            raise TypeError(accepted)
        values = list(value)
        if (not values and not self.allow_empty) or (
            self.length is not None and len(values) != self.length
        ):
            raise ValueError(accepted)
        try:
            checked = [
                self.item.check(name, item, arguments) for item in values
            ]
        except TypeError:
            raise TypeError(accepted) from None
        except ValueError:
            raise ValueError(accepted) from None
        pairs = list(itertools.pairwise(checked))
        if (
            (self.distinct and len(set(checked)) != len(checked))
            or (
                self.order == "increasing"
                and any(later <= earlier for earlier, later in pairs)
            )
            or (
                self.order == "non-decreasing"
                and any(later < earlier for earlier, later in pairs)
            )
        ):
            raise ValueError(accepted)
        return tuple(sorted(checked)) if self.sort else tuple(checked)

    def bad_values(self, arguments: Mapping[str, Any]) -> BadValues:
        first, second = self.item.good_values()
        count = self.length or 2
        bad: BadValues = [("abc", TypeError), (first, TypeError)]
        bad += [
            ((value,) * count, error)
            for value, error in self.item.bad_values(arguments)
            if value is not None
        ]
        if not self.allow_empty:
            bad.append(((), ValueError))
        if self.length is not None:
            bad.append(((first,) * (self.length + 1), ValueError))
        if self.distinct:
            bad.append(((first, first), ValueError))
        if self.order is not None:
            bad.append(((second, first), ValueError))
        return bad

    def good_values(self) -> list[Any]:
        raise NotImplementedError("no sequences of sequences are checked")


def checked(**constraints: Constraint) -> Callable[[F], F]:
    """Check a function's arguments against ``constraints`` before it runs.

    ``constraints`` maps argument names to :class:`Constraint` objects.
    The checked values replace the given ones. The function gets a
    ``constraints`` attribute (the mapping), from which the tests generate
    its bad-argument cases.

    Examples
    --------
    >>> @checked(steps=Int(minimum=1), rate=Real(low=0, closed="neither"))
    ... def run(steps=10, *, rate=0.1):
    ...     return steps, rate
    >>> run(np.int64(3), rate=1)
    (3, 1.0)
    >>> run(0)
    Traceback (most recent call last):
    ...
    ValueError: steps must be an integer >= 1, got 0
    """

    def decorate(function: F) -> F:
        signature = inspect.signature(function)
        unknown = set(constraints) - set(signature.parameters)
        if unknown:
            raise TypeError(
                f"{function.__qualname__} has no argument(s) "
                f"{sorted(unknown)} to check"
            )
        # In the signature's order, those whose bounds name another
        # argument after the ones they name.
        ordered = [
            name for name in signature.parameters if name in constraints
        ]
        ordered.sort(key=lambda name: bool(constraints[name].references()))

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            for name in ordered:
                arguments[name] = constraints[name].check(
                    name, arguments[name], arguments
                )
            return function(*bound.args, **bound.kwargs)

        # Through the wrapper's __dict__, as setattr would: mypy knows of no
        # such attribute on a function.
        vars(wrapper)["constraints"] = {
            name: constraints[name] for name in ordered
        }
        return wrapper  # type: ignore[return-value]  # F's signature

    return decorate
