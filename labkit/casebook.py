"""What each real outage's post-mortem announced, as the toy's mitigations.

Every stored replay (a scenario with a ``"record"``) has a :class:`CaseEntry`: the casebook
section it comes from and the fixes listed in that section's "Mitigations announced" row, each
quoted (:class:`AnnouncedFix`). A fix that a mitigation in :data:`labkit.CATALOGUE` stands for
names its catalogue key; a fix the toy cannot model names none and says why. Where the casebook
marks a fix as inference or as a community lesson rather than the operator's own announcement,
the fix's ``basis`` says so. Pure data and lookups: no simulation, no plotting.

>>> e = entry("crowdstrike-agent-2024")
>>> e.section, e.keys
('casebook §6', ('staged-rollout',))
>>> [type(m).__name__ for m in announced("crowdstrike-agent-2024")]
['StagedRollout']
>>> entry("crowdstrike")
Traceback (most recent call last):
...
ValueError: replay: unknown value 'crowdstrike'. Did you mean 'crowdstrike-agent-2024'? ...
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from .mechanisms import CATALOGUE
from .scenario import Mitigation
from .validate import check_choice, check_type

__all__ = ["BASES", "AnnouncedFix", "CaseEntry", "announced", "entry", "names"]

#: Where a fix comes from: the operator's own post-mortem ("announced"), a lesson drawn by
#: others and listed in the casebook's "Mitigations / lessons" row ("lesson"), or a reading the
#: casebook itself marks as inference or as following from the record ("inference").
BASES = ("announced", "lesson", "inference")


@dataclass(frozen=True)
class AnnouncedFix:
    """One fix from a casebook section's "Mitigations announced" row.

    Parameters
    ----------
    quote : str
        The casebook's words (bold marks dropped).
    mitigation : str or None
        The key of the catalogue mitigation that stands for the fix (e.g. "staged-rollout"),
        or None when the toy has no equivalent.
    why : str
        How the toy's mitigation matches the fix, or why the toy has none.
    basis : {"announced", "lesson", "inference"}, default "announced"
        See :data:`BASES`.

    Raises
    ------
    TypeError
        If ``quote`` or ``why`` is not text.
    ValueError
        If ``quote`` or ``why`` is empty, ``mitigation`` is not a catalogue mitigation, or
        ``basis`` is not one of :data:`BASES`.

    Examples
    --------
    >>> type(AnnouncedFix("a canary", "staged-rollout", "canary first").build()).__name__
    'StagedRollout'
    >>> AnnouncedFix("a canary", "staged-rolout", "canary first")
    Traceback (most recent call last):
    ...
    ValueError: mitigation: unknown value 'staged-rolout'. Did you mean 'staged-rollout'? ...
    """

    quote: str
    mitigation: str | None
    why: str
    basis: str = "announced"

    def __post_init__(self) -> None:
        for field in ("quote", "why"):
            value = check_type(field, getattr(self, field), str, "text from the casebook")
            if not value.strip():
                raise ValueError(f"{field}: got ''; allowed: text from the casebook")
        if self.mitigation is not None:
            check_choice("mitigation", self.mitigation, [k.key for k in CATALOGUE.mitigations()])
        check_choice("basis", self.basis, BASES)

    def build(self) -> Mitigation | None:
        """The catalogue mitigation with its default settings (None: no toy equivalent)."""
        if self.mitigation is None:
            return None
        mitigation: Mitigation = CATALOGUE.kind(self.mitigation).cls()
        return mitigation


@dataclass(frozen=True)
class CaseEntry:
    """A replay's casebook section and the fixes it lists (made by :func:`entry`).

    Attributes
    ----------
    replay : str
        The stored scenario's name.
    section : str
        The casebook section, e.g. "casebook §6".
    fixes : tuple of AnnouncedFix
        In the order the casebook lists them.
    note : str
        What else a reader should know (e.g. that nothing was announced).
    keys : tuple of str
        The catalogue keys of the fixes that have a toy equivalent, without repeats.

    Examples
    --------
    >>> print(entry("dyn-ddos-2016"))  # doctest: +ELLIPSIS
    dyn-ddos-2016 (casebook §8)
    - "Dyn said it was working with other internet infrastructure providers on response ...
      → no toy equivalent: ...
    """

    replay: str
    section: str
    fixes: tuple[AnnouncedFix, ...]
    note: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.mitigation for f in self.fixes if f.mitigation))

    def mitigations(self) -> list[Mitigation]:
        """The toy mitigations standing for the fixes, one per key."""
        return [CATALOGUE.kind(k).cls() for k in self.keys]

    def __str__(self) -> str:
        lines = [f"{self.replay} ({self.section})"]
        for f in self.fixes:
            lines.append(textwrap.fill(f'"{f.quote}"', 92, initial_indent="- ",
                                       subsequent_indent="  "))  # fmt: skip
            if f.mitigation is None:
                said = f"→ no toy equivalent: {f.why}"
            else:
                tag = "" if f.basis == "announced" else f" ({f.basis})"
                said = f"→ {f.mitigation}{tag}: {f.why}"
            lines.append(textwrap.fill(said, 92, initial_indent="  ", subsequent_indent="    "))
        if self.note:
            lines.append(textwrap.fill(f"Note: {self.note}", 92))
        return "\n".join(lines)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(str(self))


_NO_CODE = "the toy has no software inside its fleets, only a config that breaks them"

_ENTRIES: dict[str, CaseEntry] = {
    e.replay: e
    for e in (
        CaseEntry("aws-s3-2017", "casebook §1", (
            AnnouncedFix(
                "The tool was changed to remove capacity more slowly, with safeguards that block "
                "removal when it would take any subsystem below its minimum required capacity.",
                None, "the toy has no operator tool; the object-storage outage is given as the "
                "failure"),
            AnnouncedFix(
                "Planned partitioning of the index subsystem into smaller cells was "
                "re-prioritized to start immediately.",
                None, "a toy region has no cells inside it: its blocks fail or work as a whole"),
        )),
        CaseEntry("aws-dynamodb-dns-2025", "casebook §2", (
            AnnouncedFix(
                "DynamoDB DNS Planner and Enactor automation disabled worldwide until the race "
                "is fixed and extra protections are added",
                None, "the toy has no DNS automation: the emptied record is given as the failure"),
            AnnouncedFix(
                "Protective checks, throttling controls, and expanded test suites (for the EC2 "
                "recovery workflow).",
                "retry-backoff",
                "the toy's nearest control on recovery load: clients back off with jitter "
                "instead of piling retries on a recovering service (AWS throttled the work "
                "server-side; our reading, not AWS's words)",
                "inference"),
        )),
        CaseEntry("aws-network-congestion-2021", "casebook §3", (
            AnnouncedFix(
                "The automated scaling activity was disabled until a remediation is deployed.",
                None, "the toy has no auto-scaling: the congestion is given as the failure"),
            AnnouncedFix(
                "A new support system architecture that runs actively across multiple AWS "
                "regions.",
                None, "the toy has no support system; its multi-region mitigation gives every "
                "cloud service a standby, far more than was announced"),
        )),
        CaseEntry("facebook-withdrawal-2021", "casebook §4", (
            AnnouncedFix(
                "The post-mortem's lessons and \"storm\" drills were not retrieved verbatim. The "
                "specific action items are unsourced here.",
                None, "no sourced action item to model"),
        ), "Nothing announced is sourced, so there is nothing to replay with a fix."),
        CaseEntry("fastly-config-2021", "casebook §5", (
            AnnouncedFix(
                "Deploy the bug fix across the network \"as quickly and safely as possible\".",
                None, _NO_CODE + "; the revert already ends the replay's impact"),
            AnnouncedFix(
                "Evaluate ways to improve remediation time.",
                None, "no announced change the toy could switch on"),
        ), "Fastly did not announce staged config rollouts; the toy's staged rollout is not "
           "what it said it would do."),
        CaseEntry("crowdstrike-agent-2024", "casebook §6", (
            AnnouncedFix(
                "Staggered deployment of Rapid Response Content, starting with a canary and "
                "widening gradually.",
                "staged-rollout", "config pushes go to a canary first, then widen after a "
                "health gate"),
            AnnouncedFix(
                "Customer control over when content is delivered, plus notifications.",
                None, "the toy's fleets have no customers choosing when to update"),
            AnnouncedFix(
                "In the RCA: compile-time input-count validation and runtime bounds checks.",
                None, _NO_CODE),
        )),
        CaseEntry("cloudflare-waf-2019", "casebook §7", (
            AnnouncedFix(
                "the SOP allowed a non-emergency rule to go global without a staged rollout",
                "staged-rollout", "the casebook's action list is unsourced but 'follows "
                "directly from factors 2–11'; this is factor 5, turned round", "inference"),
            AnnouncedFix(
                "a protection against excessive regex CPU use had been removed by mistake",
                None, "the toy has no regex engine or CPU guard: the push simply uses up CPU"),
        )),
        CaseEntry("dyn-ddos-2016", "casebook §8", (
            AnnouncedFix(
                "Dyn said it was working with other internet infrastructure providers on "
                "response plans.",
                None, "no response plan between providers in the toy; the post-mortem "
                "remediation list is thin"),
            AnnouncedFix(
                "Sites that used only Dyn for authoritative DNS had no fallback (inference; "
                "not a Dyn statement).",
                "secondary-dns", "a second DNS provider for the apps' names is that fallback",
                "inference"),
        ), "No announced fix fits the toy; the secondary-DNS fix is the casebook's inference."),
        CaseEntry("youtube-hijack-2008", "casebook §9", (
            AnnouncedFix(
                "Upstream prefix filtering of customer announcements (PCCW)",
                "prefix-filters", "transit networks accept only registered prefixes",
                "lesson"),
            AnnouncedFix(
                "later route-origin validation (RPKI)",
                "rpki", "transit networks drop routes whose origin is not signed", "lesson"),
        ), "These are community lessons, not an operator post-mortem."),
        CaseEntry("gcp-service-control-2025", "casebook §10", (
            AnnouncedFix(
                "Modularize Service Control so it fails open.",
                None, _NO_CODE),
            AnnouncedFix(
                "Audit systems that consume globally replicated data and make such data "
                "propagate incrementally with time to validate.",
                "staged-rollout", "the change reaches a canary first, then widens after a "
                "health gate"),
            AnnouncedFix(
                "Better error handling, randomized backoff, and external communications.",
                "retry-backoff", "restarting clients back off with jitter instead of arriving "
                "as a herd"),
        )),
        CaseEntry("verizon-leak-2019", "casebook §11a", (
            AnnouncedFix(
                "IRR-based filtering of customer routes",
                "prefix-filters", "transit networks accept only registered prefixes from "
                "customers", "lesson"),
            AnnouncedFix(
                "RPKI origin validation (strict max-length would have invalidated the /21s)",
                "rpki", "the toy's RPKI checks the origin only, not max-length", "lesson"),
            AnnouncedFix(
                "max-prefix limits on sessions",
                None, "the toy's sessions have no prefix counts"),
        ), "Cloudflare's recommendations, not the leaking networks' post-mortem."),
    )
}  # fmt: skip


def names() -> list[str]:
    """The replays that have a casebook entry.

    >>> "dyn-ddos-2016" in names()
    True
    """
    return sorted(_ENTRIES)


def entry(replay: str) -> CaseEntry:
    """The casebook entry of a stored replay.

    Parameters
    ----------
    replay : str
        A name from :func:`names` (the stored scenario's name).

    Returns
    -------
    CaseEntry

    Raises
    ------
    TypeError
        If ``replay`` is not text.
    ValueError
        If ``replay`` is not a replay with an entry (with the closest names).

    Examples
    --------
    >>> entry("youtube-hijack-2008").keys
    ('prefix-filters', 'rpki')
    >>> entry(None)
    Traceback (most recent call last):
    ...
    TypeError: replay: got None; allowed: a replay's name, e.g. 'aws-dynamodb-dns-2025'
    """
    check_type("replay", replay, str, f"a replay's name, e.g. {names()[0]!r}")
    return _ENTRIES[check_choice("replay", replay, _ENTRIES)]


def announced(replay: str) -> list[Mitigation]:
    """The toy mitigations standing for what ``replay``'s post-mortem announced (empty when
    nothing announced has a toy equivalent); raises as :func:`entry`.

    >>> announced("facebook-withdrawal-2021")
    []
    """
    return entry(replay).mitigations()
