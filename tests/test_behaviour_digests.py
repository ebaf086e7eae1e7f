"""Refactors preserve behaviour: every stored scenario, alone and with each mitigation, gives the
same Timeline (rows, impact, summary, training lost) as when the digests were recorded.

The digests in ``tests/data/behaviour_digests.json`` were recorded with
``scripts/record_digests.py`` before the code was moved into its current layout.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORDED = json.loads((ROOT / "tests/data/behaviour_digests.json").read_text())

_spec = importlib.util.spec_from_file_location("record_digests", ROOT / "scripts/record_digests.py")
record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(record)


@pytest.fixture(scope="module")
def fresh() -> dict[str, str]:
    return record.runs()


def test_every_stored_scenario_is_covered(fresh):
    assert sorted(fresh) == sorted(RECORDED)
    assert len(RECORDED) == 12 * (1 + len(record.MITIGATIONS))  # 12 stored scenarios


@pytest.mark.parametrize("key", sorted(RECORDED))
def test_timeline_unchanged(fresh, key):
    assert fresh[key] == RECORDED[key], f"{key}: the Timeline differs from the recorded one"
