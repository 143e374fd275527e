from __future__ import annotations

import collections
import collections.abc
import contextlib
import copy
import dataclasses
import datetime
import enum
import json
import pickle
import sys
import threading
import types
import typing
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

import ops
from ops import ErrorDetail, Operation, OperationState, ValidationError
from ops._json import MAX_DEPTH, NO_STACK_LEFT
from tests.contract import (
    FIELDS,
    TOO_DEEP,
    UNREADABLE_MAPPINGS,
    RefusingDict,
    RefusingFloat,
    RefusingInt,
    RefusingList,
    RefusingText,
    RefusingTuple,
    impostor,
    raised_errors,
    same,
    stack_left,
    wrapped,
)

LIST_FIELDS = ("children", "messages", "succeeded_on")
COUNT_FIELDS = ("progress_current", "progress_total")

EXPECTED_STATE = (
    "expected one of 'unknown', 'queued', 'running', 'succeeded', 'failed' "
    "(in any case), got "
)


Running = OperationState.Running
Unknown = OperationState.Unknown


def _payload() -> dict[str, Any]:
    """A realistic answer of the service for one operation, fresh on every call."""
    return {
        "children": ["op-2", "op-3"],
        "description": "Copy 3 files to the cluster",
        "ended_at": None,
        "error": None,
        "id": "op-1",
        "messages": ["queued", "started"],
        "progress": 0.5,
        "progress_current": 3,
        "progress_total": 6,
        "queued_at": "2026-05-01T11:59:00Z",
        "result": {"files": [{"path": "/a", "size": 10}], "ok": True, "none": None},
        "started_at": "2026-05-01T12:00:00.987654321Z",
        "state": "running",
        "succeeded_on": ["host-a"],
        "user_id": "u-1",
        "children_detail": [{"id": "op-2", "state": "queued"}],
        "retries": 2,
    }


def _deep(depth: int, kind: str = "list") -> Any:
    value: Any = None
    for _ in range(depth):
        if kind == "dict":
            value = {"a": value}
        elif kind == "tuple":
            value = (value,)
        else:
            value = [value]
    return value


STEP = {"list": "[0]", "tuple": "[0]", "dict": ".a"}


def _construct(**fields: Any) -> Operation:
    return Operation(**fields)


def _from_dict(**fields: Any) -> Operation:
    return Operation.from_dict(fields)


def _from_mapping(**fields: Any) -> Operation:
    # Any mapping that is not a plain dict takes the careful way through from_dict.
    return Operation.from_dict(types.MappingProxyType(fields))


BUILDERS = [
    pytest.param(_construct, id="constructor"),
    pytest.param(_from_dict, id="from_dict"),
    pytest.param(_from_mapping, id="from_mapping"),
]
READERS = BUILDERS[1:]


class _Exhausted(Exception):
    pass


@contextlib.contextmanager
def _call_budget(calls: int) -> Iterator[None]:
    """Fail, instead of hanging, once the code under test makes ``calls`` calls.

    A count of Python calls, not a clock: the outcome does not depend on the
    machine's speed.
    """
    count = 0

    def trace(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        count += 1
        if count > calls:
            raise _Exhausted(f"more than {calls} calls")

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        yield
    finally:
        sys.settrace(previous)


# --- OperationState ---


def test_operation_state_members_in_order() -> None:
    assert issubclass(OperationState, enum.Enum)
    assert [(state.name, state.value) for state in OperationState] == [
        ("Unknown", "unknown"),
        ("Queued", "queued"),
        ("Running", "running"),
        ("Succeeded", "succeeded"),
        ("Failed", "failed"),
    ]
    assert list(OperationState.__members__) == [
        "Unknown",
        "Queued",
        "Running",
        "Succeeded",
        "Failed",
    ]


@pytest.mark.parametrize("state", list(OperationState), ids=str)
def test_operation_state_lookup_by_value(state: OperationState) -> None:
    assert OperationState(state.value) is state


@pytest.mark.parametrize(
    ("state", "final"),
    [
        (OperationState.Unknown, False),
        (OperationState.Queued, False),
        (OperationState.Running, False),
        (OperationState.Succeeded, True),
        (OperationState.Failed, True),
    ],
    ids=str,
)
def test_operation_state_is_final(state: OperationState, final: bool) -> None:
    assert state.is_final is final
    assert Operation(state=state).is_final is final
    assert Operation.from_dict({"state": state.value.upper()}).is_final is final


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(Operation, id="no-state"),
        pytest.param(lambda: Operation.from_dict({"state": "paused"}), id="kept"),
        pytest.param(lambda: Operation.from_dict({"state": None}), id="null"),
    ],
)
def test_operation_is_final_false_without_final_state(
    operation: Callable[[], Operation],
) -> None:
    assert operation().is_final is False


# --- the dataclass itself ---


def test_fields_in_order_with_defaults() -> None:
    fields = dataclasses.fields(Operation)

    assert dataclasses.is_dataclass(Operation)
    assert [field.name for field in fields] == [*FIELDS, "extra"]
    assert all(field.default is None for field in fields[:15])
    assert fields[15].default is dataclasses.MISSING
    assert fields[15].default_factory is dict


def test_fields_default_to_none_and_empty_extra() -> None:
    first, second = Operation(), Operation()

    assert [getattr(first, name) for name in FIELDS] == [None] * 15
    assert first.extra == {}
    assert first.extra is not second.extra
    assert first.to_dict() == dict.fromkeys(FIELDS)


