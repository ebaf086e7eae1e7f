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
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import check_choice
from ..mechanisms import CATALOGUE
from ..scenario import Scenario

__all__ = ["NamedScenario", "TYPES", "from_dict", "info", "load", "names"]

#: Every type a scenario file may name: the catalogue's failure kinds and mitigations.
TYPES: dict[str, type] = CATALOGUE.types()


@dataclass(frozen=True)
class NamedScenario:
    """A scenario file's text parts: what it echoes and where the facts come from."""

    name: str
    title: str
    echoes: str
    source: str
    mechanism: str


def _files() -> dict[str, Any]:
    folder = resources.files(__name__)
    return {p.name[:-5]: p for p in folder.iterdir() if p.name.endswith(".json")}


def names() -> list[str]:
    """The names of every stored scenario."""
    return sorted(_files())


def _read(name: str) -> dict:
    check_choice("name", name, _files())
    return json.loads(_files()[name].read_text(encoding="utf-8"))


def _build(kind: str, spec: Any, where: str) -> Any:
    if not isinstance(spec, dict) or "type" not in spec:
        raise ValueError(f"{where}: got {spec!r}; allowed: an object with a 'type' key")
    fields = dict(spec)
    cls = TYPES[check_choice(f"{where}.type", fields.pop("type"), TYPES)]
    try:
        return cls(**fields)
    except TypeError as err:  # unknown or missing field names
        raise ValueError(f"{where}: {err}; see help(labkit.{cls.__name__})") from None
    except ValueError as err:
        raise ValueError(f"{where}: {err}") from None


def from_dict(data: dict, name: str = "scenario") -> Scenario:
    """A :class:`~labkit.scenario.Scenario` from plain data (as stored in a scenario file)."""
    if not isinstance(data, dict):
        raise ValueError(f"{name}: got {type(data).__name__}; allowed: a JSON object")
    fs = [
        _build("failure", f, f"{name}: failures[{i}]")
        for i, f in enumerate(data.get("failures", []))
    ]
    ms = [
        _build("mitigation", m, f"{name}: mitigations[{i}]")
        for i, m in enumerate(data.get("mitigations", []))
    ]
    extra = {k: data[k] for k in ("minutes", "seed", "failover_delay") if k in data}
    return Scenario(fs, ms, **extra)


def load(name: str) -> Scenario:
    """The stored scenario ``name`` (see :func:`names`)."""
    return from_dict(_read(name), name)


def info(name: str) -> NamedScenario:
    """What the stored scenario ``name`` echoes, and its source."""
    data = _read(name)
    return NamedScenario(name, data["title"], data["echoes"], data["source"], data["mechanism"])
