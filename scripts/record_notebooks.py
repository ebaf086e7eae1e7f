"""Re-execute the lesson notebooks in place and keep only what belongs in git.

usage: python scripts/record_notebooks.py [NOTEBOOK ...]    (default: notebooks/*.ipynb)

Each notebook runs top to bottom in a fresh kernel, from its own folder, and is then slimmed
before it is written back:

- ``metadata.widgets`` is dropped (widget state; with a plotly FigureWidget it holds the whole
  plotly.js bundle, several MB);
- outputs that are a widget view or a plotly figure are dropped, text outputs are kept;
- cells whose output the tests compare (tag ``nbval-check-output`` or a ``# NBVAL_CHECK_OUTPUT``
  comment) keep every output, since nbval compares them with a fresh run.

The kernelspec and the rest of the notebook metadata are kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# Outputs carrying one of these MIME types are dropped from cells nbval does not check.
BULKY_MIME_TYPES = (
    "application/vnd.jupyter.widget-view+json",
    "application/vnd.plotly.v1+json",
)
CHECK_TAG = "nbval-check-output"
CHECK_COMMENT = "NBVAL_CHECK_OUTPUT"


def is_checked(cell: nbformat.NotebookNode) -> bool:
    """True when nbval compares this cell's outputs (lax mode)."""
    if CHECK_TAG in cell.get("metadata", {}).get("tags", []):
        return True
    comments = (ln.strip().lstrip("#").strip() for ln in cell.source.splitlines())
    return any(c == CHECK_COMMENT for c in comments)


def is_bulky(output: nbformat.NotebookNode) -> bool:
    data = output.get("data", {})
    return any(mime in data for mime in BULKY_MIME_TYPES)


def slim(nb: nbformat.NotebookNode, name: str) -> int:
    """Strip widget state and bulky outputs in place; return how many outputs were dropped."""
    nb.metadata.pop("widgets", None)
    dropped = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            if any(is_bulky(o) for o in cell.outputs):
                print(
                    f"warning: {name} cell {i}: a checked cell shows a widget or figure;"
                    " nbval compares its text exactly (random ids break it)",
                    file=sys.stderr,
                )
            continue
        kept = [o for o in cell.outputs if not is_bulky(o)]
        dropped += len(cell.outputs) - len(kept)
        cell.outputs = kept
    return dropped


def record(path: Path, timeout: int) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},  # run from the notebook's folder
        record_timing=False,  # no per-cell timestamps: they change on every run
        store_widget_state=False,
    )
    client.execute()
    dropped = slim(nb, path.name)
    nbformat.write(nb, path)
    print(f"{path}: recorded ({dropped} widget/figure outputs dropped)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted(Path("notebooks").glob("*.ipynb"))
    if not paths:
        print("no notebooks to record", file=sys.stderr)
        return 1
    for path in paths:
        record(path, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
