"""The catalogue's vocabulary: how a mechanism describes each failure kind and mitigation it
offers — its name in scenario files, its dashboard control, its price — as data.

Each mechanism module lists its own :class:`Kind` entries (``KINDS``); :mod:`labkit.mechanisms`
gathers them into the one :data:`~labkit.mechanisms.CATALOGUE`, from which the scenario loader,
the dashboard, the chaos lab's menu and prices, and the property tests all derive. Nothing else
lists kinds. Controls are data (as Mesa's ``UserParam``): a dashboard row is a :class:`Control`
with :class:`Param` choices, and a function each way between its values and a failure.

>>> cat = Catalogue([Kind(Mitigation, "mitigation", "demo", "demo", "a demo", price=5)])
>>> cat.kind("demo").price
5
>>> cat.kind("dmeo")
Traceback (most recent call last):
...
ValueError: kind: unknown value 'dmeo'. Did you mean 'demo'? Allowed: demo
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .scenario import Failure, Mitigation
from .validate import check_choice

if TYPE_CHECKING:
    from .internet import Internet

__all__ = ["Catalogue", "Control", "Kind", "Param"]

ROLES = ("failure", "mitigation")


@dataclass(frozen=True)
class Param:
    """One setting of a dashboard row: the ``name`` it is stored under, its ``label``, its
    ``choices`` (a tuple, or a function of the world giving them) and its ``default``."""

    name: str
    label: str
    choices: tuple[str, ...] | Callable[[Internet], Sequence[str]]
    default: str

    def options(self, internet: Internet) -> list[str]:
        """The choices on ``internet``."""
        return list(self.choices(internet) if callable(self.choices) else self.choices)


@dataclass(frozen=True)
class Control:
    """A dashboard row for one failure kind: a checkbox labelled ``label``, the ``params``,
    and a from/to time. ``build(values, start, fixed)`` gives the failure the row describes
    (``fixed`` is None for "never"); ``read(failure)`` gives the values that ``build`` turns back
    into exactly that failure, or None if this row cannot show it."""

    key: str
    label: str
    params: tuple[Param, ...]
    build: Callable[[dict[str, str], str, str | None], Failure]
    read: Callable[[Failure], dict[str, str] | None]
    start: str = "08:00"
    fixed: str = "11:00"

    def defaults(self) -> dict[str, str]:
        return {p.name: p.default for p in self.params}


@dataclass(frozen=True)
class Kind:
    """One failure kind or mitigation: its class (named so in scenario files), ``role``
    ("failure" or "mitigation"), the ``mechanism`` it belongs to, a ``key`` and ``label`` for
    people, what it does (``help``), its ``price`` in credits per month (mitigations; None when
    it is not for sale), whether the chaos lab's menu offers it (``menu``), its dashboard row
    (``control``, failures) or checkbox (``dashboard``, mitigations), and ``examples``: valid
    instances, for the property tests."""

    cls: type
    role: str
    mechanism: str
    key: str
    help: str
    label: str = ""
    price: int | None = None
    menu: bool = False
    dashboard: bool = True
    control: Control | None = None
    examples: Callable[[], Sequence[Any]] = tuple

    def __post_init__(self) -> None:
        check_choice("role", self.role, ROLES)
        if not self.label:
            object.__setattr__(self, "label", self.key)

    @property
    def name(self) -> str:
        """The name scenario files use: the class name."""
        return self.cls.__name__


class Catalogue:
    """Every :class:`Kind`, in the order given, looked up by key or by class name."""

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self.kinds: tuple[Kind, ...] = tuple(kinds)
        self._by_key = {k.key: k for k in self.kinds}
        self._by_name = {k.name: k for k in self.kinds}
        if len(self._by_key) != len(self.kinds) or len(self._by_name) != len(self.kinds):
            raise ValueError("catalogue: two kinds share a key or a class name")
        for k in self.kinds:
            base = Failure if k.role == "failure" else Mitigation
            if not issubclass(k.cls, base):
                raise TypeError(f"{k.name}: a {k.role} must subclass {base.__name__}")

    def __iter__(self):
        return iter(self.kinds)

    def __len__(self) -> int:
        return len(self.kinds)

    def kind(self, key: str) -> Kind:
        """The kind with this ``key`` (did-you-mean on a typo)."""
        return self._by_key[check_choice("kind", key, self._by_key)]

    def of(self, obj: object) -> Kind | None:
        """The kind of a failure or mitigation object (None if not catalogued)."""
        return self._by_name.get(type(obj).__name__)

    def types(self) -> dict[str, type]:
        """Class name → class, for every kind: what scenario files may name."""
        return {k.name: k.cls for k in self.kinds}

    def failures(self) -> list[Kind]:
        return [k for k in self.kinds if k.role == "failure"]

    def mitigations(self) -> list[Kind]:
        return [k for k in self.kinds if k.role == "mitigation"]

    def controls(self) -> list[Control]:
        """The dashboard's failure rows, in catalogue order."""
        return [k.control for k in self.kinds if k.control is not None]

    def menu(self) -> list[Kind]:
        """The chaos lab's menu: priced mitigations it offers."""
        return [k for k in self.mitigations() if k.menu and k.price is not None]

    def price(self, key: str) -> int:
        """The price of mitigation ``key`` in credits per month."""
        k = self.kind(key)
        if k.price is None:
            on_sale = ", ".join(m.key for m in self.menu())
            raise ValueError(f"{key}: not for sale; allowed: {on_sale}")
        return k.price