def test_type_hints_resolve_with_the_names_of_typing() -> None:
    # ops never imports typing, so the annotations are resolved in its names.
    text = Optional[str]
    texts = Optional[List[str]]
    names = {**vars(typing), **vars(ops)}

    assert typing.get_type_hints(Operation, names) == {
        "children": texts,
        "description": text,
        "ended_at": text,
        "error": text,
        "id": text,
        "messages": texts,
        "progress": Optional[float],
        "progress_current": Optional[int],
        "progress_total": Optional[int],
        "queued_at": text,
        "result": Any,
        "started_at": text,
        "state": Optional[OperationState],
        "succeeded_on": texts,
        "user_id": text,
        "extra": Dict[str, Any],
    }


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: Operation("op-1"), id="positional"),
        pytest.param(lambda: Operation(None), id="positional-none"),
        pytest.param(lambda: Operation(["a"], "copy"), id="two-positional"),
        pytest.param(lambda: Operation(ident="op-1"), id="unknown-keyword"),
        pytest.param(lambda: Operation(_unknown_state="x"), id="private-keyword"),
        pytest.param(Operation.from_dict, id="from_dict-no-argument"),
        pytest.param(lambda: Operation.from_dict({}, {}), id="from_dict-two"),
        pytest.param(Operation.from_json, id="from_json-no-argument"),
        pytest.param(lambda: Operation().to_dict(True), id="to_dict-positional"),
        pytest.param(lambda: Operation().to_json(2), id="to_json-positional"),
    ],
)
def test_operation_wrong_call_raises_type_error(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def test_operation_has_slots_and_no_instance_dict() -> None:
    operation = Operation(id="op-1")

    assert not hasattr(operation, "__dict__")
    with pytest.raises(AttributeError):
        operation.colour = "blue"  # type: ignore[attr-defined]


def test_operation_is_unhashable() -> None:
    assert Operation.__hash__ is None
    with pytest.raises(TypeError):
        hash(Operation(id="op-1"))


def test_operation_assignment_is_not_validated() -> None:
    operation = Operation(progress=0.5)

    operation.progress = "half"  # type: ignore[assignment]

    assert operation.progress == "half"


def test_replace_gives_a_validated_copy() -> None:
    operation = Operation.from_dict(_payload())

    replaced = dataclasses.replace(operation, id="op-9")

    assert type(replaced) is Operation
    assert replaced.to_dict() == {**_payload(), "id": "op-9"}
    assert replaced.extra == operation.extra
    assert replaced.extra is not operation.extra
    assert replaced.result is not operation.result
    assert raised_errors(lambda: dataclasses.replace(operation, progress="x")) == [
        ErrorDetail("progress", "expected a number, got str 'x'")
    ]


# --- the constructor and from_dict: accepted values ---


def test_constructor_stores_every_field() -> None:
    operation = Operation(
        children=("op-2",),
        description="copy",
        ended_at="2026-05-01T12:00:09Z",
        error="disk full",
        id="op-1",
        messages=["a", "b"],
        progress=1,
        progress_current=3.0,
        progress_total=6,
        queued_at="2026-05-01T11:00:00Z",
        result={"files": [1, 2]},
        started_at="2026-05-01T11:30:00Z",
        state="FAILED",
        succeeded_on=[],
        user_id="u-1",
        extra={"retries": 2},
    )

    assert same(
        [getattr(operation, name) for name in FIELDS],
        [
            ["op-2"],
            "copy",
            "2026-05-01T12:00:09Z",
            "disk full",
            "op-1",
            ["a", "b"],
            1.0,
            3,
            6,
            "2026-05-01T11:00:00Z",
            {"files": [1, 2]},
            "2026-05-01T11:30:00Z",
            OperationState.Failed,
            [],
            "u-1",
        ],
    )
    assert same(operation.extra, {"retries": 2})


def test_from_dict_reads_a_service_payload() -> None:
    operation = Operation.from_dict(_payload())

    assert operation.id == "op-1"
    assert operation.state is Running
    assert operation.extra == {
        "children_detail": [{"id": "op-2", "state": "queued"}],
        "retries": 2,
    }
    assert same(operation.to_dict(), _payload())


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("field", LIST_FIELDS)
@pytest.mark.parametrize(
    "value",
    [
        pytest.param(["a", "b"], id="list"),
        pytest.param(("a", "b"), id="tuple"),
        pytest.param([], id="empty-list"),
        pytest.param((), id="empty-tuple"),
        pytest.param(["é", "𝄞", ""], id="unicode"),
    ],
)
def test_list_fields_stored_as_new_list(
    build: Callable[..., Operation], field: str, value: Any
) -> None:
    stored = getattr(build(**{field: value}), field)

    assert type(stored) is list
    assert stored == list(value)
    assert stored is not value


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (0, 0.0),
        (1, 1.0),
        (-2, -2.0),
        (0.25, 0.25),
        (-0.0, -0.0),
        (10**20, 1e20),
        (2**53 + 1, float(2**53 + 1)),
        (1.7976931348623157e308, 1.7976931348623157e308),
        (5e-324, 5e-324),
    ],
    ids=repr,
)
def test_progress_stored_as_float(
    build: Callable[..., Operation], value: Any, stored: float
) -> None:
    progress = build(progress=value).progress

    assert type(progress) is float
    assert progress == stored


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("field", COUNT_FIELDS)
@pytest.mark.parametrize(
    ("value", "stored"),
    [(0, 0), (3, 3), (3.0, 3), (0.0, 0), (-0.0, 0), (2**70, 2**70), (1e20, 10**20)],
    ids=repr,
)
def test_counters_store_integral_values_as_int(
    build: Callable[..., Operation], field: str, value: Any, stored: int
) -> None:
    count = getattr(build(**{field: value}), field)

    assert type(count) is int
    assert count == stored


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize(
    "value",
    [
        "running",
        "Running",
        "RUNNING",
        "rUnNiNg",
        OperationState.Running,
    ],
    ids=repr,
)
def test_state_accepts_member_or_value_in_any_case(
    build: Callable[..., Operation], value: Any
) -> None:
    operation = build(state=value)

    assert operation.state is Running
    assert operation.to_dict()["state"] == "running"


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("state", list(OperationState), ids=str)
def test_state_every_member_read_from_upper_case(
    build: Callable[..., Operation], state: OperationState
) -> None:
    operation = build(state=state.value.upper())

    assert operation.state is state
    assert operation.to_dict()["state"] == state.value


# --- the constructor and from_dict: rejected values, the same for both ---


BAD_VALUES = [
    ("id", 1, "expected a string, got int 1"),
    ("description", b"copy", "expected a string, got bytes b'copy'"),
    ("ended_at", ["a"], "expected a string, got list ['a']"),
    ("error", True, "expected a string, got bool True"),
    ("queued_at", 1.5, "expected a string, got float 1.5"),
    ("started_at", {}, "expected a string, got dict {}"),
    (
        "user_id",
        OperationState.Failed,
        "expected a string, got OperationState <OperationState.Failed: 'failed'>",
    ),
    ("children", "abc", "expected a list of strings, got str 'abc'"),
    ("children", 5, "expected a list of strings, got int 5"),
    ("messages", {"a": 1}, "expected a list of strings, got dict {'a': 1}"),
    ("succeeded_on", {"a"}, "expected a list of strings, got set {'a'}"),
    ("succeeded_on", b"ab", "expected a list of strings, got bytes b'ab'"),
    ("progress", True, "expected a number, got bool True"),
    ("progress", False, "expected a number, got bool False"),
    ("progress", "0.5", "expected a number, got str '0.5'"),
    ("progress", [0.5], "expected a number, got list [0.5]"),
    ("progress", float("nan"), "expected a finite number, got float nan"),
    ("progress", float("inf"), "expected a finite number, got float inf"),
    ("progress", float("-inf"), "expected a finite number, got float -inf"),
    ("progress_current", -1, "expected an integer >= 0, got int -1"),
    ("progress_total", -1, "expected an integer >= 0, got int -1"),
    ("progress_current", True, "expected an integer >= 0, got bool True"),
    ("progress_total", False, "expected an integer >= 0, got bool False"),
    ("progress_current", 1.5, "expected an integer >= 0, got float 1.5"),
    ("progress_total", -1.0, "expected an integer >= 0, got float -1.0"),
    ("progress_current", float("nan"), "expected an integer >= 0, got float nan"),
    ("progress_total", float("inf"), "expected an integer >= 0, got float inf"),
    ("progress_current", "3", "expected an integer >= 0, got str '3'"),
    ("state", [1], EXPECTED_STATE + "list [1]"),
    ("state", {"a": 1}, EXPECTED_STATE + "dict {'a': 1}"),
    ("state", 1, EXPECTED_STATE + "int 1"),
    ("state", True, EXPECTED_STATE + "bool True"),
    ("state", b"running", EXPECTED_STATE + "bytes b'running'"),
]


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize(
    ("field", "value", "message"),
    BAD_VALUES,
    ids=[f"{field}-{value!r}"[:40] for field, value, _ in BAD_VALUES],
)
def test_field_rejects_bad_value(
    build: Callable[..., Operation], field: str, value: Any, message: str
) -> None:
    errors = raised_errors(lambda: build(**{field: value}))

    assert errors == [ErrorDetail(field, message)]


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("value", [10**400, -(10**400), 2**1024], ids=str)
def test_progress_rejects_int_too_large_for_a_float(
    build: Callable[..., Operation], value: int
) -> None:
    errors = raised_errors(lambda: build(progress=value))

    assert [error.path for error in errors] == ["progress"]
    assert errors[0].message.startswith("expected a number")
    assert ", got int " in errors[0].message
    assert len(errors[0].message) < 200


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("field", LIST_FIELDS)
def test_list_fields_report_each_bad_item(
    build: Callable[..., Operation], field: str
) -> None:
    value = ["a", 1, None, "b", b"x", ["c"]]

    assert raised_errors(lambda: build(**{field: value})) == [
        ErrorDetail(f"{field}[1]", "expected a string, got int 1"),
        ErrorDetail(f"{field}[2]", "expected a string, got NoneType None"),
        ErrorDetail(f"{field}[4]", "expected a string, got bytes b'x'"),
        ErrorDetail(f"{field}[5]", "expected a string, got list ['c']"),
    ]


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize(
    ("field", "value", "stored"),
    [
        ("children", RefusingList(["a", "b"]), ["a", "b"]),
        ("messages", RefusingTuple(("a",)), ["a"]),
        ("progress", RefusingInt(3), 3.0),
        ("progress", RefusingFloat(0.5), 0.5),
        ("progress_current", RefusingInt(7), 7),
        ("progress_total", RefusingFloat(2.0), 2),
    ],
    ids=repr,
)
def test_subclass_values_are_read_by_their_base_type(
    build: Callable[..., Operation], field: str, value: Any, stored: Any
) -> None:
    kept = getattr(build(**{field: value}), field)

    assert type(kept) is type(stored)
    assert kept == stored


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize(
    ("field", "value", "path", "expected"),
    [
        ("children", RefusingList(["a", 1]), "children[1]", "a string"),
        ("succeeded_on", RefusingTuple((None,)), "succeeded_on[0]", "a string"),
        ("progress", RefusingFloat("nan"), "progress", "a finite number"),
        ("progress_current", RefusingInt(-1), "progress_current", "an integer >= 0"),
        ("progress_total", RefusingFloat(0.5), "progress_total", "an integer >= 0"),
    ],
    ids=repr,
)
def test_subclass_values_get_the_base_type_errors(
    build: Callable[..., Operation], field: str, value: Any, path: str, expected: str
) -> None:
    errors = raised_errors(lambda: build(**{field: value}))

    assert [error.path for error in errors] == [path]
    assert errors[0].message.startswith(f"expected {expected}, got ")


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize(
    ("field", "value", "path", "expected"),
    [
        ("children", impostor(list), "children", "expected a list of strings"),
        ("messages", impostor(tuple), "messages", "expected a list of strings"),
        ("succeeded_on", ["a", impostor(str)], "succeeded_on[1]", "expected a string"),
        ("description", impostor(str), "description", "expected a string"),
        ("progress", impostor(float), "progress", "expected a number"),
        ("progress", impostor(int), "progress", "expected a number"),
        (
            "progress_total",
            impostor(int),
            "progress_total",
            "expected an integer >= 0",
        ),
        ("state", impostor(str), "state", EXPECTED_STATE[:-6]),
        ("state", impostor(OperationState), "state", EXPECTED_STATE[:-6]),
    ],
    ids=[
        "list",
        "tuple",
        "str-item",
        "str",
        "float",
        "int",
        "counter",
        "state-text",
        "state",
    ],
)
def test_values_posing_as_a_type_get_its_errors(
    build: Callable[..., Operation], field: str, value: Any, path: str, expected: str
) -> None:
    errors = raised_errors(lambda: build(**{field: value}))

    assert [error.path for error in errors] == [path]
    assert errors[0].message.startswith(f"{expected}, got NonCallableMock ")


