"""Named scenarios, kept as JSON data files beside this module, loaded safely and checked.

Each file holds a title, the real event it echoes and its source, and the failures and
mitigations as plain data (``{"type": "RegionOutage", "region": ..., "start": ...}``). Only the
failure and mitigation types listed in :data:`TYPES` can be named, so loading a file never runs
code.

>>> from labkit import scenarios
>>> "aws-dynamodb-dns-2025" in scenarios.names()
True
>>> scenarios.load("aws-dynamodb-dns-2025").failures[0].name
'db.us-east.nimbus'

A scenario that echoes a real outage also carries its ``"record"``: the UTC milestones from the
outage casebook and the casebook section they come from (see :class:`labkit.replay.Record`):

>>> scenarios.info("aws-dynamodb-dns-2025").record.times()
{'onset': '06:48', 'root_cause_fixed': '09:25', 'full_recovery': '21:20'}
"""

from __future__ import annotations

import inspect
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..mechanisms import CATALOGUE
from ..replay import Record
from ..scenario import Scenario
from ..validate import check_choice, check_type, short

__all__ = [
    "FIELDS",
    "NamedScenario",
    "TYPES",
    "from_dict",
    "info",
    "info_file",
    "load",
    "load_file",
    "names",
    "parse",
]

#: Every type a scenario file may name: the catalogue's failure kinds and mitigations.
TYPES: dict[str, type] = CATALOGUE.types()


@dataclass(frozen=True)
class NamedScenario:
    """A scenario file's text parts: what it echoes and where the facts come from, the record
    of the real outage (None for a scenario that echoes none) and what the toy leaves out."""

    name: str
    title: str
    echoes: str
    source: str
    mechanism: str
    record: Record | None = None
    notes: str = ""


def _files() -> dict[str, Any]:
    folder = resources.files(__name__)
    return {p.name[:-5]: p for p in folder.iterdir() if p.name.endswith(".json")}


def names() -> list[str]:
    """The names of every stored scenario."""
    return sorted(_files())


#: Top-level fields a scenario file may have.
FIELDS = (
    "title",
    "echoes",
    "source",
    "mechanism",
    "failures",
    "mitigations",
    "minutes",
    "seed",
    "failover_delay",
    "record",
    "notes",
)
#: Text fields :func:`info` needs.
_INFO_FIELDS = ("title", "echoes", "source", "mechanism")
#: Largest scenario file read, in bytes.
MAX_BYTES = 1_000_000


def _check_name(name: object) -> str:
    check_type("name", name, str, f"a stored scenario's name, e.g. {names()[0]!r}")
    return check_choice("name", name, _files())


def parse(text: str | bytes, where: str = "scenario") -> dict:
    """The JSON object in ``text`` (the contents of a scenario file called ``where``), or a
    ``ValueError`` naming ``where`` and what is wrong (invalid UTF-8, not JSON, too deep, not an
    object).

    >>> parse('{"failures": [}', "my.json")
    Traceback (most recent call last):
    ...
    ValueError: my.json: not valid JSON (line 1, column 15: Expecting value); allowed: ...
    """
    allowed = 'a JSON object such as {"title": ..., "failures": [...]}'
    check_type("text", text, str | bytes, "the text of a scenario file")
    if len(text) > MAX_BYTES:
        raise ValueError(f"{where}: {len(text):,} bytes; allowed: a scenario file of at most "
                         f"{MAX_BYTES:,} bytes")  # fmt: skip
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ValueError(
                f"{where}: not valid UTF-8 (byte {err.start}); allowed: a UTF-8 text file"
            ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"{where}: not valid JSON (line {err.lineno}, column {err.colno}: {err.msg}); "
            f"allowed: {allowed}"
        ) from None
    except RecursionError:
        raise ValueError(f"{where}: nested too deeply; allowed: {allowed}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{where}: got {short(data)} (a JSON {type(data).__name__}); "
                         f"allowed: {allowed}")  # fmt: skip
    return data


def _read(name: str) -> dict:
    name = _check_name(name)
    return parse(_files()[name].read_bytes(), f"{name}.json")


