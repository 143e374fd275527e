from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import ops

PACKAGE = Path(ops.__file__).parent
REPO = PACKAGE.parent

# Runs in a fresh interpreter that sees the temporary tree and the standard
# library, and neither the repository nor any installed copy of ``ops``.
CHILD = textwrap.dedent(
    """
    import importlib.util
    import json
    import pickle
    import sys

    tree, repo = sys.argv[1], sys.argv[2]
    sys.path[:] = [tree] + [
        path for path in sys.path if path and not path.startswith(repo)
    ]
    assert importlib.util.find_spec("ops") is None, "a top-level ops is importable"

    from vendored_pkg._vendor import ops
    from vendored_pkg._vendor.ops import Operation, OperationState, ValidationError

    operation = Operation(
        id="op-1",
        state="RUNNING",
        progress=1,
        children=("op-2",),
        result={"files": [1, (2,)]},
        extra={"rate": 1.5, "extra": {"a": None}},
    )
    kept = Operation.from_dict({"id": "op-2", "state": "Paused", "info": [1]})
    assert operation.state is OperationState.Running
    assert Operation.from_dict(operation.to_dict()) == operation
    assert Operation.from_json(kept.to_json()) == kept
    assert kept.to_dict()["state"] == "Paused"

    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        for original in (operation, kept):
            data = pickle.dumps(original, protocol)
            assert b"vendored_pkg._vendor.ops" in data, protocol
            assert pickle.loads(data) == original

    try:
        Operation.from_json('{"id": 1, "children": [2]}')
    except ValidationError as error:
        assert isinstance(error, ValueError)
        assert [detail.path for detail in error.errors] == ["children[0]", "id"]
        assert pickle.loads(pickle.dumps(error)).errors == error.errors
    else:
        raise AssertionError("no ValidationError")

    assert ops.parse_operations('{"operations": [{"id": "a"}]}') == [
        Operation(id="a")
    ]
    assert ops.parse_timestamp("2026-05-01T12:00:00Z").year == 2026
    timed = Operation(
        started_at="2026-05-01T12:00:00Z", ended_at="2026-05-01T12:01:09Z"
    )
    assert timed.duration().total_seconds() == 69

    loaded = sorted(name for name in sys.modules if "ops" in name.split("."))
    print(json.dumps({"file": ops.__file__, "modules": loaded}))
    """
)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    vendor = tmp_path / "vendored_pkg" / "_vendor"
    shutil.copytree(
        PACKAGE, vendor / "ops", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "vendored_pkg" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    return tmp_path


def test_vendoring_the_folder_works_under_another_package(tree: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-I", "-c", CHILD, str(tree), str(REPO)],
        cwd=str(tree),
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert Path(report["file"]) == tree / "vendored_pkg" / "_vendor" / "ops" / (
        "__init__.py"
    )
    assert report["modules"]
    assert all(
        name.startswith("vendored_pkg._vendor.ops") for name in report["modules"]
    )
    assert "ops" not in report["modules"]


# What `import ops` leaves unloaded, and what loads it later, in a fresh interpreter.
LIGHT = textwrap.dedent(
    """
    import sys

    sys.path.insert(0, sys.argv[1])
    import ops

    def loaded():
        return sorted({"typing", "json", "datetime"} & set(sys.modules))

    print(loaded())
    ops.Operation.from_json('{"id": "a"}')
    print(loaded())
    from ops import *  # noqa: F403

    print(loaded(), parse_timestamp.__name__)  # noqa: F405
    """
)


def test_import_leaves_typing_json_and_datetime_for_later() -> None:
    completed = subprocess.run(
        [sys.executable, "-I", "-c", LIGHT, str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "[]",
        "['json']",
        "['datetime', 'json'] parse_timestamp",
    ]


def test_dir_lists_every_public_name() -> None:
    assert set(ops.__all__) <= set(dir(ops))


def test_a_name_ops_lacks_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'parse_timestamps'"):
        ops.parse_timestamps  # noqa: B018


def test_a_name_ops_lacks_names_the_module_in_its_error() -> None:
    with pytest.raises(AttributeError) as info:
        ops.no_such_name  # noqa: B018

    assert str(info.value) == "module 'ops' has no attribute 'no_such_name'"


def test_parse_timestamp_of_ops_is_the_timestamp_reader() -> None:
    # Loaded on first use, by `from ops import` and by attribute alike.
    from ops import parse_timestamp  # noqa: PLC0415

    assert parse_timestamp is ops._time.parse_timestamp
    assert ops.parse_timestamp is ops._time.parse_timestamp


def test_vendoring_folder_ships_py_typed(tree: Path) -> None:
    assert (tree / "vendored_pkg" / "_vendor" / "ops" / "py.typed").is_file()