def test_constructor_extra_posing_as_a_mapping_is_an_error() -> None:
    errors = raised_errors(lambda: Operation(extra=impostor(dict)))

    assert [error.path for error in errors] == ["extra"]
    assert errors[0].message.startswith(
        "expected a mapping with string keys, got NonCallableMock "
    )


def test_from_dict_payload_posing_as_a_mapping_is_an_error() -> None:
    errors = raised_errors(lambda: Operation.from_dict(impostor(dict)))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith(
        "expected an object (a mapping), got NonCallableMock "
    )


@pytest.mark.parametrize(
    "text", ["paused", "Paused", "", " running", "running ", "runnin", "unknown?"]
)
def test_constructor_rejects_state_text_naming_no_state(text: str) -> None:
    assert raised_errors(lambda: Operation(state=text)) == [
        ErrorDetail("state", EXPECTED_STATE + f"str {text!r}")
    ]


def test_constructor_reports_every_problem_in_field_order() -> None:
    errors = raised_errors(
        lambda: Operation(
            children=["a", 2],
            id=1,
            progress=True,
            progress_total=-1,
            state=[1],
            user_id=b"u",
            extra={"id": "x", 3: "y"},
        )
    )

    assert errors == [
        ErrorDetail("children[1]", "expected a string, got int 2"),
        ErrorDetail("id", "expected a string, got int 1"),
        ErrorDetail("progress", "expected a number, got bool True"),
        ErrorDetail("progress_total", "expected an integer >= 0, got int -1"),
        ErrorDetail("state", EXPECTED_STATE + "list [1]"),
        ErrorDetail("user_id", "expected a string, got bytes b'u'"),
        ErrorDetail("extra.id", "'id' is a field of Operation, not an extra key"),
        ErrorDetail("extra", "expected string keys, got int 3"),
    ]


def test_constructor_reports_an_unknown_state_with_the_others() -> None:
    errors = raised_errors(lambda: Operation(state="paused", user_id=1, id=2))

    assert sorted(errors) == [
        ErrorDetail("id", "expected a string, got int 2"),
        ErrorDetail("state", EXPECTED_STATE + "str 'paused'"),
        ErrorDetail("user_id", "expected a string, got int 1"),
    ]


@pytest.mark.parametrize("read", READERS)
def test_from_dict_reports_problems_in_field_order_then_other_keys(
    read: Callable[..., Operation],
) -> None:
    payload = {
        "id": 1,
        "zeta": _deep(300),
        "children": ["a", 2],
        "progress": True,
        "state": [1],
        "alpha": _deep(300),
        "progress_current": 1.5,
    }

    assert raised_errors(lambda: read(**payload)) == [
        ErrorDetail("children[1]", "expected a string, got int 2"),
        ErrorDetail("id", "expected a string, got int 1"),
        ErrorDetail("progress", "expected a number, got bool True"),
        ErrorDetail("progress_current", "expected an integer >= 0, got float 1.5"),
        ErrorDetail("state", EXPECTED_STATE + "list [1]"),
        ErrorDetail("zeta" + "[0]" * 256, TOO_DEEP),
        ErrorDetail("alpha" + "[0]" * 256, TOO_DEEP),
    ]


# --- from_dict: what only a payload may carry ---


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    "text",
    ["paused", "Paused", "CANCELLED", "", " running", "unknown ", "r\u00fcnning"],
    ids=repr,
)
def test_from_dict_keeps_text_of_state_naming_no_state(
    read: Callable[..., Operation], text: str
) -> None:
    operation = read(state=text)

    assert operation.state is Unknown
    assert operation.to_dict()["state"] == text
    assert json.loads(operation.to_json())["state"] == text


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("text", ["unknown", "Unknown", "UNKNOWN"])
def test_from_dict_spelled_unknown_state_is_normalised(
    read: Callable[..., Operation], text: str
) -> None:
    operation = read(state=text)

    assert operation.state is Unknown
    assert operation.to_dict()["state"] == "unknown"


def test_from_dict_kept_state_text_returns_while_state_is_unknown() -> None:
    operation = Operation.from_dict({"state": "paused"})

    operation.state = OperationState.Running
    assert operation.to_dict()["state"] == "running"
    operation.state = None
    assert operation.to_dict()["state"] is None
    operation.state = OperationState.Unknown
    assert operation.to_dict()["state"] == "paused"


def test_constructor_unknown_member_gives_unknown_text() -> None:
    operation = Operation(state=OperationState.Unknown)

    assert operation.to_dict()["state"] == "unknown"
    assert operation != Operation.from_dict({"state": "paused"})


@pytest.mark.parametrize("read", READERS)
def test_from_dict_puts_other_keys_in_extra_in_their_order(
    read: Callable[..., Operation],
) -> None:
    operation = read(
        zeta=1,
        id="op-1",
        extra={"nested": [1]},
        alpha=None,
        rate=(1.5, [2]),
        State="RUNNING",
    )

    assert list(operation.extra) == ["zeta", "extra", "alpha", "rate", "State"]
    assert same(
        operation.extra,
        {
            "zeta": 1,
            "extra": {"nested": [1]},
            "alpha": None,
            "rate": (1.5, [2]),
            "State": "RUNNING",
        },
    )
    assert operation.state is None
    assert list(operation.to_dict()) == [*FIELDS, *operation.extra]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    "payload",
    [
        {"extra": None},
        {"info": None},
        {"id": "op-1", "rate": None},
        {"a": None, "b": None, "c": None},
        {"state": "Paused", "extra": None, "info": None},
    ],
    ids=repr,
)
def test_from_dict_keeps_other_keys_whose_value_is_none(
    read: Callable[..., Operation], payload: dict[str, Any]
) -> None:
    operation = read(**payload)
    others = {key: value for key, value in payload.items() if key not in FIELDS}

    assert operation.extra == others
    assert list(operation.to_dict())[15:] == list(others)
    assert Operation.from_dict(operation.to_dict()) == operation


