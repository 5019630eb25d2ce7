"""Bad arguments of every experiment entry point, made from its constraints.

Each entry point states what its arguments accept as data
(``@checked(...)``, lcdnet._checks), in the spirit of scikit-learn's
``validate_params``. From those constraints this file generates, for every
argument, values it must refuse, and checks that each is refused with the
error the project's rule gives (TypeError for a wrong kind, ValueError for
a wrong value), a message naming the argument, and before the function's
body has started. Rules that tie arguments together beyond a bound
(``cnn_sizes`` among ``sizes``, say) are the body's, and are tested by hand
in each experiment's test file.
"""

import inspect

import pytest

from lcdnet import _checks, lab, lessons, runner
from lcdnet._checks import Int, Sequence, checked
from lcdnet.lab.learning_curves import learning_curves
from lcdnet.lessons.reproduction import settings_search

#: The functions that run an experiment, a lesson or a whole run: every
#: argument is constrained.
ENTRY_POINTS = [
    lessons.perfect_digits,
    lessons.inexact_data,
    lessons.deep_network,
    lessons.xnor_known_weights,
    lessons.xnor_training,
    lessons.xnor_restored,
    lessons.run_lessons,
    settings_search,
    lab.held_out_positions,
    lab.corruption_sweep,
    lab.tank_story,
    lab.position_cue,
    lab.shortcut_phase_diagram,
    lab.xnor_seed_lottery,
    lab.run_lab,
    learning_curves,
]
#: Other checked functions, with the arguments their bodies check instead
#: (a seed that may also be a numpy Generator; a list of steps).
PARTLY_CHECKED = {
    lab.tank_digits: {"seed"},
    lab.position_cue_digits: {"seed"},
    runner.run_steps: {"steps"},
}


def valid_required(tmp_path):
    """A valid value of each required argument, by name."""
    return {"out_dir": tmp_path, "n": 10, "biased": True, "steps": []}


def cases():
    for function in [*ENTRY_POINTS, *PARTLY_CHECKED]:
        parameters = inspect.signature(function).parameters
        defaults = {
            name: parameter.default
            for name, parameter in parameters.items()
            if parameter.default is not parameter.empty
        }
        for name, constraint in function.constraints.items():
            for value, error in constraint.bad_values(defaults):
                yield pytest.param(
                    function,
                    name,
                    value,
                    error,
                    id=f"{function.__name__}-{name}={value!r}",
                )


def call_refused(function, arguments, name, error):
    """Call ``function``: it must refuse ``arguments[name]`` by the rule.

    The error must be ``error``, its message must name the argument, and
    it must come before the function's own body ran.
    """
    try:
        function(**arguments)
    except (TypeError, ValueError) as raised:
        assert type(raised) is error, (
            f"{name}={arguments[name]!r}: {type(raised).__name__} ({raised}), "
            f"expected {error.__name__}"
        )
        assert f"{name} " in str(raised), (
            f"the message does not name {name}: {raised}"
        )
        body = getattr(function, "__wrapped__", function).__code__
        frames = inspect.getinnerframes(raised.__traceback__)
        assert all(frame.frame.f_code is not body for frame in frames), (
            f"{name}={arguments[name]!r} was refused inside the body of "
            f"{function.__name__}, not by its constraints"
        )
    else:
        raise AssertionError(
            f"{function.__name__} accepted {name}={arguments[name]!r}"
        )


@pytest.mark.parametrize("function, name, value, error", list(cases()))
def test_bad_arguments_are_refused_by_name_before_any_work(
    tmp_path, function, name, value, error
):
    arguments = valid_required(tmp_path)
    parameters = inspect.signature(function).parameters
    arguments = {
        key: item
        for key, item in arguments.items()
        if key in parameters
        and parameters[key].default is parameters[key].empty
    }
    call_refused(function, {**arguments, name: value}, name, error)


