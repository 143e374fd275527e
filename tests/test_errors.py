from __future__ import annotations

import copy
import enum
import pickle
import re
from typing import Any, Callable

import pytest

import ops
from ops import ErrorDetail, Operation, ValidationError
from tests.contract import RefusingDict, RefusingInt, RefusingList, RefusingText

HUGE = "x" * 10_000_000


def _raised(call: Callable[[], object]) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        call()
    assert type(info.value) is ValidationError
    return info.value


class _HugeRepr:
    def __repr__(self) -> str:
        return "<" + "y" * 10_000_000 + ">"


class _BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("no repr")


class _BrokenClass:
    """Whose repr() fails, and whose __class__ too."""

    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        raise RuntimeError("no __class__")


def _named(name: str) -> object:
    """An object of a class that takes the name of a built-in type."""
    kind = type(name, (), {})
    return kind()


# --- the exception type ---


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(ValidationError, ValueError)
    assert ops.ValidationError is ValidationError
    with pytest.raises(ValueError, match="1 validation error for Operation"):
        Operation.from_dict({"id": 1})


def test_validation_error_entries_have_path_and_message() -> None:
    error = _raised(lambda: Operation(progress_current=-1))

    assert len(error.errors) == 1
    assert error.errors[0].path == "progress_current"
    assert error.errors[0].message == "expected an integer >= 0, got int -1"
    assert error.errors[0] == ErrorDetail(
        "progress_current", "expected an integer >= 0, got int -1"
    )


# --- str(error) ---


@pytest.mark.parametrize(
    ("call", "text"),
    [
        pytest.param(
            lambda: Operation.from_dict({"id": 1}),
            "1 validation error for Operation\nid: expected a string, got int 1",
            id="one",
        ),
        pytest.param(
            lambda: Operation.from_dict({"progress": True, "progress_total": -1}),
            "2 validation errors for Operation\n"
            "progress: expected a number, got bool True\n"
            "progress_total: expected an integer >= 0, got int -1",
            id="two",
        ),
        pytest.param(
            lambda: Operation(state="paused"),
            "1 validation error for Operation\n"
            "state: expected one of 'unknown', 'queued', 'running', 'succeeded', "
            "'failed' (in any case), got str 'paused'",
            id="state",
        ),
        pytest.param(
            lambda: Operation(extra={"id": "x"}),
            "1 validation error for Operation\n"
            "extra.id: 'id' is a field of Operation, not an extra key",
            id="extra",
        ),
        pytest.param(
            lambda: Operation.from_dict([]),
            "1 validation error for Operation\n"
            "expected an object (a mapping), got list []",
            id="whole-input",
        ),
        pytest.param(
            lambda: Operation.from_dict({1: "a", "children": ["a", None]}),
            "2 validation errors for Operation\n"
            "children[1]: expected a string, got NoneType None\n"
            "expected string keys, got int 1",
            id="whole-input-and-field",
        ),
        pytest.param(
            lambda: Operation.from_json("[1"),
            "1 validation error for Operation\n"
            "invalid JSON: Expecting ',' delimiter (line 1, column 3)",
            id="json",
        ),
    ],
)
def test_validation_error_str_counts_then_one_line_per_problem(
    call: Callable[[], object], text: str
) -> None:
    error = _raised(call)

    assert str(error) == text


def test_validation_error_str_lines_are_path_then_message() -> None:
    error = _raised(
        lambda: Operation.from_dict(
            {"id": 1, "children": [1, 2], 7: None, "messages": "m", "progress": "p"}
        )
    )

    lines = str(error).splitlines()

    assert lines[0] == f"{len(error.errors)} validation errors for Operation"
    assert lines[1:] == [
        f"{detail.path}: {detail.message}" if detail.path else detail.message
        for detail in error.errors
    ]
    assert [detail.path for detail in error.errors] == [
        "children[0]",
        "children[1]",
        "id",
        "messages",
        "progress",
        "",
    ]