@pytest.mark.parametrize(
    "payload",
    [{1: None}, {"id": "op-1", None: None}, {b"id": None}, {("a",): None}],
    ids=repr,
)
@pytest.mark.parametrize("wrap", [dict, types.MappingProxyType])
def test_from_dict_rejects_a_non_string_key_whose_value_is_none(
    payload: dict[Any, Any], wrap: Callable[[Any], Any]
) -> None:
    errors = raised_errors(lambda: Operation.from_dict(wrap(payload)))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith("expected string keys, got ")


class _Answer(collections.abc.Mapping):  # type: ignore[type-arg]
    """A mapping that is no dict."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(dict, id="dict"),
        pytest.param(collections.OrderedDict, id="OrderedDict"),
        pytest.param(types.MappingProxyType, id="MappingProxyType"),
        pytest.param(_Answer, id="Mapping"),
    ],
)
def test_from_dict_accepts_any_mapping(wrap: Callable[[Any], Any]) -> None:
    operation = Operation.from_dict(wrap(_payload()))

    assert operation == Operation.from_dict(_payload())
    assert type(operation.to_dict()) is dict


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ([], "list []"),
        ([("id", "op-1")], "list [('id', 'op-1')]"),
        ("{}", "str '{}'"),
        (b"{}", "bytes b'{}'"),
        (None, "NoneType None"),
        (1, "int 1"),
        ({"id"}, "set {'id'}"),
        (Operation(), "Operation Operation()"),
    ],
    ids=repr,
)
def test_from_dict_rejects_a_non_mapping(data: Any, shown: str) -> None:
    assert raised_errors(lambda: Operation.from_dict(data)) == [
        ErrorDetail("", f"expected an object (a mapping), got {shown}")
    ]


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        (1, "int 1"),
        (None, "NoneType None"),
        (("id",), "tuple ('id',)"),
        (b"id", "bytes b'id'"),
        (1.5, "float 1.5"),
        (OperationState.Running, "OperationState <OperationState.Running: 'running'>"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("wrap", [dict, types.MappingProxyType])
def test_from_dict_rejects_a_non_string_key(
    key: Any, shown: str, wrap: Callable[[Any], Any]
) -> None:
    data = wrap({"id": "op-1", key: "x", "progress": "half"})

    assert raised_errors(lambda: Operation.from_dict(data)) == [
        ErrorDetail("progress", "expected a number, got str 'half'"),
        ErrorDetail("", f"expected string keys, got {shown}"),
    ]


# --- extra given to the constructor ---


@pytest.mark.parametrize(
    ("extra", "stored"),
    [
        (None, {}),
        ({}, {}),
        ({"retries": 2}, {"retries": 2}),
        ({"extra": {"a": None}}, {"extra": {"a": None}}),
        ({"State": "x", "ID": 1}, {"State": "x", "ID": 1}),
        (types.MappingProxyType({"rate": 1.5}), {"rate": 1.5}),
        (collections.OrderedDict(info=[1]), {"info": [1]}),
    ],
    ids=repr,
)
def test_constructor_extra_accepted(extra: Any, stored: dict[str, Any]) -> None:
    operation = Operation(extra=extra)

    assert type(operation.extra) is dict
    assert same(operation.extra, stored)
    assert operation.extra is not extra


@pytest.mark.parametrize("field", FIELDS)
def test_constructor_extra_naming_a_field_rejected(field: str) -> None:
    assert raised_errors(lambda: Operation(extra={field: None})) == [
        ErrorDetail(
            f"extra.{field}", f"{field!r} is a field of Operation, not an extra key"
        )
    ]


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        (
            [("retries", 2)],
            [
                (
                    "extra",
                    "expected a mapping with string keys, got list [('retries', 2)]",
                )
            ],
        ),
        (
            "retries",
            [("extra", "expected a mapping with string keys, got str 'retries'")],
        ),
        ({1: "a"}, [("extra", "expected string keys, got int 1")]),
        (
            {"ok": 1, None: 2, "id": 3, "deep": _deep(257)},
            [
                ("extra", "expected string keys, got NoneType None"),
                ("extra.id", "'id' is a field of Operation, not an extra key"),
                ("extra.deep" + "[0]" * 256, TOO_DEEP),
            ],
        ),
        (
            {"a b": _deep(257, "dict")},
            [("extra['a b']" + ".a" * 256, TOO_DEEP)],
        ),
    ],
    ids=["list", "str", "int-key", "several", "odd-key"],
)
def test_constructor_extra_rejected(extra: Any, errors: list[tuple[str, str]]) -> None:
    assert raised_errors(lambda: Operation(extra=extra)) == [
        ErrorDetail(path, message) for path, message in errors
    ]


# --- result and extra values: nesting, copies ---


def test_max_depth_is_256() -> None:
    assert MAX_DEPTH == 256


@pytest.mark.parametrize("build", BUILDERS)
@pytest.mark.parametrize("kind", ["list", "tuple", "dict"])
def test_result_nests_at_most_256_levels(
    build: Callable[..., Operation], kind: str
) -> None:
    assert build(result=_deep(256, kind)).result == _deep(256, kind)
    assert raised_errors(lambda: build(result=_deep(257, kind))) == [
        ErrorDetail("result" + STEP[kind] * 256, TOO_DEEP)
    ]


@pytest.mark.parametrize("kind", ["list", "tuple", "dict"])
def test_extra_values_nest_at_most_256_levels(kind: str) -> None:
    assert Operation(extra={"info": _deep(256, kind)}).extra["info"] == _deep(256, kind)
    assert Operation.from_dict({"info": _deep(256, kind)}).extra["info"] == _deep(
        256, kind
    )
    assert raised_errors(lambda: Operation(extra={"info": _deep(257, kind)})) == [
        ErrorDetail("extra.info" + STEP[kind] * 256, TOO_DEEP)
    ]
    assert raised_errors(lambda: Operation.from_dict({"info": _deep(257, kind)})) == [
        ErrorDetail("info" + STEP[kind] * 256, TOO_DEEP)
    ]


@pytest.mark.parametrize("build", BUILDERS)
def test_result_read_with_little_stack_left_is_an_error(
    build: Callable[..., Operation],
) -> None:
    # 200 levels are allowed, but not with 80 frames left to copy them in.
    value = _deep(200)

    with stack_left(80):
        errors = raised_errors(lambda: build(result=value))

    assert errors == [ErrorDetail("result", NO_STACK_LEFT)]
    assert build(result=value).result == value


@pytest.mark.parametrize("build", BUILDERS)
def test_result_sharing_a_part_deeper_down_nests_at_most_256_levels(
    build: Callable[..., Operation],
) -> None:
    # The part is met near the top first, where it fits, and then far below.
    part = _deep(100)
    fits = [part, wrapped(155, part)]
    too_deep = [part, wrapped(156, part)]

    assert build(result=fits).result == fits
    assert raised_errors(lambda: build(result=too_deep)) == [
        ErrorDetail("result[1]" + "[0]" * 255, TOO_DEEP)
    ]


@pytest.mark.parametrize("build", BUILDERS)
def test_result_keys_of_a_str_subclass_run_none_of_its_methods(
    build: Callable[..., Operation],
) -> None:
    value = {RefusingText("files"): [[{RefusingText("a b"): [1]}]]}

    assert build(result=value).result == {"files": [[{"a b": [1]}]]}


@pytest.mark.parametrize("build", BUILDERS)
def test_result_dict_subclass_is_copied_by_dict_alone(
    build: Callable[..., Operation],
) -> None:
    value = {"files": [RefusingDict(path=[1], size=2)]}

    result = build(result=value).result

    assert same(result, {"files": [{"path": [1], "size": 2}]})


@pytest.mark.parametrize("build", BUILDERS)
def test_result_tuples_stay_tuples_and_are_copied(
    build: Callable[..., Operation],
) -> None:
    inner = [2]
    value = (1, inner, {"a": (3, [4])})

    result = build(result=value).result

    assert same(result, (1, [2], {"a": (3, [4])}))
    assert result[1] is not inner
    assert result[2] is not value[2]
    assert result[2]["a"][1] is not value[2]["a"][1]


@pytest.mark.parametrize("build", BUILDERS)
def test_result_of_many_scalars_is_a_new_list(
    build: Callable[..., Operation],
) -> None:
    value = [*range(8), "a", None, 1.5, True]

    result = build(result=value).result

    assert same(result, [*range(8), "a", None, 1.5, True])
    assert result is not value


@pytest.mark.parametrize("build", BUILDERS)
def test_result_of_many_items_copies_the_container_among_them(
    build: Callable[..., Operation],
) -> None:
    # Past eight items, the types are looked at all at once: one dict among them
    # still makes the copy go deeper.
    inner = {"path": "/a", "size": 10}
    value = [*range(8), inner, "last"]

    result = build(result=value).result

    assert same(result, [*range(8), {"path": "/a", "size": 10}, "last"])
    assert result is not value
    assert result[8] is not inner


class _Thing:
    def __init__(self) -> None:
        self.marks: list[int] = []

    def __repr__(self) -> str:
        return "<thing>"


@pytest.mark.parametrize("build", BUILDERS)
def test_result_and_extra_copy_other_values_too(
    build: Callable[..., Operation],
) -> None:
    thing, numbers = _Thing(), {1, 2}

    if build is _construct:
        operation = build(result=[thing], extra={"numbers": numbers})
    else:
        operation = build(result=[thing], numbers=numbers)
    thing.marks.append(1)
    numbers.add(3)

    assert operation.result[0].marks == []
    assert operation.extra["numbers"] == {1, 2}


@pytest.mark.parametrize("build", BUILDERS)
def test_result_that_cannot_be_copied_is_an_error(
    build: Callable[..., Operation],
) -> None:
    lock = threading.Lock()

    errors = raised_errors(lambda: build(result={"lock": lock}))

    assert [error.path for error in errors] == ["result.lock"]
    assert errors[0].message.startswith("expected a value that can be copied, got lock")
    assert errors[0].message.endswith("(TypeError)")


# --- no container is shared, in either direction ---


MUTATIONS = [
    pytest.param(lambda data: data["children"].append("op-9"), id="children"),
    pytest.param(lambda data: data["messages"].clear(), id="messages"),
    pytest.param(lambda data: data["succeeded_on"].append("x"), id="succeeded_on"),
    pytest.param(lambda data: data["result"].update(ok=False), id="result"),
    pytest.param(lambda data: data["result"]["files"].append({}), id="result-list"),
    pytest.param(
        lambda data: data["result"]["files"][0].update(size=0), id="result-nested"
    ),
    pytest.param(
        lambda data: data["children_detail"][0].update(state="failed"),
        id="extra-nested",
    ),
    pytest.param(lambda data: data["rate"][1].append(3), id="extra-tuple-list"),
    pytest.param(lambda data: data.update(id="op-9", extra_key=1), id="top"),
]


def _rich_payload() -> dict[str, Any]:
    return {**_payload(), "rate": (1.5, [2])}


@pytest.mark.parametrize("mutate", MUTATIONS)
@pytest.mark.parametrize(
    "wrap", [dict, collections.OrderedDict], ids=["dict", "OrderedDict"]
)
def test_from_dict_shares_no_container_with_payload(
    mutate: Callable[[dict[str, Any]], None], wrap: Callable[[Any], Any]
) -> None:
    payload = wrap(_rich_payload())
    operation = Operation.from_dict(payload)
    before = operation.to_dict()

    mutate(payload)

    assert same(operation.to_dict(), before)


@pytest.mark.parametrize("mutate", MUTATIONS)
def test_to_dict_shares_no_container_with_operation(
    mutate: Callable[[dict[str, Any]], None],
) -> None:
    operation = Operation.from_dict(_rich_payload())
    before = operation.to_dict()

    mutate(operation.to_dict())
    mutate(operation.to_dict(exclude_none=True))

    assert same(operation.to_dict(), before)


@pytest.mark.parametrize("mutate", MUTATIONS)
def test_constructor_shares_no_container_with_arguments(
    mutate: Callable[[dict[str, Any]], None],
) -> None:
    data = _rich_payload()
    fields = {name: data.pop(name) for name in FIELDS}
    extra = dict(data)
    operation = Operation(**fields, extra=extra)
    before = operation.to_dict()

    mutate({**fields, **extra})
    extra["added"] = 1

    assert same(operation.to_dict(), before)


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(_rich_payload, id="valid"),
        pytest.param(
            lambda: {**_rich_payload(), "progress": "x", "deep": _deep(300)},
            id="invalid",
        ),
        pytest.param(
            lambda: {**_rich_payload(), "state": "Paused", "extra": {"a": [1]}},
            id="kept-state",
        ),
    ],
)
@pytest.mark.parametrize(
    "wrap", [dict, collections.OrderedDict], ids=["dict", "OrderedDict"]
)
def test_from_dict_never_modifies_payload(
    payload: Callable[[], dict[str, Any]], wrap: Callable[[Any], Any]
) -> None:
    data = wrap(payload())
    snapshot = copy.deepcopy(data)
    containers = list(data.items())

    with contextlib.suppress(ValidationError):
        Operation.from_dict(data)

    assert data == snapshot
    assert list(data) == list(snapshot)
    assert all(data[key] is value for key, value in containers)
    assert data["result"]["files"][0] == {"path": "/a", "size": 10}


# --- to_dict ---


def test_to_dict_gives_fields_in_order_then_extra() -> None:
    operation = Operation.from_dict({"zeta": 1, "id": "op-1", "extra": 2, "alpha": 3})

    assert list(operation.to_dict()) == [*FIELDS, "zeta", "extra", "alpha"]
    assert list(operation.to_dict(exclude_none=True)) == [
        "id",
        "zeta",
        "extra",
        "alpha",
    ]


def test_to_dict_exclude_none_drops_only_top_level_none() -> None:
    operation = Operation.from_dict(
        {
            "id": "op-1",
            "description": None,
            "result": [None, {"a": None}],
            "gone": None,
            "kept": {"b": None},
        }
    )

    assert same(
        operation.to_dict(exclude_none=True),
        {"id": "op-1", "result": [None, {"a": None}], "kept": {"b": None}},
    )
    assert same(
        operation.to_dict(),
        {
            **dict.fromkeys(FIELDS),
            "id": "op-1",
            "result": [None, {"a": None}],
            "gone": None,
            "kept": {"b": None},
        },
    )


def test_to_dict_exclude_none_of_empty_operation_is_empty() -> None:
    assert Operation().to_dict(exclude_none=True) == {}


# --- round trips ---


ROUND_TRIPS = [
    pytest.param(Operation, id="empty"),
    pytest.param(lambda: Operation.from_dict(_rich_payload()), id="payload"),
    pytest.param(lambda: Operation.from_dict({"state": "Paused"}), id="kept-state"),
    pytest.param(lambda: Operation.from_dict({"state": ""}), id="kept-empty-state"),
    pytest.param(lambda: Operation(state=OperationState.Unknown), id="unknown"),
    pytest.param(
        lambda: Operation(extra={"extra": {"extra": 1}, "info": None}), id="extra"
    ),
    pytest.param(
        lambda: Operation(result=(1, [2.5, (None,)]), progress=3), id="tuples"
    ),
    pytest.param(
        lambda: Operation(children=[], messages=(), succeeded_on=[""]), id="empty-lists"
    ),
    pytest.param(
        lambda: Operation(progress_current=3.0, progress_total=2**70), id="counters"
    ),
    pytest.param(lambda: Operation(description="é\u2028𝄞\x00"), id="unicode"),
]


@pytest.mark.parametrize("operation", ROUND_TRIPS)
def test_from_dict_round_trips_to_dict(operation: Callable[[], Operation]) -> None:
    original = operation()

    restored = Operation.from_dict(original.to_dict())

    assert restored == original
    assert same(restored.to_dict(), original.to_dict())
    trimmed = original.to_dict(exclude_none=True)
    assert same(Operation.from_dict(trimmed).to_dict(exclude_none=True), trimmed)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ({"progress": 1}, {"progress": 1.0}),
        ({"progress_current": 3.0}, {"progress_current": 3}),
        ({"state": "RUNNING"}, {"state": "running"}),
        ({"state": "Paused"}, {"state": "Paused"}),
        ({"id": None, "x": None, "result": [None]}, {"result": [None]}),
        ({"extra": {"a": 1}, "Id": "x"}, {"extra": {"a": 1}, "Id": "x"}),
    ],
    ids=repr,
)
def test_to_dict_round_trips_payload(
    payload: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert same(Operation.from_dict(payload).to_dict(exclude_none=True), expected)


# --- equality ---


EQUAL = [
    pytest.param(lambda: (Operation(), Operation()), id="empty"),
    pytest.param(
        lambda: (Operation(progress=1), Operation(progress=1.0)), id="progress"
    ),
    pytest.param(
        lambda: (Operation(progress_total=3), Operation(progress_total=3.0)),
        id="counter",
    ),
    pytest.param(
        lambda: (Operation(children=("a",)), Operation(children=["a"])), id="tuple"
    ),
    pytest.param(
        lambda: (Operation(state="RUNNING"), Operation(state=Running)), id="state"
    ),
    pytest.param(
        lambda: (
            Operation.from_dict({"id": "a", "k": [1]}),
            Operation(id="a", extra={"k": [1]}),
        ),
        id="extra",
    ),
    pytest.param(
        lambda: (
            Operation.from_dict({"state": "Paused"}),
            Operation.from_dict({"state": "Paused"}),
        ),
        id="kept-state",
    ),
    pytest.param(
        lambda: (
            Operation.from_dict({"a": 1, "b": 2}),
            Operation.from_dict({"b": 2, "a": 1}),
        ),
        id="extra-order",
    ),
]

SET_FIELDS = [
    ("children", []),
    ("description", ""),
    ("ended_at", "x"),
    ("error", "x"),
    ("id", "x"),
    ("messages", ["x"]),
    ("progress", 0.0),
    ("progress_current", 0),
    ("progress_total", 0),
    ("queued_at", "x"),
    ("result", 0),
    ("started_at", "x"),
    ("state", "queued"),
    ("succeeded_on", ["x"]),
    ("user_id", "x"),
]

UNEQUAL = [
    pytest.param(
        lambda: (Operation(id="a"), Operation(id="b")),
        id="id-differs",
    ),
    pytest.param(
        lambda: (Operation(extra={"k": 1}), Operation(extra={"k": 2})),
        id="extra-differs",
    ),
    pytest.param(
        lambda: (Operation(extra={"k": None}), Operation()),
        id="extra-none-key",
    ),
    pytest.param(
        lambda: (
            Operation.from_dict({"state": "paused"}),
            Operation.from_dict({"state": "Paused"}),
        ),
        id="kept-state-case",
    ),
    pytest.param(
        lambda: (
            Operation.from_dict({"state": "paused"}),
            Operation(state=Unknown),
        ),
        id="kept-state-vs-unknown",
    ),
    pytest.param(
        lambda: (Operation(result=(1,)), Operation(result=[1])),
        id="result-tuple-vs-list",
    ),
]


@pytest.mark.parametrize("pair", EQUAL)
def test_equality_agrees_with_to_dict_equal(
    pair: Callable[[], tuple[Operation, Operation]],
) -> None:
    left, right = pair()

    assert left == right
    assert right == left
    assert not left != right  # noqa: SIM202
    assert left.to_dict() == right.to_dict()


@pytest.mark.parametrize("pair", UNEQUAL)
def test_equality_agrees_with_to_dict_unequal(
    pair: Callable[[], tuple[Operation, Operation]],
) -> None:
    left, right = pair()

    assert left != right
    assert right != left
    assert not left == right  # noqa: SIM201
    assert left.to_dict() != right.to_dict()


@pytest.mark.parametrize(("field", "value"), SET_FIELDS, ids=[f for f, _ in SET_FIELDS])
def test_equality_set_field_differs_from_unset(field: str, value: Any) -> None:
    left, right = Operation(**{field: value}), Operation()

    assert left != right
    assert right != left
    assert left.to_dict() != right.to_dict()


@pytest.mark.parametrize(
    "other", [None, {}, dict.fromkeys(FIELDS), "Operation()", 0], ids=repr
)
def test_equality_with_other_types_is_false(other: object) -> None:
    operation = Operation()

    assert operation != other
    assert not operation == other  # noqa: SIM201
    assert operation.__eq__(other) is NotImplemented


# --- repr ---


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        (Operation, "Operation()"),
        (
            lambda: Operation(id="op-1", progress=1),
            "Operation(id='op-1', progress=1.0)",
        ),
        (
            lambda: Operation(state="RUNNING"),
            "Operation(state=<OperationState.Running: 'running'>)",
        ),
        (
            lambda: Operation(children=[], description=""),
            "Operation(children=[], description='')",
        ),
        (
            lambda: Operation(extra={"k": None}),
            "Operation(extra={'k': None})",
        ),
        (
            lambda: Operation.from_dict({"zeta": 1, "result": (1,), "user_id": "u"}),
            "Operation(result=(1,), user_id='u', extra={'zeta': 1})",
        ),
    ],
    ids=["empty", "fields", "state", "empty-values", "extra", "order"],
)
def test_repr_shows_only_fields_that_are_set(
    operation: Callable[[], Operation], expected: str
) -> None:
    assert repr(operation()) == expected


# --- copy, deepcopy, pickle ---


KEPT = [
    pytest.param(Operation, id="empty"),
    pytest.param(lambda: Operation.from_dict(_rich_payload()), id="payload"),
    pytest.param(
        lambda: Operation.from_dict(
            {"state": "Paused", "extra": {"a": (1, [2])}, "info": None}
        ),
        id="kept-state-and-extra",
    ),
    pytest.param(lambda: Operation(state=Unknown, result=[1.5]), id="unknown"),
]


def _assert_kept(restored: Operation, original: Operation) -> None:
    assert type(restored) is Operation
    assert restored == original
    assert same(restored.to_dict(), original.to_dict())
    assert repr(restored) == repr(original)
    assert restored.state is original.state


@pytest.mark.parametrize("operation", KEPT)
@pytest.mark.parametrize("protocol", range(6))
def test_pickle_keeps_everything(
    operation: Callable[[], Operation], protocol: int
) -> None:
    original = operation()

    _assert_kept(pickle.loads(pickle.dumps(original, protocol)), original)


@pytest.mark.parametrize("operation", KEPT)
def test_copy_keeps_everything(operation: Callable[[], Operation]) -> None:
    original = operation()

    _assert_kept(copy.copy(original), original)


@pytest.mark.parametrize("operation", KEPT)
def test_deepcopy_keeps_everything_and_shares_nothing(
    operation: Callable[[], Operation],
) -> None:
    original = operation()
    before = original.to_dict()

    copied = copy.deepcopy(original)
    _assert_kept(copied, original)
    for value in [copied.result, *copied.extra.values()]:
        if isinstance(value, (list, dict)):
            value.clear()
    copied.extra.clear()

    assert same(original.to_dict(), before)


def test_pickle_keeps_kept_state_text() -> None:
    original = Operation.from_dict({"state": "Paused"})

    restored = pickle.loads(pickle.dumps(original))

    assert restored.to_dict()["state"] == "Paused"
    restored.state = Running
    restored.state = Unknown
    assert restored.to_dict()["state"] == "Paused"


def test_unpickling_a_state_of_fewer_names_gives_the_defaults_for_the_rest() -> None:
    # What pickle does with a state that an older version of the class wrote.
    restored = Operation.__new__(Operation)
    restored.__setstate__({"id": "op-1", "progress": 0.5})

    assert restored == Operation(id="op-1", progress=0.5)
    assert restored.extra == {}
    assert restored.to_dict()["state"] is None


# --- bad input, however odd: a ValidationError and nothing else ---


def _self_referencing_list() -> list[Any]:
    items: list[Any] = [1]
    items.append(items)
    return items


def _twice_self_referencing_list() -> list[Any]:
    items: list[Any] = []
    items.append(items)
    items.append(items)
    return items


def _self_referencing_dict() -> dict[str, Any]:
    data: dict[str, Any] = {"id": "x"}
    data["self"] = data
    return data


def _assigned_result(value: Any) -> Operation:
    operation = Operation()
    operation.result = value
    return operation


HUGE = "x" * 10_000_000

BAD_INPUTS = [
    pytest.param(lambda: Operation.from_dict([1]), id="non-mapping"),
    pytest.param(lambda: Operation.from_dict({1: "a"}), id="non-string-key"),
    pytest.param(lambda: Operation.from_dict({("id", 1): 1}), id="tuple-key"),
    pytest.param(lambda: Operation.from_dict({"state": [1]}), id="state-list"),
    pytest.param(lambda: Operation.from_dict({"state": {}}), id="state-dict"),
    pytest.param(lambda: Operation(state=[1]), id="constructor-state-list"),
    pytest.param(lambda: Operation(state={"a": 1}), id="constructor-state-dict"),
    pytest.param(
        lambda: Operation.from_dict({"result": _deep(10_000)}), id="deep-list"
    ),
    pytest.param(
        lambda: Operation.from_dict({"result": _deep(10_000, "dict")}), id="deep-dict"
    ),
    pytest.param(
        lambda: Operation.from_dict({"info": _deep(10_000, "tuple")}), id="deep-extra"
    ),
    pytest.param(lambda: Operation(result=_deep(10_000)), id="constructor-deep"),
    pytest.param(
        lambda: Operation.from_json('{"result": ' + "[" * 10_000 + "]" * 10_000 + "}"),
        id="deep-json",
    ),
    pytest.param(
        lambda: Operation.from_json(
            '{"result": ' + '{"a": ' * 10_000 + "1" + "}" * 10_000 + "}"
        ),
        id="deep-json-objects",
    ),
    pytest.param(lambda: Operation.from_dict({"progress": HUGE}), id="huge-progress"),
    pytest.param(lambda: Operation.from_dict({"children": HUGE}), id="huge-children"),
    pytest.param(lambda: Operation(state=HUGE), id="huge-state"),
    pytest.param(lambda: Operation.from_dict({"id": [HUGE]}), id="huge-in-list"),
    pytest.param(
        lambda: Operation.from_json(json.dumps({"progress_total": HUGE})),
        id="huge-json",
    ),
    pytest.param(lambda: Operation.from_json('{"id": "a",'), id="invalid-json"),
    pytest.param(lambda: Operation.from_json(b"\xff\xfe\xfd"), id="invalid-bytes"),
    pytest.param(lambda: Operation.from_json('{"progress": NaN}'), id="json-nan"),
    pytest.param(lambda: Operation.from_json("[]"), id="json-array"),
    pytest.param(lambda: Operation.from_json('[{"id": "a"}]'), id="json-array-item"),
    pytest.param(
        lambda: Operation.from_dict({"result": _self_referencing_list()}),
        id="self-referencing-list",
    ),
    pytest.param(
        lambda: Operation(result=_self_referencing_list()),
        id="constructor-self-referencing-list",
    ),
    pytest.param(
        lambda: Operation.from_dict({"info": _self_referencing_dict()}),
        id="self-referencing-dict",
    ),
    pytest.param(
        lambda: Operation.from_dict({"result": _twice_self_referencing_list()}),
        id="twice-self-referencing-list",
    ),
    pytest.param(
        lambda: _assigned_result(_self_referencing_list()).to_json(),
        id="to_json-self-referencing-list",
    ),
    pytest.param(
        lambda: _assigned_result(_twice_self_referencing_list()).to_json(),
        id="to_json-twice-self-referencing-list",
    ),
    pytest.param(
        lambda: _assigned_result(_deep(10_000)).to_json(), id="to_json-deep-list"
    ),
]


@pytest.mark.parametrize("call", BAD_INPUTS)
def test_bad_input_gives_validation_error(call: Callable[[], object]) -> None:
    with _call_budget(200_000), pytest.raises(ValidationError) as info:
        call()

    error = info.value
    assert type(error) is ValidationError
    assert error.errors
    assert len(str(error)) < 2_000


def test_bad_input_huge_string_is_cut_in_the_message() -> None:
    errors = raised_errors(lambda: Operation.from_dict({"progress": HUGE}))

    assert [error.path for error in errors] == ["progress"]
    assert errors[0].message.startswith("expected a number, got str '")
    shown = errors[0].message[len("expected a number, got str ") :]
    assert len(shown) <= 80
    assert shown.startswith("'xxxx")
    assert shown.endswith("xxxx'")


def test_bad_input_self_referencing_list_named_by_its_path() -> None:
    assert raised_errors(
        lambda: Operation.from_dict({"result": _self_referencing_list()})
    ) == [ErrorDetail("result[1]", "holds itself")]


def test_repr_of_a_counter_too_long_for_str_does_not_raise() -> None:
    # Valid by every rule (an int >= 0), but repr() of an int past
    # sys.get_int_max_str_digits() raises ValueError.
    operation = Operation(progress_current=10**5000)

    assert repr(operation).startswith("Operation(progress_current=")


# --- odd mappings, odd strings, and values assigned after construction ---


@pytest.mark.parametrize(("mapping", "raised"), UNREADABLE_MAPPINGS)
def test_from_dict_mapping_that_cannot_be_read_is_an_error(
    mapping: Callable[[], Any], raised: str
) -> None:
    data = mapping()

    errors = raised_errors(lambda: Operation.from_dict(data))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith(
        f"expected a mapping that can be read, got {type(data).__name__} "
    )
    assert errors[0].message.endswith(f" ({raised})")


@pytest.mark.parametrize(("mapping", "raised"), UNREADABLE_MAPPINGS)
def test_constructor_extra_that_cannot_be_read_is_an_error_among_the_others(
    mapping: Callable[[], Any], raised: str
) -> None:
    extra = mapping()

    errors = raised_errors(lambda: Operation(id=7, extra=extra))  # type: ignore

    assert [error.path for error in errors] == ["id", "extra"]
    assert errors[1].message.startswith("expected a mapping that can be read, got ")
    assert errors[1].message.endswith(f" ({raised})")


class _UnhashableKeyMapping(collections.abc.Mapping):  # type: ignore[type-arg]
    def __getitem__(self, key: object) -> int:
        return 1

    def __iter__(self) -> Iterator[object]:
        return iter([[1]])

    def __len__(self) -> int:
        return 1


class _NoLookups(dict):  # type: ignore[type-arg]
    def __getitem__(self, key: object) -> object:
        raise KeyError(key)


class _UnhashableText(str):
    __hash__ = None  # type: ignore[assignment]


def test_from_dict_mapping_with_an_unhashable_key_is_an_error() -> None:
    errors = raised_errors(lambda: Operation.from_dict(_UnhashableKeyMapping()))

    assert errors == [ErrorDetail("", "expected string keys, got list [1]")]


class _OwnHashText(str):
    def __hash__(self) -> int:
        return 7


class _ItemsOnly(collections.abc.Mapping):  # type: ignore[type-arg]
    """A mapping read through its items alone: its keys need not be hashable."""

    def __init__(self, *items: tuple[Any, Any]) -> None:
        self._items = items

    def __getitem__(self, key: object) -> object:
        raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        return iter([key for key, _ in self._items])

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> Any:
        return list(self._items)


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({_OwnHashText("id"): "a"}, {"id": "a"}),
        ({"id": "a", _OwnHashText("id"): "b"}, {"id": "b"}),
        ({"rate": 1, _OwnHashText("rate"): 2}, {"rate": 2}),
        (_ItemsOnly((_UnhashableText("id"), "a"), ("rate", 1)), {"id": "a", "rate": 1}),
        (_ItemsOnly((_UnhashableText("rate"), [1])), {"rate": [1]}),
    ],
    ids=[
        "own-hash",
        "own-hash-after",
        "own-hash-extra",
        "unhashable",
        "unhashable-extra",
    ],
)
def test_from_dict_reads_a_str_subclass_key_as_its_text(
    data: Any, fields: Dict[str, Any]
) -> None:
    operation = Operation.from_dict(data)

    assert operation.to_dict(exclude_none=True) == fields
    assert all(type(key) is str for key in operation.extra)


@pytest.mark.parametrize(
    ("extra", "stored"),
    [
        (_ItemsOnly((_UnhashableText("rate"), 1.5)), {"rate": 1.5}),
        ({_OwnHashText("rate"): [1]}, {"rate": [1]}),
    ],
    ids=["unhashable", "own-hash"],
)
def test_constructor_reads_a_str_subclass_extra_key_as_its_text(
    extra: Any, stored: Dict[str, Any]
) -> None:
    operation = Operation(extra=extra)

    assert same(operation.extra, stored)
    assert all(type(key) is str for key in operation.extra)


def test_constructor_extra_key_naming_a_field_as_a_str_subclass_is_an_error() -> None:
    errors = raised_errors(lambda: Operation(extra={_OwnHashText("id"): "a"}))

    assert errors == [
        ErrorDetail("extra.id", "'id' is a field of Operation, not an extra key")
    ]


def test_from_dict_keeps_the_state_text_that_items_gave() -> None:
    operation = Operation.from_dict(_NoLookups(state="Paused"))

    assert operation.state is OperationState.Unknown
    assert operation.to_dict()["state"] == "Paused"


@pytest.mark.parametrize("text", ["running", "paused"])
def test_from_dict_state_of_an_unhashable_str_subclass(text: str) -> None:
    operation = Operation.from_dict({"state": _UnhashableText(text)})

    assert type(operation.to_dict()["state"]) is str
    assert operation.to_dict()["state"] == text


def test_state_assigned_as_text_later_is_written_as_it_is() -> None:
    operation = Operation(id="a")
    operation.state = "failed"  # type: ignore[assignment]

    assert operation.to_dict()["state"] == "failed"
    assert json.loads(operation.to_json())["state"] == "failed"
    assert operation == copy.copy(operation)
    assert not operation.is_final


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (5, 5),
        ("ab", "ab"),
        (("a", ["b"]), ("a", ["b"])),
        (RefusingList(["a"]), ["a"]),
    ],
    ids=["int", "str", "tuple", "list-subclass"],
)
@pytest.mark.parametrize("field", LIST_FIELDS)
def test_list_field_assigned_later_is_copied_as_result_is(
    field: str, value: Any, written: Any
) -> None:
    operation = Operation(**{name: ["x"] for name in LIST_FIELDS})
    setattr(operation, field, value)

    data = operation.to_dict()

    assert same(data[field], written)
    assert all(data[name] == ["x"] for name in LIST_FIELDS if name != field)


@pytest.mark.parametrize("field", LIST_FIELDS)
def test_list_field_assigned_later_as_a_tuple_shares_nothing(field: str) -> None:
    inner = ["b"]
    operation = Operation()
    setattr(operation, field, ("a", inner))

    copied = operation.to_dict()[field]

    assert same(copied, ("a", ["b"]))
    assert copied[1] is not inner


def test_list_field_assigned_later_a_list_holding_itself_is_copied_one_level() -> None:
    # As a list of strings is: its items are not looked at.
    items: list[Any] = ["a"]
    items.append(items)
    operation = Operation()
    operation.children = items

    assert operation.to_dict()["children"][1] is items
    assert raised_errors(operation.to_json) == [
        ErrorDetail("children[1][1]", "holds itself")
    ]


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        (
            [("rate", 1)],
            [("extra", "expected a mapping with string keys, got list [('rate', 1)]")],
        ),
        (
            {"id": "b", "rate": 1},
            [("extra.id", "'id' is a field of Operation, not an extra key")],
        ),
        (
            types.MappingProxyType({"state": "x", 1: 2}),
            [
                ("extra.state", "'state' is a field of Operation, not an extra key"),
                ("extra", "expected string keys, got int 1"),
            ],
        ),
    ],
    ids=["list", "field-name", "proxy"],
)
def test_extra_assigned_later_is_read_by_the_constructor_rules(
    extra: Any, errors: list[tuple[str, str]]
) -> None:
    operation = Operation(id="a")
    operation.extra = extra

    assert raised_errors(operation.to_dict) == [
        ErrorDetail(path, message) for path, message in errors
    ]


class _NoTruth:
    def __bool__(self) -> bool:
        raise RuntimeError("__bool__ ran")


@pytest.mark.parametrize(
    "extra",
    [[], 0, "", _NoTruth(), impostor(dict)],
    ids=["list", "zero", "text", "no-truth", "posing"],
)
def test_extra_assigned_later_that_is_no_mapping_is_an_error_even_when_empty(
    extra: Any,
) -> None:
    operation = Operation()
    operation.extra = extra

    errors = raised_errors(operation.to_dict)

    assert [error.path for error in errors] == ["extra"]
    assert errors[0].message.startswith("expected a mapping with string keys, got ")


class _UnshownText(str):
    def __repr__(self) -> str:
        raise RuntimeError("__repr__ ran")

    def __hash__(self) -> int:
        return hash(str(self))


def test_extra_key_assigned_later_naming_a_field_is_shown_as_its_text() -> None:
    operation = Operation()
    operation.extra = {_UnshownText("id"): "b"}

    assert raised_errors(operation.to_dict) == [
        ErrorDetail("extra.id", "'id' is a field of Operation, not an extra key")
    ]


class _NamesAField:
    """A key that is no string, but that a dict takes for the key "id"."""

    def __hash__(self) -> int:
        return hash("id")

    def __eq__(self, other: object) -> bool:
        return other == "id"

    def __repr__(self) -> str:
        return "<key>"


def test_extra_key_assigned_later_equal_to_a_field_is_an_error() -> None:
    operation = Operation()
    operation.extra = {_NamesAField(): "b"}

    assert raised_errors(operation.to_dict) == [
        ErrorDetail(
            "extra[<key>]",
            "_NamesAField <key> is a field of Operation, not an extra key",
        )
    ]


class _CopiedOnSecondTry:
    def __init__(self) -> None:
        self.tries = 0

    def __deepcopy__(self, memo: object) -> _CopiedOnSecondTry:
        self.tries += 1
        if self.tries == 1:
            raise RuntimeError("not yet")
        return self


def test_to_dict_reports_a_value_that_fails_to_be_copied_only_once() -> None:
    operation = Operation()
    operation.result = [_CopiedOnSecondTry(), [1]]

    errors = raised_errors(operation.to_dict)

    assert [error.path for error in errors] == ["result[0]"]
    assert errors[0].message.endswith(" (RuntimeError)")


def test_to_dict_lists_every_problem_of_what_was_assigned_later() -> None:
    operation = Operation()
    operation.children = _self_referencing_list()  # copied one level: no problem
    operation.messages = (1, _self_referencing_list())
    operation.result = _self_referencing_list()
    operation.extra = {"id": "b", "info": _deep(257)}

    assert raised_errors(operation.to_dict) == [
        ErrorDetail("messages[1][1]", "holds itself"),
        ErrorDetail("result[1]", "holds itself"),
        ErrorDetail("info" + "[0]" * 256, TOO_DEEP),
        ErrorDetail("extra.id", "'id' is a field of Operation, not an extra key"),
    ]


def test_extra_assigned_later_as_a_mapping_is_copied() -> None:
    operation = Operation(id="a")
    operation.extra = types.MappingProxyType({"rate": [1.5]})

    assert operation.to_dict(exclude_none=True) == {"id": "a", "rate": [1.5]}


def test_duration_reports_every_unreadable_timestamp() -> None:
    operation = Operation(started_at="yesterday", ended_at="today")

    errors = raised_errors(operation.duration)

    assert [error.path for error in errors] == ["started_at", "ended_at"]


@pytest.mark.parametrize(
    "now",
    [datetime.datetime(2026, 1, 2), "now", 0, impostor(datetime.datetime)],
    ids=["naive", "text", "int", "posing"],
)
def test_duration_needs_an_aware_now(now: object) -> None:
    operation = Operation(started_at="2026-01-01T00:00:00Z")

    errors = raised_errors(lambda: operation.duration(now))  # type: ignore[arg-type]

    assert [error.path for error in errors] == ["now"]
    assert errors[0].message.startswith("expected an aware datetime, got ")
