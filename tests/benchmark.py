"""Compare the speed and memory of ``ops`` with pydantic and other libraries.

``python tests/benchmark.py`` prints one table and checks the targets on Python 3.11;
``--quick`` takes a few samples and checks nothing. Every measurement runs in a fresh
interpreter: the script starts itself again as ``--child LIBRARY CASE``, and that
child prints its samples as JSON. ``ops`` is imported from the repository, the other
libraries come from ``tests/bench-requirements.txt``.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import gc
import importlib
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

SCRIPT = Path(__file__).resolve()
REPO = SCRIPT.parent.parent
LIBRARIES = ("ops", "pydantic", "mashumaro", "msgspec", "bare")
TARGET_PYTHON = (3, 11)
MEMORY_INSTANCES = 10_000
ANSWER_SIZE = 10_000


class Settings(NamedTuple):
    rounds: int  # children per library and case, interleaved across all of them
    repeats: int  # samples that each child takes
    shrink: int  # divides autorange's loop count, which makes 0.2 s samples
    interpreters: int  # fresh interpreters per library for the import time
    definitions: int  # children that time a library's model definitions


# Many short samples rather than a few long ones: on a busy machine a short sample
# more often runs uninterrupted, and the best sample is the one reported.
FULL = Settings(rounds=3, repeats=30, shrink=10, interpreters=100, definitions=10)
QUICK = Settings(rounds=1, repeats=5, shrink=10, interpreters=30, definitions=3)


# Payloads, shaped like the data-transfer service's answers.

STATES = ("unknown", "queued", "running", "succeeded", "failed")


def full_payload(index: int = 0) -> dict[str, Any]:
    """Every field set; the index makes the strings of one payload its own."""
    return {
        "children": [f"op-{index}-a", f"op-{index}-b", f"op-{index}-c"],
        "description": f"Copy the inputs of job {index}",
        "ended_at": "2026-05-01T12:00:09.987654321Z",
        "error": "one worker restarted",
        "id": f"op-{index:06d}",
        "messages": ["queued", "started", f"copied {index} files"],
        "progress": 0.5,
        "progress_current": 512,
        "progress_total": 1024,
        "queued_at": "2026-05-01T12:00:00.123456789Z",
        "result": {"files": 3, "bytes": 1048576},
        "started_at": "2026-05-01T12:00:01.500000000Z",
        "state": "running",
        "succeeded_on": ["worker-1", "worker-2", "worker-3"],
        "user_id": "user-42",
    }


def sparse_payload() -> dict[str, Any]:
    return {"id": "op-000001", "state": "queued", "progress": 0.0}


def newer_payload() -> dict[str, Any]:
    """What a newer server might send: the known fields and some it added since."""
    payload = full_payload()
    payload["children_detail"] = [
        {"id": child, "state": "succeeded", "progress": 1.0}
        for child in payload["children"]
    ]
    payload["info"] = {"region": "eu-1", "priority": 5}
    payload["rate"] = 12.5
    payload["retries"] = 2
    return payload


def bad_payload() -> dict[str, Any]:
    payload = full_payload()
    payload["progress_current"] = "many"
    return payload


def varied_payload(index: int) -> dict[str, Any]:
    """One operation of a long answer: every state, some barely started."""
    state = STATES[index % len(STATES)]
    if index % 4 == 0:
        return {"id": f"op-{index:06d}", "state": state, "progress": 0.0}
    payload = full_payload(index)
    payload["state"] = state
    payload["children"] = payload["children"][: index % 4]
    payload["progress"] = (index % 101) / 100
    if state != "succeeded":
        payload["result"] = None
    return payload


def answer_payload() -> dict[str, Any]:
    return {"operations": [varied_payload(index) for index in range(ANSWER_SIZE)]}


# The libraries. Each loader imports its library itself, so that a child process
# loads only the library it measures: hence the noqa marks on those imports. The
# models spell their fields with typing.Optional because the libraries evaluate the
# annotations, and ``X | None`` does not evaluate before Python 3.10.


class Library(NamedTuple):
    """The calls that the cases time; None where the library has no such call."""

    from_dict: Callable[[Any], Any]
    to_dict: Callable[[Any], Any]
    from_json: Callable[[str], Any] | None
    parse_answer: Callable[[Any], Any] | None
    error: type[Exception] | None  # None: the library checks nothing


class OperationState(enum.Enum):
    """The state as the service's generated client declares it."""

    UNKNOWN = "unknown"
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