# --- a huge value never floods a log ---


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (HUGE.encode(), "bytes"),
        ([HUGE], "list"),
        ({HUGE: HUGE}, "dict"),
        ((HUGE, HUGE), "tuple"),
        (list(range(1_000_000)), "list"),
        (dict.fromkeys(range(100_000)), "dict"),
        (10**100_000, "int"),
        (-(10**5000), "int"),
        (_HugeRepr(), "_HugeRepr"),
        (_BrokenRepr(), "_BrokenRepr"),
    ],
    ids=[
        "bytes",
        "list-of-str",
        "dict-of-str",
        "tuple",
        "long-list",
        "long-dict",
        "huge-int",
        "long-int",
        "huge-repr",
        "broken-repr",
    ],
)
def test_validation_error_repr_cut_to_80_characters(value: Any, kind: str) -> None:
    # No value here is a string, and none is a float.
    error = _raised(lambda: Operation.from_dict({"id": value}))

    (detail,) = error.errors
    prefix = f"expected a string, got {kind} "
    assert detail.path == "id"
    assert detail.message.startswith(prefix)
    assert 0 < len(detail.message) - len(prefix) <= 80
    assert len(str(error)) < 200


@pytest.mark.parametrize("name", ["int", "dict", "list", "str", "set", "deque"])
@pytest.mark.parametrize(
    ("field", "wrap", "path"),
    [
        ("id", lambda value: value, "id"),
        ("children", lambda value: [[value]], "children[0]"),
    ],
    ids=["alone", "nested"],
)
def test_validation_error_shows_a_class_named_as_a_built_in_type_by_its_repr(
    name: str, field: str, wrap: Callable[[object], object], path: str
) -> None:
    (detail,) = _raised(lambda: Operation(**{field: wrap(_named(name))})).errors

    assert detail.path == path
    assert re.search(rf"<[\w.]+\.{name} object at 0x[0-9a-f]+>", detail.message)


def test_validation_error_shows_a_value_whose_repr_and_class_fail_by_its_type() -> None:
    (detail,) = _raised(lambda: Operation(id=_BrokenClass())).errors

    assert re.fullmatch(
        r"expected a string, got _BrokenClass <_BrokenClass object at 0x[0-9a-f]+>",
        detail.message,
    )


def test_validation_error_shows_built_in_values_inside_a_container_as_they_are() -> (
    None
):
    (detail,) = _raised(lambda: Operation(id=[True, 1.5, None, "a", 10**20])).errors

    assert detail.message == (
        "expected a string, got list [True, 1.5, None, 'a', 100000000000000000000]"
    )


class _Unshown:
    def __repr__(self) -> str:
        raise RuntimeError("__repr__ ran")


class _UnshownList(_Unshown, RefusingList):
    pass


class _UnshownText(_Unshown, RefusingText):
    pass


class _UnshownInt(_Unshown, RefusingInt):
    pass


class _UnshownDict(_Unshown, RefusingDict):
    pass


def test_validation_error_shows_a_subclass_value_by_its_base_type() -> None:
    # No method of the subclasses runs, their repr included, and the long list
    # is shown short: cut, not walked whole.
    shared: Any = [1]
    for _ in range(24):
        shared = [shared, shared]
    value = _UnshownList(
        [_UnshownText("a"), _UnshownInt(2), _UnshownDict(k=1), _UnshownList(shared)]
    )

    (detail,) = _raised(lambda: Operation.from_dict({"id": value})).errors

    assert detail.message.startswith(
        "expected a string, got _UnshownList ['a', 2, {'k': 1}, [[[[[[...], [...]], "
    )
    assert len(detail.message) <= len("expected a string, got _UnshownList ") + 80


def test_validation_error_shows_a_huge_subclass_value_by_its_first_items() -> None:
    value = _UnshownList([_UnshownDict(dict.fromkeys(range(10**6)))] * 10)

    (detail,) = _raised(lambda: Operation(id=value)).errors

    assert detail.message.startswith(
        "expected a string, got _UnshownList [{0: None, 1: None, 2: None, 3: None, ...}"
    )


class _Level(enum.IntEnum):
    LOW = 1


