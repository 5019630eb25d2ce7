"""Argument checks shared by lcdnet's public functions.

Each check raises TypeError for a value of the wrong kind and ValueError for
a value out of range; the message names the argument, shows the value and
says what is accepted. Pure NumPy, like :mod:`lcdnet.digits`.
"""

import numbers
import os
import pathlib

import numpy as np


def is_integer(value):
    """True for Python and NumPy integers, False for bools.

    Examples
    --------
    >>> is_integer(3), is_integer(np.int64(3)), is_integer(True), is_integer(3.0)
    (True, True, False, False)
    """
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def check_int(name, value, *, minimum=None, maximum=None, minimum_name=None):
    """Return ``value`` as an int, or raise naming ``name`` and the accepted range.

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
        raise TypeError(f"{name} must be {accepted}, got {value!r} ({type(value).__name__})")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be {accepted}, got {value!r}")
    return int(value)


def check_positive_number(name, value):
    """Return ``value`` as a float if it is a finite number > 0, else raise.

    Examples
    --------
    >>> check_positive_number("learning_rate", 0.03)
    0.03
    """
    if not is_real(value):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def check_fraction(name, value):
    """Return ``value`` as a float strictly between 0 and 1, or raise.

    Examples
    --------
    >>> check_fraction("test_fraction", 0.2)
    0.2
    """
    accepted = "a number strictly between 0 and 1"
    if not is_real(value):
        raise TypeError(f"{name} must be {accepted}, got {value!r} ({type(value).__name__})")
    if not 0 < value < 1:
        raise ValueError(f"{name} must be {accepted}, got {value!r}")
    return float(value)


def check_seed(seed):
    """Return ``seed`` if it is None or a non-negative int, else raise.

    Examples
    --------
    >>> check_seed(None) is None, check_seed(7)
    (True, 7)
    """
    if seed is None:
        return None
    return check_int("seed", seed, minimum=0)


def check_required_seed(seed):
    """Return ``seed`` if it is a non-negative int; None is refused.

    For functions whose results must be reproducible, such as the lessons.

    Examples
    --------
    >>> check_required_seed(0)
    0
    """
    if seed is None:
        raise TypeError("seed must be a non-negative integer (lessons are reproducible), got None")
    return check_seed(seed)


def check_int_sequence(name, values, *, minimum=None, maximum=None):
    """Return ``values`` as a tuple of ints, or raise naming ``name``.

    Examples
    --------
    >>> check_int_sequence("hidden_units", [256, np.int64(256)], minimum=1)
    (256, 256)
    >>> check_int_sequence("hidden_units", [], minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: hidden_units must be a non-empty sequence of positive integers, got []
    """
    accepted = "a non-empty sequence of " + (
        "positive integers" if minimum == 1 and maximum is None
        else f"integers in {minimum}..{maximum}" if maximum is not None
        else f"integers >= {minimum}")
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be {accepted}, got {values!r}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} must be {accepted}, got {values!r}")
    try:
        return tuple(check_int(name, value, minimum=minimum, maximum=maximum)
                     for value in values)
    except TypeError:
        raise TypeError(f"{name} must be {accepted}, got {values!r}") from None
    except ValueError:
        raise ValueError(f"{name} must be {accepted}, got {values!r}") from None


def check_path(name, path):
    """Return ``path`` as a :class:`pathlib.Path` if it is a str or os.PathLike, else raise.

    Examples
    --------
    >>> check_path("out_dir", "results").name
    'results'
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a str or os.PathLike, got {type(path).__name__}")
    return pathlib.Path(path)


def make_rng(seed):
    """Turn ``seed`` (None, a non-negative int or a Generator) into a Generator.

    Examples
    --------
    >>> int(make_rng(0).integers(100)) == int(make_rng(0).integers(100))
    True
    """
    if seed is None or isinstance(seed, np.random.Generator):
        return np.random.default_rng(seed)
    if not is_integer(seed):
        raise TypeError(
            "seed must be None, a non-negative integer or a numpy.random.Generator, "
            f"got {seed!r} ({type(seed).__name__})"
        )
    return np.random.default_rng(check_int("seed", seed, minimum=0))


def as_numeric_array(name, value, dtype=None):
    """Return ``value`` as a NumPy array of numbers (or bools), or raise naming ``name``.

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
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}") from error
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise TypeError(f"{name} must be a numeric array, got dtype {array.dtype}")
    return array


def is_real(value):
    """True for Python and NumPy reals (ints included), False for bools.

    Examples
    --------
    >>> is_real(0.5), is_real(np.float32(1)), is_real(True)
    (True, True, False)
    """
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _describe_int_range(minimum, maximum, minimum_name):
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