def load_ops() -> Library:
    import ops  # noqa: PLC0415

    return Library(
        from_dict=ops.Operation.from_dict,
        to_dict=ops.Operation.to_dict,
        from_json=ops.Operation.from_json,
        # An older ops without parse_operations shows n/a instead of failing.
        parse_answer=getattr(ops, "parse_operations", None),
        error=ops.ValidationError,
    )


def load_pydantic() -> Library:
    from pydantic import BaseModel, TypeAdapter, ValidationError  # noqa: PLC0415

    class Operation(BaseModel):
        """The generated client's model, in pydantic's default configuration."""

        children: Optional[List[str]] = None
        description: Optional[str] = None
        ended_at: Optional[str] = None
        error: Optional[str] = None
        id: Optional[str] = None
        messages: Optional[List[str]] = None
        progress: Optional[float] = None
        progress_current: Optional[int] = None
        progress_total: Optional[int] = None
        queued_at: Optional[str] = None
        result: Optional[Any] = None
        started_at: Optional[str] = None
        state: Optional[OperationState] = None
        succeeded_on: Optional[List[str]] = None
        user_id: Optional[str] = None

    operations = TypeAdapter(List[Operation])
    return Library(
        from_dict=Operation.model_validate,
        to_dict=Operation.model_dump,
        from_json=Operation.model_validate_json,
        parse_answer=lambda answer: operations.validate_python(answer["operations"]),
        error=ValidationError,
    )


def load_mashumaro() -> Library:
    from mashumaro import DataClassDictMixin  # noqa: PLC0415
    from mashumaro.exceptions import InvalidFieldValue  # noqa: PLC0415

    @dataclasses.dataclass
    class Operation(DataClassDictMixin):
        children: Optional[List[str]] = None
        description: Optional[str] = None
        ended_at: Optional[str] = None
        error: Optional[str] = None
        id: Optional[str] = None
        messages: Optional[List[str]] = None
        progress: Optional[float] = None
        progress_current: Optional[int] = None
        progress_total: Optional[int] = None
        queued_at: Optional[str] = None
        result: Optional[Any] = None
        started_at: Optional[str] = None
        state: Optional[OperationState] = None
        succeeded_on: Optional[List[str]] = None
        user_id: Optional[str] = None

    return Library(
        from_dict=Operation.from_dict,
        to_dict=Operation.to_dict,
        from_json=None,
        parse_answer=lambda answer: [
            Operation.from_dict(item) for item in answer["operations"]
        ],
        error=InvalidFieldValue,
    )


def load_msgspec() -> Library:
    import msgspec  # noqa: PLC0415

    class Operation(msgspec.Struct):
        children: Optional[List[str]] = None
        description: Optional[str] = None
        ended_at: Optional[str] = None
        error: Optional[str] = None
        id: Optional[str] = None
        messages: Optional[List[str]] = None
        progress: Optional[float] = None
        progress_current: Optional[int] = None
        progress_total: Optional[int] = None
        queued_at: Optional[str] = None
        result: Optional[Any] = None
        started_at: Optional[str] = None
        state: Optional[OperationState] = None
        succeeded_on: Optional[List[str]] = None
        user_id: Optional[str] = None

    operations = List[Operation]
    return Library(
        from_dict=lambda payload: msgspec.convert(payload, type=Operation),
        to_dict=msgspec.to_builtins,
        from_json=lambda text: msgspec.json.decode(text, type=Operation),
        parse_answer=lambda answer: msgspec.convert(answer["operations"], operations),
        error=msgspec.ValidationError,
    )


