from __future__ import annotations

import copy
import json
import pickle
from typing import Any, Callable, Dict, List

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ops import ErrorDetail, Operation, OperationState, ValidationError, _model
from ops._model import _CONVERTERS, _read_payload
from tests.contract import ENCODINGS, FIELDS, same

FIELD_SET = frozenset(FIELDS)
STATE_VALUES = [state.value for state in OperationState]


def _strict_loads(text: str) -> Any:
    def reject(token: str) -> None:
        raise AssertionError(f"{token} in JSON text")

    return json.loads(text, parse_constant=reject)


def _scribble(value: Any) -> None:
    """Change every list and dict inside ``value``, in place."""
    if isinstance(value, dict):
        for item in value.values():
            _scribble(item)
        value["\x00scribbled"] = 1
    elif isinstance(value, list):
        for item in value:
            _scribble(item)
        value.append("scribbled")
    elif isinstance(value, tuple):
        for item in value:
            _scribble(item)


def _without_none(data: Dict[str, Any]) -> Dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


def _normalised(key: str, value: Any) -> Any:
    """What to_dict gives for a payload's value: the rules' only changes."""
    if key == "progress":
        return float(value)
    if key in ("progress_current", "progress_total"):
        return int(value)
    if key == "state" and value.lower() in STATE_VALUES:
        return value.lower()
    return value


# --- strategies ---


def _any_case(text: str) -> st.SearchStrategy[str]:
    flips = st.lists(st.booleans(), min_size=len(text), max_size=len(text))
    return flips.map(
        lambda upper: "".join(
            char.upper() if flip else char for char, flip in zip(text, upper)
        )
    )


def _names_no_state(text: str) -> bool:
    forms = {text.lower(), text.casefold(), text.upper().lower()}
    return forms.isdisjoint(STATE_VALUES)


known_states = st.sampled_from(STATE_VALUES).flatmap(_any_case)
unknown_states = st.one_of(
    st.sampled_from(["paused", "cancelled", "unknown_state"]).flatmap(_any_case),
    st.sampled_from(
        ["", " running", "running ", "unknown?", "r\u00fcnning", "RUNN\u0130NG"]
    ),
    st.text(max_size=12),
).filter(_names_no_state)
states = st.one_of(known_states, unknown_states)

texts = st.text(max_size=10)
text_lists = st.lists(texts, max_size=3)
numbers = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
)
counts = st.one_of(
    st.integers(0, 2**64),
    st.integers(0, 2**53).map(float),
    st.sampled_from([0, 3, 3.0, -0.0]),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**64), 2**64),
    st.floats(allow_nan=False, allow_infinity=False),
    texts,
)
extra_keys = st.one_of(
    st.sampled_from(
        ["extra", "children_detail", "info", "rate", "retries", "Id", "STATE", ""]
    ),
    st.text(max_size=8),
).filter(lambda key: key not in FIELD_SET)


def _json_values(tuples: bool) -> st.SearchStrategy[Any]:
    def containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        options = [
            st.lists(children, max_size=3),
            st.dictionaries(texts, children, max_size=3),
        ]
        if tuples:
            options.append(st.lists(children, max_size=3).map(tuple))
        return st.one_of(options)

    return st.recursive(json_scalars, containers, max_leaves=8)


values = _json_values(tuples=True)
json_values = _json_values(tuples=False)


@st.composite
def payloads(
    draw: Callable[[st.SearchStrategy[Any]], Any],
    value_strategy: st.SearchStrategy[Any] = values,
) -> Dict[str, Any]:
    """Valid payloads, with their keys in any order."""
    fields = {
        "children": text_lists,
        "description": texts,
        "ended_at": texts,
        "error": texts,
        "id": texts,
        "messages": text_lists,
        "progress": numbers,
        "progress_current": counts,
        "progress_total": counts,
        "queued_at": texts,
        "result": value_strategy,
        "started_at": texts,
        "state": states,
        "succeeded_on": text_lists,
        "user_id": texts,
    }
    chosen = draw(
        st.fixed_dictionaries(
            {},
            optional={
                name: st.one_of(st.none(), strategy)
                for name, strategy in fields.items()
            },
        )
    )
    extra = draw(st.dictionaries(extra_keys, value_strategy, max_size=3))
    items = draw(st.permutations([*chosen.items(), *extra.items()]))
    return dict(items)


