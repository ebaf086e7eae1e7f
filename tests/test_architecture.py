"""The shape of the package: imports flow one way, the model stays free of plotting and
widgets, and the dashboard uses only public names of other modules.

Imports are read from the source (``ast``), at module level *and* inside functions, so an
import cycle cannot hide behind a function-level import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

LABKIT = Path(__file__).resolve().parents[1] / "labkit"
#: Modules allowed to use plotly / ipywidgets: the figures package and the widgets module.
VIEW = ("labkit.figures", "labkit.widgets")
#: The progress display of sweeps: the model (labkit.sweeping) imports it, so it loads only
#: the standard library; its notebook bar imports ipywidgets inside a function, and nothing
#: else of the view.
PROGRESS = "labkit.progress"


def _name(path: Path) -> str:
    parts = path.relative_to(LABKIT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(p): p for p in LABKIT.rglob("*.py")}


def _imports(module: str) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import in ``module``'s source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [a.name for a in node.names]
            subs = [n for n in names if f"{target}.{n}" in MODULES]
            out += [(f"{target}.{n}", []) for n in subs]
            rest = [n for n in names if n not in subs]
            if rest or not subs:
                out.append((target, rest))
    return out


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for m in MODULES:
        g.add_node(m)
        for target, _ in _imports(m):
            if target in MODULES and target != m:
                g.add_edge(m, target)
    return g


def test_the_import_reader_sees_imports_inside_functions():
    # a hand-made check of the reader itself: labkit/__init__.py imports the widgets lazily,
    # inside explore(), and that edge must be seen
    assert ("labkit.widgets", ["explore"]) in _imports("labkit")


def test_no_import_cycle_counting_imports_inside_functions():
    cycles = list(nx.simple_cycles(_graph()))
    assert cycles == [], f"import cycles: {cycles[:5]}"


def test_the_model_never_imports_figures_widgets_plotly_or_ipywidgets():
    view = ("plotly", "ipywidgets", "anywidget", *VIEW)
    for m in MODULES:
        if m.startswith(VIEW) or m in ("labkit", PROGRESS):  # labkit.explore(): the dashboard
            continue
        bad = [t for t, _ in _imports(m) if t.startswith(view)]
        assert bad == [], f"{m} imports {bad}"


def _module_level_imports(module: str) -> list[str]:
    """Modules imported when ``module`` loads: imports outside any function or class."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out = []
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.If | ast.Try):  # e.g. if TYPE_CHECKING:, try: import …
            todo += node.body + node.orelse + getattr(node, "handlers", [])
            todo += getattr(node, "finalbody", [])
        elif isinstance(node, ast.ExceptHandler):
            todo += node.body
    return out


def test_the_progress_display_loads_only_the_standard_library():
    # labkit.sweep() must run where ipywidgets is not installed: labkit.progress may load
    # ipywidgets only inside the notebook bar, and never plotly or the view packages
    import sys

    loaded = _module_level_imports(PROGRESS)
    assert loaded, "the reader sees the module's imports"
    stdlib = sys.stdlib_module_names | {"__future__"}
    assert [m for m in loaded if m.split(".")[0] not in stdlib] == [], loaded
    anywhere = [t for t, _ in _imports(PROGRESS)]
    assert "ipywidgets" in anywhere  # the notebook bar: the reader sees the import in __init__
    assert [t for t in anywhere if t.startswith(("plotly", "anywidget", *VIEW))] == []


def test_the_sweep_modules_use_the_progress_display_and_no_view():
    for m in ("labkit.sweeping", "labkit.sweeps"):
        bad = [t for t, _ in _imports(m) if t.startswith(("plotly", "ipywidgets", *VIEW))]
        assert bad == [], f"{m} imports {bad}"
    assert PROGRESS in [t for t, _ in _imports("labkit.sweeping")]


def test_widgets_import_no_private_name_from_another_module():
    widgets = [m for m in MODULES if m.startswith("labkit.widgets")]
    assert "labkit.widgets.stage" in widgets  # the reader sees the package's modules
    for module in widgets:
        for target, names in _imports(module):
            private = [n for n in names if n.startswith("_")]
            assert private == [], f"{module} takes {private} from {target}"


def test_every_failure_and_mitigation_is_in_the_catalogue():
    import labkit
    from labkit.scenario import Failure, Mitigation

    public = {
        name
        for name in labkit.__all__
        if isinstance(getattr(labkit, name), type)
        and issubclass(getattr(labkit, name), Failure | Mitigation)
        and getattr(labkit, name) not in (Failure, Mitigation)
    }
    assert public == {k.name for k in labkit.CATALOGUE}


def test_each_kind_is_catalogued_beside_its_class():
    # adding a kind touches its module (class + Kind entry) and labkit/__init__.py (the export):
    # so every KINDS tuple lists only classes of its own module
    import importlib

    import labkit

    seen = 0
    for m in MODULES:
        if not m.startswith("labkit.mechanisms."):
            continue
        module = importlib.import_module(m)
        own = module.__dict__.get("KINDS")
        if own is None or MODULES[m].name == "__init__.py":
            continue
        for kind in own:
            assert kind.cls.__module__ == m, f"{kind.name} is catalogued in {m}"
            assert getattr(labkit, kind.name) is kind.cls
            seen += 1
    assert seen == len(labkit.CATALOGUE)