def load_bare() -> Library:
    """The floor: a dataclass that checks and converts nothing."""

    @dataclasses.dataclass
    class Operation:
        children: Optional[List[str]] = None
        description: Optional[str] = None
        ended_at: Optional[str] = None
        error: Optional[str] = None
        id: Optional[str] = None
        messages: Optional[List[str]] = None
        progress: Optional[float] = None
        progress_current: Optional[int] = None
        progress_total: Optional[int] = None
        queued_at: Optional[str] = None
        result: Optional[Any] = None
        started_at: Optional[str] = None
        state: Optional[OperationState] = None
        succeeded_on: Optional[List[str]] = None
        user_id: Optional[str] = None

    def from_dict(payload: dict[str, Any]) -> Operation:
        return Operation(**payload)

    # Written out rather than dataclasses.asdict, which copies every value deeply.
    def to_dict(op: Operation) -> dict[str, Any]:
        return {
            "children": op.children,
            "description": op.description,
            "ended_at": op.ended_at,
            "error": op.error,
            "id": op.id,
            "messages": op.messages,
            "progress": op.progress,
            "progress_current": op.progress_current,
            "progress_total": op.progress_total,
            "queued_at": op.queued_at,
            "result": op.result,
            "started_at": op.started_at,
            "state": op.state,
            "succeeded_on": op.succeeded_on,
            "user_id": op.user_id,
        }

    return Library(
        from_dict=from_dict,
        to_dict=to_dict,
        from_json=None,
        parse_answer=lambda answer: [Operation(**o) for o in answer["operations"]],
        error=None,
    )


LOADERS: dict[str, Callable[[], Library]] = {
    "ops": load_ops,
    "pydantic": load_pydantic,
    "mashumaro": load_mashumaro,
    "msgspec": load_msgspec,
    "bare": load_bare,
}

# The modules that each loader needs, timed by importing them in fresh interpreters.
# The standard ones count because ops pays for those it uses itself.
IMPORTS = {
    "ops": ("ops",),
    "pydantic": ("enum", "typing", "pydantic.main", "pydantic.type_adapter"),
    "mashumaro": ("dataclasses", "enum", "typing", "mashumaro.exceptions"),
    "msgspec": ("enum", "typing", "msgspec"),
    "bare": ("dataclasses", "enum", "typing"),
}


# The cases. A timed case prepares one call with no arguments from a library; it
# raises NotAvailable when the library has no such call.


class NotAvailable(Exception):
    pass


Preparer = Callable[[Library], Callable[[], object]]


def prepare_from_dict(make_payload: Callable[[], dict[str, Any]]) -> Preparer:
    def prepare(library: Library) -> Callable[[], object]:
        from_dict, payload = library.from_dict, make_payload()
        return lambda: from_dict(payload)

    return prepare


def prepare_newer(library: Library) -> Callable[[], object]:
    if library.error is None:
        raise NotAvailable("takes only its own fields")
    return prepare_from_dict(newer_payload)(library)


def prepare_error_path(library: Library) -> Callable[[], object]:
    from_dict, error, payload = library.from_dict, library.error, bad_payload()
    if error is None:
        raise NotAvailable("checks nothing")

    def reject() -> None:
        try:
            from_dict(payload)
        except error:
            return
        raise AssertionError("the bad payload was accepted")

    return reject


def prepare_to_dict(make_payload: Callable[[], dict[str, Any]]) -> Preparer:
    def prepare(library: Library) -> Callable[[], object]:
        to_dict, instance = library.to_dict, library.from_dict(make_payload())
        return lambda: to_dict(instance)

    return prepare