@st.composite
def constructed(draw: Callable[[st.SearchStrategy[Any]], Any]) -> Operation:
    """Operations built by the constructor: tuples, members, integral floats."""
    fields = {
        "children": st.one_of(text_lists, text_lists.map(tuple)),
        "description": texts,
        "id": texts,
        "messages": st.one_of(text_lists, text_lists.map(tuple)),
        "progress": numbers,
        "progress_current": counts,
        "progress_total": counts,
        "result": values,
        "state": st.one_of(known_states, st.sampled_from(list(OperationState))),
        "succeeded_on": text_lists.map(tuple),
        "user_id": texts,
        "extra": st.dictionaries(extra_keys, values, max_size=3),
    }
    kwargs = draw(st.fixed_dictionaries({}, optional=fields))
    return Operation(**kwargs)


operations = st.one_of(payloads().map(Operation.from_dict), constructed())
json_operations = payloads(json_values).map(Operation.from_dict)

wild_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)
)
wild = st.recursive(
    wild_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=6), children, max_size=4),
    ),
    max_leaves=20,
)
wild_field_values = st.one_of(
    wild,
    states,
    numbers,
    counts,
    text_lists,
    st.lists(wild, max_size=3),
    st.sampled_from([True, False, -1, 1.5, float("nan"), float("inf"), 2**1100]),
)
wild_payloads = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), extra_keys), wild_field_values, max_size=8
)


@st.composite
def json_bytes(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
    """JSON text, NaN tokens included, encoded, sometimes cut or spliced."""
    data = draw(st.one_of(wild_payloads, wild))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))
    encoded = text.encode(draw(st.sampled_from(ENCODINGS)), "surrogatepass")
    cut = draw(st.integers(0, len(encoded)))
    splice = draw(st.binary(max_size=4))
    return draw(
        st.sampled_from(
            [encoded, encoded[:cut], encoded[:cut] + splice + encoded[cut:]]
        )
    )


# --- round trips lose nothing ---


@settings(deadline=None)
@given(operations)
def test_from_dict_round_trips_every_operation(operation: Operation) -> None:
    restored = Operation.from_dict(operation.to_dict())

    assert restored == operation
    assert same(restored.to_dict(), operation.to_dict())
    assert repr(restored) == repr(operation)


@settings(deadline=None)
@given(payloads())
@example({"extra": None})
@example({"info": None, "id": "op-1"})
@example({"state": "Paused", "rate": None})
def test_to_dict_gives_back_the_payload(payload: Dict[str, Any]) -> None:
    expected = {
        key: _normalised(key, value) for key, value in _without_none(payload).items()
    }

    data = Operation.from_dict(payload).to_dict()

    assert same(_without_none(data), expected)
    assert list(data) == [*FIELDS, *(key for key in payload if key not in FIELD_SET)]


@settings(deadline=None)
@given(json_operations, st.sampled_from([None, 0, 2]))
def test_to_json_round_trips_through_from_json(
    operation: Operation, indent: Any
) -> None:
    text = operation.to_json(indent=indent)

    assert Operation.from_json(text) == operation
    assert Operation.from_json(text.encode()) == operation
    assert same(_strict_loads(text), operation.to_dict())


@settings(deadline=None)
@given(operations, st.integers(0, 5))
def test_pickle_and_copies_keep_every_operation(
    operation: Operation, protocol: int
) -> None:
    for restored in (
        pickle.loads(pickle.dumps(operation, protocol)),
        copy.copy(operation),
        copy.deepcopy(operation),
    ):
        assert restored == operation
        assert same(restored.to_dict(), operation.to_dict())


small_payloads = st.fixed_dictionaries(
    {},
    optional={
        "id": st.sampled_from(["a", "b"]),
        "state": st.sampled_from(["running", "RUNNING", "paused", "Paused", "unknown"]),
        "progress": st.sampled_from([1, 1.0, 0.5]),
        "progress_total": st.sampled_from([3, 3.0]),
        "children": st.sampled_from([[], ["a"]]),
        "result": st.sampled_from([[1], (1,), {"a": 1}, 1, None]),
        "extra": st.sampled_from([{}, {"a": 1}]),
        "rate": st.sampled_from([1, None]),
    },
)