@pytest.mark.parametrize(
    "function", ENTRY_POINTS, ids=lambda function: function.__name__
)
def test_every_argument_of_an_entry_point_is_constrained(function):
    assert set(function.constraints) == set(
        inspect.signature(function).parameters
    )


@pytest.mark.parametrize(
    "function, unchecked",
    PARTLY_CHECKED.items(),
    ids=lambda item: getattr(item, "__name__", ""),
)
def test_the_other_checked_functions_constrain_all_but_what_their_body_checks(
    function, unchecked
):
    parameters = set(inspect.signature(function).parameters)
    assert set(function.constraints) == parameters - unchecked


def test_every_constraint_makes_bad_values_of_both_kinds_where_it_can():
    errors = {error for *_, error in (case.values for case in cases())}
    assert errors == {TypeError, ValueError}
    assert len(list(cases())) > 200


# ------------------------------------------ the checks catch a planted fault


def test_an_accepted_bad_value_is_caught():
    @checked(steps=Int(minimum=0))  # planted: the docs promise steps >= 1
    def run(steps=1):
        return steps

    with pytest.raises(AssertionError, match="accepted steps=0"):
        call_refused(run, {"steps": 0}, "steps", ValueError)


def test_a_check_inside_the_body_is_caught():
    def run(
        steps=1,
    ):  # planted: checked by hand, after work could have started
        if steps < 1:
            raise ValueError(f"steps must be >= 1, got {steps}")

    run.constraints = {"steps": Int(minimum=1)}
    with pytest.raises(AssertionError, match="inside the body"):
        call_refused(run, {"steps": 0}, "steps", ValueError)


def test_a_wrong_kind_of_error_or_an_unnamed_argument_is_caught():
    def wrong_kind(steps=1):
        raise ValueError("steps must be an integer")

    with pytest.raises(AssertionError, match="expected TypeError"):
        call_refused(wrong_kind, {"steps": "1"}, "steps", TypeError)

    def unnamed(steps=1):
        raise ValueError("must be an integer >= 1")

    with pytest.raises(AssertionError, match="does not name steps"):
        call_refused(unnamed, {"steps": 0}, "steps", ValueError)


def test_an_unconstrained_argument_is_caught():
    @checked(steps=Int(minimum=1))
    def run(steps=1, *, rate=0.1):  # planted: rate has no constraint
        return steps, rate

    with pytest.raises(AssertionError):
        test_every_argument_of_an_entry_point_is_constrained(run)


# ------------------------------------------------------------- the machinery


def test_checked_passes_the_checked_values_on_and_refuses_unknown_names():
    @checked(
        sizes=Sequence(Int(minimum=1), distinct=True, sort=True),
        first=Int(minimum=0, maximum="last"),
        last=Int(minimum=0),
    )
    def run(sizes, first=0, last=5):
        return sizes, first, last

    assert run([3, 1], 2, last=4) == ((1, 3), 2, 4)
    with pytest.raises(
        ValueError, match=r"first must be an integer in 0\.\.4, got 5"
    ):
        run([1], 5, last=4)
    with pytest.raises(TypeError, match="no argument"):
        checked(missing=Int())(run.__wrapped__)


def test_sequence_constraints_speak_of_what_they_accept():
    increasing = Sequence(
        _checks.Real(low=0, high=1, closed="neither"), order="increasing"
    )
    assert (
        increasing.describe()
        == "a non-empty increasing sequence of real numbers in (0, 1)"
    )
    pair = Sequence(
        _checks.Real(low=0, high=1), length=2, order="non-decreasing"
    )
    assert pair.check("brightness", [0.2, 0.2], {}) == (0.2, 0.2)
    with pytest.raises(ValueError, match="each at least the one before"):
        pair.check("brightness", [0.3, 0.2], {})
    with pytest.raises(ValueError, match="sequence of 2 real numbers"):
        pair.check("brightness", [0.3], {})