def prepare_from_json(library: Library) -> Callable[[], object]:
    from_json, text = library.from_json, json.dumps(full_payload())
    if from_json is None:
        raise NotAvailable("no JSON reader of its own: see loads + from_dict")
    return lambda: from_json(text)


def prepare_loads_from_dict(library: Library) -> Callable[[], object]:
    from_dict, text = library.from_dict, json.dumps(full_payload())
    return lambda: from_dict(json.loads(text))


def prepare_parse(library: Library) -> Callable[[], object]:
    parse, answer = library.parse_answer, answer_payload()
    if parse is None:
        raise NotAvailable("has no parse_operations")
    return lambda: parse(answer)


class Cell(NamedTuple):
    """What the children measured for one case and library."""

    status: str  # "ok", "n/a" or "error"
    samples: list[float]
    detail: str = ""  # why n/a, or the error's last line


Key = Tuple[str, str]  # a case and a library
Results = Dict[Key, Cell]


class Target(NamedTuple):
    """Passes when ops' figure divided by another one is at most ``limit``."""

    label: str
    limit: float
    library: str = "pydantic"  # the divisor's library ...
    case: str = ""  # ... and case, when not the target's own

    def value(self, results: Results, case: str) -> float | None:
        return ratio(results, (case, "ops"), (self.case or case, self.library))

    def render(self, results: Results, case: str, check: bool) -> str:
        value = self.value(results, case)
        text = self.label
        # The ratio to pydantic has a column of its own; the others are shown here.
        if value is not None and (self.case or self.library != "pydantic"):
            text += f" ({format_ratio(value)})"
        if check:
            text += " " + verdict(value, self.limit)
        return text


class Case(NamedTuple):
    key: str
    title: str
    prepare: Preparer | None  # None for the import time and the memory
    targets: Sequence[Target] = ()


def at_most(limit: float) -> Target:
    return Target(f"<= {limit:g}", limit)


def faster_than(library: str) -> Target:
    return Target(f"< {library}", 1.0, library)


CASES = (
    Case(
        "from_dict_full",
        "from_dict full",
        prepare_from_dict(full_payload),
        (at_most(0.9), faster_than("mashumaro")),
    ),
    Case(
        "from_dict_sparse",
        "from_dict sparse",
        prepare_from_dict(sparse_payload),
        (at_most(0.5), faster_than("mashumaro")),
    ),
    Case("from_dict_newer", "from_dict newer server", prepare_newer),
    Case("error_path", "error path", prepare_error_path, (at_most(2),)),
    Case(
        "to_dict_full",
        "to_dict full",
        prepare_to_dict(full_payload),
        (at_most(0.5),),
    ),
    Case(
        "to_dict_sparse",
        "to_dict sparse",
        prepare_to_dict(sparse_payload),
        (faster_than("mashumaro"),),
    ),
    Case(
        "from_json_full",
        "from_json full",
        prepare_from_json,
        (Target("<= 1.1 x loads + from_dict", 1.1, "ops", "loads_from_dict"),),
    ),
    Case("loads_from_dict", "  loads + from_dict", prepare_loads_from_dict),
    Case("parse_10k", "parse_operations 10k", prepare_parse, (at_most(0.9),)),
    Case("import", "import", None, (at_most(0.2),)),
    Case("memory", "memory per instance", None, (at_most(0.5),)),
)
TIMED_CASES = [case for case in CASES if case.prepare is not None]


def ratio(results: Results, top: Key, bottom: Key) -> float | None:
    above, below = results.get(top), results.get(bottom)
    if not above or not below or above.status != "ok" or below.status != "ok":
        return None
    return min(above.samples) / min(below.samples)


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "?"
    return "PASS" if value <= limit else "FAIL"


# The child: one library, one case, its samples printed as JSON.


