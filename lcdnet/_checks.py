"""Argument checks shared by lcdnet's public functions.

Each check raises TypeError for a value of the wrong kind and ValueError for
a value out of range; the message names the argument, shows the value and
says what is accepted.
"""

import numbers

import numpy as np


def check_int(name, value, *, minimum=None, maximum=None):
    """Return ``value`` as an int, or raise naming ``name``.

    Booleans are refused; NumPy integers are accepted.

    Examples
    --------
    >>> check_int("n", np.int64(3), minimum=0)
    3
    >>> check_int("n", -1, minimum=0)
    Traceback (most recent call last):
    ...
    ValueError: n must be an integer >= 0, got -1
    """
    accepted = _describe_int_range(minimum, maximum)
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be {accepted}, got {value!r}")
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
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
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


def _describe_int_range(minimum, maximum):
    if minimum is not None and maximum is not None:
        return f"an integer from {minimum} to {maximum}"
    if minimum is not None:
        return f"an integer >= {minimum}"
    if maximum is not None:
        return f"an integer <= {maximum}"
    return "an integer"
