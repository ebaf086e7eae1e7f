"""What each replay's post-mortem announced, as the toy's mitigations (``labkit.casebook``).

Every expectation is derived here from the casebook row quoted beside it (the "Mitigations
announced" or "Mitigations / lessons" row of ``/work/shared/casebook/outages.md``, bold marks
dropped), and from the catalogue's own description of each mitigation:

- staged-rollout: "config pushes go canary first, with a health gate"
- retry-backoff: "clients retry with exponential backoff and jitter"
- secondary-dns: "a second DNS provider serves the apps' names"
- prefix-filters: "transit networks accept only registered prefixes"
- rpki: "transit networks drop routes whose origin is not signed"
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import labkit
from labkit import casebook, scenarios
from labkit.casebook import AnnouncedFix, CaseEntry

OUTAGES = Path(__file__).resolve().parents[2] / "shared" / "casebook" / "outages.md"

# replay -> (casebook section, the row quoted (bold dropped), expected keys, expected bases)
ROWS = {
    # §1: safeguards in an operator tool and cells inside the index subsystem: the toy has
    # neither an operator tool nor cells in a region -> no key.
    "aws-s3-2017": ("casebook §1", (
        "The tool was changed to remove capacity more slowly, with safeguards that block "
        "removal when it would take any subsystem below its minimum required capacity. Other "
        "operational tools are being audited for similar checks. Planned partitioning of the "
        "index subsystem into smaller cells was re-prioritized to start immediately."
    ), (), set()),
    # §2: "automation disabled" has no toy automation; "throttling controls … for the EC2
    # recovery workflow" limits load on a recovering service, which in the toy only clients'
    # backoff does -> retry-backoff, but as our reading (inference), not AWS's words.
    "aws-dynamodb-dns-2025": ("casebook §2", (
        "DynamoDB DNS Planner and Enactor automation disabled worldwide until the race is fixed "
        "and extra protections are added (stop incorrect or stale plans being applied). "
        "Protective checks, throttling controls, and expanded test suites (for the EC2 recovery "
        "workflow)."
    ), ("retry-backoff",), {"inference"}),
    # §3: auto-scaling disabled, a support system across regions: the toy has neither.
    "aws-network-congestion-2021": ("casebook §3", (
        "The automated scaling activity was disabled until a remediation is deployed. A new "
        "support system architecture that runs actively across multiple AWS regions."
    ), (), set()),
    # §4: "The specific action items are unsourced here." -> nothing to model.
    "facebook-withdrawal-2021": ("casebook §4", (
        "The post-mortem's lessons and \"storm\" drills were not retrieved verbatim. The "
        "specific action items are unsourced here."
    ), (), set()),
    # §5: a bug fix and "improve remediation time": no staging is announced -> no key.
    "fastly-config-2021": ("casebook §5", (
        "Deploy the bug fix across the network \"as quickly and safely as possible\". A complete "
        "post-mortem of processes. Find out why QA and testing missed the bug. Evaluate ways to "
        "improve remediation time."
    ), (), set()),
    # §6: "Staggered deployment … starting with a canary and widening gradually" is the
    # catalogue's "canary first, with a health gate" -> staged-rollout, announced.
    "crowdstrike-agent-2024": ("casebook §6", (
        "Staggered deployment of Rapid Response Content, starting with a canary and widening "
        "gradually. Better monitoring of sensor and system performance during rollout. Customer "
        "control over when content is delivered, plus notifications. More Content Validator "
        "checks. Better error handling in the Content Interpreter. Local developer, "
        "update/rollback, stress, fuzzing, fault-injection and stability testing. Independent "
        "third-party code reviews. In the RCA: compile-time input-count validation and runtime "
        "bounds checks."
    ), ("staged-rollout",), {"announced"}),
    # §7: the action list is "unsourced here, though it follows directly from factors 2–11";
    # factor (5) "the SOP allowed a non-emergency rule to go global without a staged rollout"
    # -> staged-rollout, as inference.
    "cloudflare-waf-2019": ("casebook §7", (
        "(2) a protection against excessive regex CPU use had been removed by mistake in a WAF "
        "refactor weeks earlier; … (5) the SOP allowed a non-emergency rule to go global "
        "without a staged rollout;"
    ), ("staged-rollout",), {"inference"}),
    # §8: Dyn's own remediation ("response plans" with other providers) has no toy equivalent;
    # "Sites that used only Dyn … had no fallback (inference; not a Dyn statement)" -> a second
    # DNS provider, marked inference.
    "dyn-ddos-2016": ("casebook §8", (
        "Dyn said it was working with other internet infrastructure providers on response "
        "plans. Sites that used only Dyn for authoritative DNS had no fallback (inference; not a "
        "Dyn statement)."
    ), ("secondary-dns",), {"inference"}),
    # §9: "Upstream prefix filtering … (PCCW), and later route-origin validation (RPKI). These
    # are community lessons" -> prefix-filters and rpki, both "lesson".
    "youtube-hijack-2008": ("casebook §9", (
        "Upstream prefix filtering of customer announcements (PCCW), and later route-origin "
        "validation (RPKI). These are community lessons, not an operator post-mortem."
    ), ("prefix-filters", "rpki"), {"lesson"}),
    # §10: "propagate incrementally with time to validate" is a staged rollout; "randomized
    # backoff" is retry-backoff; "fails open" has no toy switch. Both announced.
    "gcp-service-control-2025": ("casebook §10", (
        "Modularize Service Control so it fails open. Audit systems that consume globally "
        "replicated data and make such data propagate incrementally with time to validate. "
        "Feature-flag protection. Better error handling, randomized backoff, and external "
        "communications."
    ), ("staged-rollout", "retry-backoff"), {"announced"}),
    # §11a: "Cloudflare's recommendations: IRR-based filtering of customer routes, RPKI origin
    # validation …, max-prefix limits" -> prefix-filters, rpki (lessons); max-prefix: none.
    "verizon-leak-2019": ("casebook §11a", (
        "IRR-based filtering of customer routes, RPKI origin validation (strict max-length "
        "would have invalidated the /21s), max-prefix limits on sessions"
    ), ("prefix-filters", "rpki"), {"lesson"}),
}  # fmt: skip


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def test_every_replay_with_a_record_has_an_entry():
    replays = {n for n in scenarios.names() if scenarios.info(n).record is not None}
    assert set(casebook.names()) == replays == set(ROWS)


@pytest.mark.parametrize("replay", sorted(ROWS))
def test_entry_is_derived_from_the_quoted_row(replay):
    section, row, keys, bases = ROWS[replay]
    e = casebook.entry(replay)
    assert e.replay == replay and e.section == section
    assert e.keys == keys
    assert {f.basis for f in e.fixes if f.mitigation} == bases
    for f in e.fixes:
        # every fix quotes the row (an ellipsis in the test's row stands for skipped factors)
        assert f.quote in row, f.quote
        assert f.why.strip()
    # the section's number is the replay's record section
    record = scenarios.info(replay).record
    assert record is not None and record.source.startswith(section + " ")


@pytest.mark.parametrize("replay", sorted(ROWS))
def test_quotes_are_in_the_casebook(replay):
    if not OUTAGES.exists():
        pytest.skip(f"casebook not found at {OUTAGES}")
    text = _words(OUTAGES.read_text(encoding="utf-8"))
    for f in casebook.entry(replay).fixes:
        assert _words(f.quote) in text, f.quote


@pytest.mark.parametrize("replay", sorted(ROWS))
def test_mitigations_are_catalogue_objects(replay):
    keys = ROWS[replay][2]
    built = casebook.announced(replay)
    assert [labkit.CATALOGUE.of(m).key for m in built] == list(keys)
    assert all(isinstance(m, labkit.Mitigation) for m in built)


def test_a_fix_without_a_toy_equivalent_says_why():
    # §4: nothing sourced -> the entry's only fix has no key and a reason
    (fix,) = casebook.entry("facebook-withdrawal-2021").fixes
    assert fix.mitigation is None and fix.build() is None and "unsourced" in fix.quote


def test_entry_prints_quotes_and_keys():
    text = str(casebook.entry("crowdstrike-agent-2024"))
    assert text.startswith("crowdstrike-agent-2024 (casebook §6)")
    assert "→ staged-rollout:" in text and "no toy equivalent" in text


def test_unknown_replay_gets_did_you_mean():
    with pytest.raises(ValueError, match="Did you mean 'dyn-ddos-2016'"):
        casebook.entry("dyn-ddos")
    with pytest.raises(TypeError, match="replay"):
        casebook.announced(2016)


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"quote": "", "mitigation": None, "why": "x"}, "quote"),
        ({"quote": "q", "mitigation": "rpky", "why": "x"}, "mitigation"),
        ({"quote": "q", "mitigation": None, "why": "x", "basis": "rumour"}, "basis"),
        ({"quote": "q", "mitigation": None, "why": 3}, "why"),
    ],
)
def test_fix_rejects_bad_fields(kw, field):
    with pytest.raises((ValueError, TypeError), match=field):
        AnnouncedFix(**kw)


def test_entry_keys_drop_repeats():
    fix = AnnouncedFix("q", "rpki", "x")
    assert CaseEntry("r", "casebook §0", (fix, fix)).keys == ("rpki",)