def child_main(library: str, case_key: str, settings: Settings) -> None:
    sys.path.insert(0, str(REPO))
    if case_key == "define":
        samples = [time_definition(library)]
    elif case_key == "memory":
        samples = [memory_per_instance(LOADERS[library](), MEMORY_INSTANCES)]
    else:
        case = next(case for case in TIMED_CASES if case.key == case_key)
        assert case.prepare is not None
        try:
            call = case.prepare(LOADERS[library]())
        except NotAvailable as reason:
            print(json.dumps({"n/a": str(reason)}))
            return
        samples = time_call(call, settings)
    print(json.dumps({"samples": samples}))


def time_call(call: Callable[[], object], settings: Settings) -> list[float]:
    """Nanoseconds per call, one figure per sample."""
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    number = max(1, number // settings.shrink)
    totals = timer.repeat(repeat=settings.repeats, number=number)
    return [total / number * 1e9 for total in totals]


def time_definition(library: str) -> float:
    """Nanoseconds to define the library's models, its modules already imported."""
    for module in IMPORTS[library]:
        importlib.import_module(module)
    start = time.perf_counter()
    LOADERS[library]()
    return (time.perf_counter() - start) * 1e9


def memory_per_instance(library: Library, count: int) -> float:
    """Bytes that one instance holds, its payload's strings not counted."""
    # The payloads exist before tracing starts, so what the instances share with
    # them is not counted, whichever library built them.
    payloads = [full_payload(index) for index in range(count)]
    library.from_dict(full_payload(count))  # fills any cache before tracing
    instances: list[object] = [None] * count
    gc.collect()
    tracemalloc.start()
    for index, payload in enumerate(payloads):
        instances[index] = library.from_dict(payload)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return held / count


# The parent: runs the children, then prints the table.


class Progress:
    """A counter on stderr, for terminals only: the report itself goes to stdout."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.count = 0
        self.shown = sys.stderr.isatty()

    def step(self, what: str) -> None:
        self.count += 1
        if self.shown:
            sys.stderr.write(f"\r[{self.count}/{self.total}] {what:<40}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")


def run_child(library: str, case_key: str, quick: bool) -> Cell:
    command = [sys.executable, str(SCRIPT), "--child", library, case_key]
    if quick:
        command.append("--quick")
    done = subprocess.run(
        command, check=False, cwd=REPO, capture_output=True, text=True
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        return Cell("error", [], lines[-1])
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    if "n/a" in answer:
        return Cell("n/a", [], answer["n/a"])
    return Cell("ok", answer["samples"])


def measure_children(
    jobs: list[Key], rounds: int, quick: bool, progress: Progress
) -> Results:
    """Run each (case, library) job ``rounds`` times, interleaved, pooling samples."""
    results: Results = {}
    for _ in range(rounds):
        for case_key, library in jobs:
            known = results.get((case_key, library))
            if known and known.status != "ok":
                continue  # neither n/a nor a failure changes with another try
            progress.step(f"{case_key}: {library}")
            cell = run_child(library, case_key, quick)
            if known and cell.status == "ok":
                cell = Cell("ok", known.samples + cell.samples)
            results[(case_key, library)] = cell
    return results


def time_interpreter(statement: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], cwd=REPO, env=env, check=True)
    return (time.perf_counter() - start) * 1e9


def load_times(settings: Settings, progress: Progress) -> dict[str, float]:
    """Median time for a fresh interpreter to import each library's modules, less an
    empty interpreter's start. A library that fails to import is left out."""
    statements = {lib: "import " + ", ".join(IMPORTS[lib]) for lib in LIBRARIES}
    statements[""] = "pass"
    samples: dict[str, list[float]] = {}
    # The interpreters read bytecode compiled beforehand, as from an installed
    # package; a cache directory of their own keeps it out of the repository.
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for name, statement in statements.items():
            command = [sys.executable, "-c", statement]
            warm = subprocess.run(
                command, check=False, cwd=REPO, env=env, capture_output=True
            )
            if warm.returncode == 0:
                samples[name] = []
        for _ in range(settings.interpreters):
            progress.step("import")
            for name, times in samples.items():
                times.append(time_interpreter(statements[name], env))
    empty = statistics.median(samples.pop(""))
    return {name: statistics.median(times) - empty for name, times in samples.items()}


def measure_imports(settings: Settings, quick: bool, progress: Progress) -> Results:
    """The fresh interpreters' import times plus the children's model definitions."""
    loading = load_times(settings, progress)
    jobs = [("define", library) for library in LIBRARIES]
    definitions = measure_children(jobs, settings.definitions, quick, progress)
    results: Results = {}
    for library in LIBRARIES:
        definition = definitions[("define", library)]
        if definition.status != "ok":
            results[("import", library)] = definition
        elif library not in loading:
            results[("import", library)] = Cell("error", [], "fresh import failed")
        else:
            total = loading[library] + statistics.median(definition.samples)
            results[("import", library)] = Cell("ok", [total])
    return results


def measure_all(settings: Settings, quick: bool) -> Results:
    jobs = [(case.key, library) for case in TIMED_CASES for library in LIBRARIES]
    imports = settings.interpreters + settings.definitions * len(LIBRARIES)
    progress = Progress(len(jobs) * settings.rounds + len(LIBRARIES) + imports)
    results = measure_children(jobs, settings.rounds, quick, progress)
    memory = [("memory", library) for library in LIBRARIES]
    results.update(measure_children(memory, 1, quick, progress))
    results.update(measure_imports(settings, quick, progress))
    progress.done()
    return results


# The report.


def three_digits(value: float) -> str:
    if value >= 99.95:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 9.995 else f"{value:.2f}"


def format_scaled(value: float, units: Sequence[tuple[str, float]]) -> str:
    """Three significant digits, in the first unit that keeps them below 1000."""
    unit, scale = next(
        ((unit, scale) for unit, scale in units if value < scale * 999.5), units[-1]
    )
    return f"{three_digits(value / scale)} {unit}"


def format_ratio(value: float) -> str:
    # Three digits below 1 too, so that a ratio just past its limit shows as such.
    return f"{value:.3f}" if value < 1 else three_digits(value)


def format_time(nanoseconds: float) -> str:
    units = (("ns", 1.0), ("µs", 1e3), ("ms", 1e6), ("s", 1e9))
    return format_scaled(nanoseconds, units)


def format_bytes(size: float) -> str:
    return format_scaled(size, (("B", 1.0), ("KiB", 1024.0), ("MiB", 1024.0**2)))


def format_cell(case: Case, cell: Cell | None) -> str:
    if cell is None or cell.status != "ok":
        return cell.status if cell else "-"
    best = min(cell.samples)
    return format_bytes(best) if case.key == "memory" else format_time(best)


def table_rows(results: Results, check: bool) -> list[list[str]]:
    rows = [["case", *LIBRARIES, "ops/pydantic", "target"]]
    for case in CASES:
        value = ratio(results, (case.key, "ops"), (case.key, "pydantic"))
        targets = [target.render(results, case.key, check) for target in case.targets]
        rows.append(
            [
                case.title,
                *(format_cell(case, results.get((case.key, lib))) for lib in LIBRARIES),
                "" if value is None else format_ratio(value),
                ", ".join(targets),
            ]
        )
    return rows


def format_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = (
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows
    )
    return "\n".join(line.rstrip() for line in lines)


def spread_line(results: Results) -> str:
    """The noise: how far each cell's median sample lies above its best one."""
    spreads = {
        (case.key, library): statistics.median(cell.samples) / min(cell.samples) - 1
        for case in TIMED_CASES
        for library in LIBRARIES
        for cell in [results.get((case.key, library))]
        if cell and cell.status == "ok"
    }
    if not spreads:
        return "spread: no samples"
    worst = max(spreads, key=spreads.__getitem__)
    return (
        f"spread (median/best - 1): median {statistics.median(spreads.values()):.1%},"
        f" worst {spreads[worst]:.1%} ({worst[0]}, {worst[1]})"
    )


def target_summary(results: Results, check: bool, quick: bool) -> str:
    if quick:
        return "targets: not checked (--quick)"
    if not check:
        wanted = ".".join(map(str, TARGET_PYTHON))
        return f"targets: set for Python {wanted}, not checked on this one"
    verdicts = [
        verdict(target.value(results, case.key), target.limit)
        for case in CASES
        for target in case.targets
    ]
    failed = len(verdicts) - verdicts.count("PASS")
    return f"targets: {verdicts.count('PASS')} of {len(verdicts)} met, {failed} not"


def gaps(results: Results) -> list[str]:
    """Why cells are empty: a line per library for n/a, a line per error."""
    lines: list[str] = []
    for library in LIBRARIES:
        missing: list[str] = []
        for case in CASES:
            cell = results.get((case.key, library))
            if cell and cell.status == "n/a":
                missing.append(f"{case.title.strip()} ({cell.detail})")
            elif cell and cell.status == "error":
                lines.append(f"error, {case.title.strip()}, {library}: {cell.detail}")
        if missing:
            lines.append(f"n/a for {library}: " + "; ".join(missing))
    return lines


def header(settings: Settings, quick: bool) -> list[str]:
    mode = "quick" if quick else "full"
    return [
        f"Python {platform.python_version()} ({platform.python_implementation()}),"
        f" {platform.system()} {platform.machine()}, {cpu_name()},"
        f" {os.cpu_count()} CPUs",
        "libraries: " + ", ".join(library_versions()),
        f"mode: {mode}, {settings.rounds} x {settings.repeats} samples per cell,"
        f" import time over {settings.interpreters} interpreters",
    ]


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def library_versions() -> list[str]:
    sys.path.insert(0, str(REPO))
    try:
        import ops  # noqa: PLC0415

        versions = [f"ops {getattr(ops, '__version__', '?')}"]
    except Exception as error:  # the children report it in full
        versions = [f"ops not importable ({type(error).__name__})"]
    finally:
        sys.path.remove(str(REPO))
    for name in ("pydantic", "pydantic-core", "mashumaro", "msgspec"):
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return versions


NOTES = (
    "times: best per call; ratios from the best times; import: median of fresh"
    " interpreters less an empty one, plus the models' definition",
    f"memory: traced growth over {MEMORY_INSTANCES:,} instances of distinct full"
    " payloads, divided by their number",
    "newer server: ops keeps the unknown keys; pydantic (default config), mashumaro"
    " and msgspec drop them",
    "to_dict: pydantic's model_dump keeps the state's enum member, the others give"
    " its value",
)


def report(results: Results, settings: Settings, quick: bool, seconds: float) -> str:
    check = not quick and sys.version_info[:2] == TARGET_PYTHON
    lines = header(settings, quick)
    lines += ["", format_table(table_rows(results, check)), ""]
    lines += [spread_line(results), *NOTES, *gaps(results)]
    lines.append(target_summary(results, check, quick))
    lines.append(f"took {seconds:.0f} s")
    return "\n".join(lines)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python tests/benchmark.py")
    parser.add_argument("--quick", action="store_true", help="few samples, no targets")
    parser.add_argument(
        "--child", nargs=2, metavar=("LIBRARY", "CASE"), help=argparse.SUPPRESS
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    settings = QUICK if arguments.quick else FULL
    if arguments.child:
        child_main(*arguments.child, settings)
        return 0
    start = time.perf_counter()
    results = measure_all(settings, arguments.quick)
    print(report(results, settings, arguments.quick, time.perf_counter() - start))
    # The ratios never fail a run; a measurement that crashed does.
    return 1 if any(cell.status == "error" for cell in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