def test_validation_error_shows_an_enum_member_inside_a_container_as_itself() -> None:
    (detail,) = _raised(lambda: Operation(id=[_Level.LOW, True])).errors

    assert detail.message == "expected a string, got list [<_Level.LOW: 1>, True]"


def test_validation_error_short_repr_is_not_cut() -> None:
    value = "x" * 70

    (detail,) = _raised(lambda: Operation(id=[value])).errors

    assert detail.message == f"expected a string, got list [{value!r}]"


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: Operation.from_dict({"progress": HUGE}), id="from_dict"),
        pytest.param(lambda: Operation(state=HUGE), id="constructor-state"),
        pytest.param(lambda: Operation(children=HUGE), id="constructor-list"),
        pytest.param(
            lambda: Operation.from_json('{"progress_total": "' + HUGE + '"}'),
            id="from_json",
        ),
    ],
)
def test_validation_error_repr_of_10_mb_string_cut_to_80_characters(
    call: Callable[[], object],
) -> None:
    error = _raised(call)

    (detail,) = error.errors
    shown = detail.message[detail.message.index(", got str ") + len(", got str ") :]
    assert shown.startswith("'xxx")
    assert len(shown) <= 80
    assert len(str(error)) < 300


# --- every problem at once ---


def test_validation_error_reports_every_problem_of_a_payload() -> None:
    payload = {
        "children": "op-2",
        "description": 1,
        "ended_at": 2,
        "error": 3,
        "id": 4,
        "messages": [5, "m", 6],
        "progress": "half",
        "progress_current": -1,
        "progress_total": 1.5,
        "queued_at": 7,
        "started_at": 8,
        "state": {"name": "running"},
        "succeeded_on": (9,),
        "user_id": 10,
        11: "eleven",
    }

    error = _raised(lambda: Operation.from_dict(payload))

    assert [detail.path for detail in error.errors] == [
        "children",
        "description",
        "ended_at",
        "error",
        "id",
        "messages[0]",
        "messages[2]",
        "progress",
        "progress_current",
        "progress_total",
        "queued_at",
        "started_at",
        "state",
        "succeeded_on[0]",
        "user_id",
        "",
    ]
    assert str(error).splitlines()[0] == "16 validation errors for Operation"


def test_validation_error_ten_thousand_problems_bounded_message() -> None:
    error = _raised(lambda: Operation.from_dict({"children": [1] * 10_000}))

    lines = str(error).splitlines()

    assert len(error.errors) == 10_000
    assert error.errors[9_999] == ErrorDetail(
        "children[9999]", "expected a string, got int 1"
    )
    assert lines[0] == "10000 validation errors for Operation"
    assert lines[1] == "children[0]: expected a string, got int 1"
    assert len(lines) <= 500
    shown = len(lines) - 2
    assert lines[1 : 1 + shown] == [
        f"children[{index}]: expected a string, got int 1" for index in range(shown)
    ]
    more = re.search(r"\b(\d+) more\b", lines[-1])
    assert more is not None
    assert int(more.group(1)) == 10_000 - shown


# --- pickle and copy ---


@pytest.mark.parametrize("protocol", range(6))
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: Operation.from_dict({"id": 1, 2: 3}), id="from_dict"),
        pytest.param(lambda: Operation.from_json("{"), id="from_json"),
        pytest.param(lambda: ops.parse_operations([{"id": 1}]), id="list"),
        pytest.param(lambda: Operation.from_dict({"children": [1] * 1_000}), id="many"),
    ],
)
def test_validation_error_pickles(call: Callable[[], object], protocol: int) -> None:
    error = _raised(call)

    restored = pickle.loads(pickle.dumps(error, protocol))

    assert type(restored) is ValidationError
    assert restored.errors == error.errors
    assert all(type(detail) is ErrorDetail for detail in restored.errors)
    assert str(restored) == str(error)
    assert restored.args == error.args


@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy], ids=["copy", "deep"])
def test_validation_error_copies(clone: Callable[[Any], Any]) -> None:
    error = _raised(lambda: Operation.from_dict({"id": 1}))

    copied = clone(error)

    assert type(copied) is ValidationError
    assert copied.errors == error.errors
    assert str(copied) == str(error)