@settings(deadline=None)
@given(small_payloads, small_payloads)
def test_equality_agrees_with_to_dict(
    left: Dict[str, Any], right: Dict[str, Any]
) -> None:
    first, second = Operation.from_dict(left), Operation.from_dict(right)

    assert (first == second) is (first.to_dict() == second.to_dict())
    assert (first != second) is (first.to_dict() != second.to_dict())


# --- any input gives an Operation or a ValidationError, and nothing else ---


def _check_outcome(read: Callable[[], Operation]) -> None:
    try:
        operation = read()
    except ValidationError as error:
        assert error.errors
        assert str(error).startswith(f"{len(error.errors)} validation error")
        return

    assert type(operation) is Operation
    assert Operation.from_dict(operation.to_dict()) == operation
    repr(operation)
    try:
        text = operation.to_json()
    except ValidationError as error:
        assert error.errors
    else:
        _strict_loads(text)


@settings(deadline=None)
@given(st.one_of(wild, wild_payloads))
def test_from_dict_any_json_like_input(data: Any) -> None:
    snapshot = copy.deepcopy(data)

    _check_outcome(lambda: Operation.from_dict(data))

    assert same(data, snapshot)


@settings(deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*FIELDS, "extra"]),
        st.one_of(wild_field_values, wild_payloads),
        max_size=8,
    )
)
def test_constructor_any_json_like_arguments(data: Dict[str, Any]) -> None:
    _check_outcome(lambda: Operation(**data))


@settings(deadline=None)
@given(st.binary())
def test_from_json_any_bytes(data: bytes) -> None:
    _check_outcome(lambda: Operation.from_json(data))


@settings(deadline=None)
@given(json_bytes())
def test_from_json_any_json_like_bytes(data: bytes) -> None:
    _check_outcome(lambda: Operation.from_json(data))
    _check_outcome(lambda: Operation.from_json(bytearray(data)))


@settings(deadline=None)
@given(st.one_of(wild_payloads, wild).map(json.dumps))
def test_from_json_any_json_like_text(text: str) -> None:
    _check_outcome(lambda: Operation.from_json(text))


# --- the fast path and the careful path agree ---


plain_payloads = st.one_of(
    payloads(),
    payloads(json_values),
    wild_payloads,
    st.dictionaries(
        st.one_of(st.sampled_from(FIELDS), extra_keys, st.integers(0, 2)),
        wild_field_values,
        max_size=6,
    ),
)


def test_key_by_key_path_reads_a_typical_payload(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Without this, the property below could pass by never taking the fast path.
    def refuse(*arguments: object) -> None:
        raise AssertionError("the careful reader was called")

    payload = {"id": "op-1", "state": "running", "progress": 0.5, "children": ["a"]}
    monkeypatch.setattr(_model, "_read_payload", refuse)

    operation = Operation.from_dict(payload)

    assert operation.to_dict() == {**dict.fromkeys(FIELDS), **payload}


@settings(deadline=None)
@given(st.sampled_from(FIELDS), wild_field_values)
def test_careful_reader_takes_what_the_converters_give(field: str, value: Any) -> None:
    # The careful reader takes a value of the usual type without its converter.
    errors: List[ErrorDetail] = []
    converted = _CONVERTERS[field](value, field, errors)

    try:
        operation = _read_payload(Operation, {field: value})
    except ValidationError as error:
        assert error.errors == errors
        return

    assert errors == []
    assert same(getattr(operation, field), converted)


@settings(deadline=None)
@given(plain_payloads)
@example({"extra": None})
@example({1: None})
@example({"id": "op-1", None: None})
@example({"state": "Running", "x": None})
def test_from_dict_agrees_with_careful_path(data: Dict[Any, Any]) -> None:
    # Whatever way from_dict takes through a payload, it ends where the careful
    # path ends: the same operation, or the same problems.
    try:
        careful = _read_payload(Operation, data)
    except ValidationError as error:
        with pytest.raises(ValidationError) as info:
            Operation.from_dict(data)
        assert info.value.errors == error.errors
        return

    operation = Operation.from_dict(data)

    assert operation == careful
    assert same(operation.to_dict(), careful.to_dict())