def _fields(cls: type) -> list[str]:
    params = inspect.signature(cls).parameters.values()
    return [p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _build(kind: str, spec: Any, where: str) -> Any:
    if not isinstance(spec, dict) or "type" not in spec:
        raise ValueError(
            f"{where}: got {short(spec)}; allowed: an object with a 'type' key, e.g. "
            '{"type": "RegionOutage", "region": "nimbus-us-east"}'
        )
    fields = dict(spec)
    cls = TYPES[check_choice(f"{where}.type", fields.pop("type"), TYPES)]
    allowed = _fields(cls)
    for key in fields:
        check_choice(f"{where}: {cls.__name__} field", key, allowed)
    required = [
        p.name
        for p in inspect.signature(cls).parameters.values()
        if p.default is p.empty and p.name not in fields
    ]
    if required:
        raise ValueError(
            f"{where}: {cls.__name__}: missing field {required[0]!r}; allowed fields: "
            f"{', '.join(allowed)}"
        )
    try:
        return cls(**fields)
    except TypeError as err:  # a wrong type of value, e.g. a string where a list is needed
        raise ValueError(
            f"{where}: {short(str(err), 300)}; see help(labkit.{cls.__name__})"
        ) from None
    except ValueError as err:
        raise ValueError(f"{where}: {err}") from None


def from_dict(data: dict, name: str = "scenario") -> Scenario:
    """A :class:`~labkit.Scenario` from plain data (as stored in a scenario file).

    >>> from_dict({"failure": []})
    Traceback (most recent call last):
    ...
    ValueError: scenario: field: unknown value 'failure'. Did you mean 'failures'? Allowed: ...
    """
    check_type("name", name, str, "a name for messages, e.g. 'my-scenario'")
    if not isinstance(data, dict):
        raise ValueError(f"{name}: got {short(data)}; allowed: a JSON object")
    for key in data:
        check_choice(f"{name}: field", key, FIELDS)
    if "record" in data:  # checked here too, so a file with a bad record never loads
        Record.from_dict(data["record"], name)
    lists = {}
    for key in ("failures", "mitigations"):
        value = data.get(key, [])
        if not isinstance(value, list):
            raise ValueError(
                f"{name}: {key}: got {short(value)}; allowed: a list of objects with a 'type'"
            )
        lists[key] = value
    fs = [_build("failure", f, f"{name}: failures[{i}]") for i, f in enumerate(lists["failures"])]
    ms = [
        _build("mitigation", m, f"{name}: mitigations[{i}]")
        for i, m in enumerate(lists["mitigations"])
    ]
    extra = {k: data[k] for k in ("minutes", "seed", "failover_delay") if k in data}
    try:
        return Scenario(fs, ms, **extra)
    except ValueError as err:
        raise ValueError(f"{name}: {err}") from None


def load_file(path: str | os.PathLike) -> Scenario:
    """The scenario in the JSON file at ``path`` (same format as the stored ones); any problem
    is a ``ValueError`` that names the file."""
    path = _path(path)
    return from_dict(parse(_read_path(path), str(path)), str(path))


def info_file(path: str | os.PathLike) -> NamedScenario:
    """What the scenario file at ``path`` echoes, and its source (see :func:`info`)."""
    path = _path(path)
    return _info(path.stem, parse(_read_path(path), str(path)), str(path))


def _path(path: object) -> Path:
    check_type("path", path, str | os.PathLike, "the path of a scenario's .json file")
    return Path(path)  # type: ignore[arg-type]


def _read_path(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as err:
        raise ValueError(f"{path}: cannot be read ({err.strerror}); allowed: an existing "
                         ".json file") from None  # fmt: skip


def load(name: str) -> Scenario:
    """The stored scenario ``name`` (see :func:`names`)."""
    return from_dict(_read(name), name)


def _info(name: str, data: dict, where: str) -> NamedScenario:
    for key in _INFO_FIELDS:
        if not isinstance(data.get(key), str):
            raise ValueError(
                f"{where}: field {key!r} is {'missing' if key not in data else short(data[key])}"
                f"; allowed: text for each of {', '.join(_INFO_FIELDS)}"
            )
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        raise ValueError(f"{where}: field 'notes' is {short(notes)}; allowed: text")
    record = Record.from_dict(data["record"], where) if "record" in data else None
    return NamedScenario(
        name, data["title"], data["echoes"], data["source"], data["mechanism"], record, notes
    )


def info(name: str) -> NamedScenario:
    """What the stored scenario ``name`` echoes, and its source."""
    return _info(name, _read(name), f"{_check_name(name)}.json")
