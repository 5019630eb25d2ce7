"""One runner for lessons and labs: steps in order, a progress line after each.

``lcdnet reproduce`` (:func:`lcdnet.lessons.run_lessons`) and ``lcdnet lab``
(:func:`lcdnet.lab.run_lab`) are both a list of :class:`Step`; each step may
read the results of the steps before it and has its own ``quick`` settings,
a smoke test whose numbers teach nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lcdnet._checks import Bool, Function, checked
from lcdnet.report import Comparison

__all__ = ["Step", "RunRecord", "run_steps"]


@dataclass(frozen=True)
class Step:
    """One step of a run.

    Attributes
    ----------
    name : str
        Key of its result in :attr:`RunRecord.results`.
    title : str
        What the progress line calls it.
    run : callable
        ``run(results, **settings)`` returns the step's result; ``results``
        holds the results of the steps before it, by name.
    quick : mapping, default {}
        The settings used when the run is quick; a full run passes none.

    Examples
    --------
    >>> step = Step("double", "twice the first result",
    ...             lambda results: 2 * results["first"])
    >>> step.run({"first": 21}), dict(step.quick)
    (42, {})
    """

    name: str
    title: str
    run: Callable[..., Any]
    quick: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class RunRecord:
    """What :func:`run_steps` returns: each step's result and wall time, by
    name.

    Examples
    --------
    >>> from lcdnet.report import Comparison
    >>> class Result:
    ...     def comparisons(self):
    ...         return [Comparison("1", "a number", None, 0.5)]
    >>> record = RunRecord({"only": Result()}, {"only": 0.1})
    >>> [row.measured for row in record.comparisons()]
    [0.5]
    """

    results: dict[str, Any]
    seconds: dict[str, float]

    def comparisons(self) -> list[Comparison]:
        """Every result's ``comparisons()`` rows, in step order."""
        return [
            row
            for result in self.results.values()
            for row in result.comparisons()
        ]


@checked(quick=Bool(), progress=Function(allow_none=True))
def run_steps(
    steps: Iterable[Step],
    *,
    quick: bool = False,
    progress: Callable[[Step, float], object] | None = None,
) -> RunRecord:
    """Run ``steps`` in order, calling ``progress(step, seconds)`` after each.

    Examples
    --------
    >>> steps = [Step("a", "first", lambda results, n=1: n, quick={"n": 2}),
    ...          Step("b", "second", lambda results: results["a"] * 10)]
    >>> run_steps(steps, quick=True).results
    {'a': 2, 'b': 20}
    >>> run_steps(
    ...     steps, progress=lambda step, seconds: print(step.title)
    ... ).results["b"]
    first
    second
    10
    """
    results: dict[str, Any] = {}
    seconds: dict[str, float] = {}
    for step in steps:
        start = time.perf_counter()
        results[step.name] = step.run(results, **(step.quick if quick else {}))
        seconds[step.name] = time.perf_counter() - start
        if progress is not None:
            progress(step, seconds[step.name])
    return RunRecord(results, seconds)
