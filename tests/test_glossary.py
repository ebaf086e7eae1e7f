"""Every term a learner meets is in the glossary (``notebooks/glossary.md``).

The rule, precisely:

1. **Bold in a lesson.** Every ``**bold**`` span in the markdown of a numbered lesson
   (``notebooks/NN_*.ipynb``) is a glossary term, except spans that are not terms: a value the
   model produced (the span holds a digit: "**8**", "**16:53**", "**day 11 05:27**"); an
   instruction verb (the objectives' verbs and the Predict / Observe prompts, :data:`VERBS`);
   a question (ends with "?", the exercise's question); a template label (ends with ":", "Time
   to learn:"); the word "bold" itself (in "Words in **bold** are in the glossary"); the name
   of a thing in the toy world (a service or provider's display name, shown on the map and in
   ``describe()``); or a label of the dashboard (a string in ``labkit/widgets/dashboard.py``).
2. **Legends.** Every legend entry of every figure the lessons build (the same calls, the same
   arguments) is a glossary term once counts and explanations in parentheses are removed
   ("origin (38 ASes)" → "origin"), except the labels a lesson passes in itself
   (:data:`LESSON_LABELS`).
3. **Checker messages.** In every message an exercise checker (and the prediction echo) gives
   for the lesson's starting answer, common wrong answers and the right one, every acronym
   (two or more capitals: TTL, GPU, SOA), every hyphenated lower-case word (user-hours,
   serve-stale) and every word of the trade in :data:`JARGON` that occurs is a glossary term,
   except names of things in the toy (component ids, networks, scenarios) and the few words
   in :data:`NOT_TERMS`.

A term matches a glossary entry when, lower-cased, it equals one of the entry's forms, or does
after dropping a plural "s"/"es" ("ies" → "y") or an adverb's "ly" from any of its words
("single points of failure" → "single point of failure", "softly" → "soft"). An entry
``**A (B / C)**`` has the forms "A (B / C)", "A", "B", "C", "A B", "B A", "A C", "C A"; an entry
``**A / B**`` the forms "A" and "B"; "also: " inside parentheses is dropped. A few terms are
matched to an entry by :data:`ALIASES`, each with its reason.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from pathlib import Path

import pytest

import labkit
from labkit import casebook, checks, costs, scenarios
from labkit.checks.predict import compare_prediction, write_first

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
GLOSSARY = NOTEBOOKS / "glossary.md"
LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))

#: Instructions, not terms: the learning objectives' verbs and the prompts of the
#: predict-observe cycle.
VERBS = {
    "calculate", "cause", "choose", "compare", "count", "describe", "design", "explain", "find",
    "inject", "measure", "observe", "pick", "predict", "rank", "read", "replay", "reproduce",
    "scale", "state", "test", "trace", "your turn",
}  # fmt: skip

#: term → glossary entry it is explained by, with the reason.
ALIASES = {
    # inflections the plural/adverb rule does not cover
    "rolls back": ("rollback", "the verb of the noun"),
    "bake": ("bake time", "the checkers say 'bakes' for the waves' bake times"),
    "customer and provider": ("customer / provider / peer", "two of the entry's three words"),
    "most specific": ("longest-prefix match", "the entry says 'also: most specific prefix'"),
    "retry-backoff": ("backoff with jitter", "the menu key of the mitigation the entry defines"),
    "staged-rollout": ("staged rollout", "the menu key of the mitigation"),
    "multi-region": ("multi-region / multi-cloud", "the menu key, the entry's first form"),
    "multi-cloud": ("multi-region / multi-cloud", "the menu key, the entry's second form"),
    "prefix-filters": ("prefix filter", "the menu key of the mitigation"),
    "secondary-dns": ("secondary DNS", "the menu key of the mitigation"),
    "local-fallback": ("local fallback", "the menu key of the mitigation"),
    "status-page": ("status page", "the building block's id and the menu key"),
    "load-balancer": ("load balancer", "the building block's id"),
    "kv-db": ("building block", "the id of the key-value database, a building block"),
    "object-storage": ("building block", "the id of a building block"),
    # legend entries
    "global": ("global push", "lesson 04 names the push strategies 'global' and 'staged'"),
    "staged": ("staged rollout", "lesson 04 names the push strategies 'global' and 'staged'"),
    "hard need": ("dependency (hard / soft)", "the chain figure's words for a hard dependency"),
    "soft need": ("dependency (hard / soft)", "the chain figure's words for a soft dependency"),
    "hijacker": ("hijack", "the network doing the hijack"),
    "rightful origin": ("origin (AS)", "the origin that holds the prefix"),
    "paths to origin": ("AS path", "the BGP map's AS paths that end at the origin"),
    "paths to hijacker": ("AS path", "the BGP map's AS paths that end at the hijacker"),
    "paths via the leak": ("AS path", "the BGP map's AS paths through the leaker"),
    "via-leak": ("route leak", "an AS whose path goes through the leaker"),
    "health gate halts": ("health gate", "the moment the health gate halts a rollout"),
    "wave starts": ("wave (rollout)", "the moment a rollout's next wave starts"),
    "runs there itself": ("region", "apps that run in the region itself"),
    "a failure starts": ("failure window", "the impact chart's line where the window opens"),
    "a failure is fixed": ("failure window", "the impact chart's line where the window closes"),
    "failure starts / is fixed": ("failure window", "the DNS figure's lines at both ends"),
    "every app fully back": ("recovery (full)", "the impact chart's line at full recovery"),
    "reach the rightful origin": ("origin (AS)", "the BGP map's ASes whose traffic gets there"),
    "reach the hijacker": ("hijack", "the BGP map's ASes whose traffic the hijack pulls away"),
    "a city's path to the rightful origin": ("AS path", "the BGP map's path from a city"),
    "a city's path to the hijacker": ("AS path", "the BGP map's path from a city"),
    "only through third parties": (
        "SaaS (third-party)",
        "apps that need the region only through a SaaS they call",
    ),  # fmt: skip
}

#: Legend entries that are labels the lesson passes in itself (named in its own prose).
LESSON_LABELS = {"TTL 60 s", "TTL 3600 s", "plain"}

#: Acronyms and hyphenated words in checker messages that are not terms.
NOT_TERMS = {
    "UTC",  # the time zone every record is in
    "AS",  # in "AS64500", a network's number, explained with AS
    "e.g.",
}


#: Words of the trade a checker may use that are neither acronyms nor hyphenated; each one that
#: occurs in a message (as a word, any case, plural too) must be in the glossary.
JARGON = (
    "backlog", "bake", "canary", "casebook", "cascade", "checkpoint", "credit", "failover",
    "health gate", "hijack", "hypothesis", "mitigation", "negative TTL", "prefix filter",
    "resolver", "rollback", "rollout", "route leak", "single point of failure", "steady state",
)  # fmt: skip


def _glossary_forms() -> dict[str, str]:
    """Every form of every glossary entry → the entry."""
    forms: dict[str, str] = {}
    for line in GLOSSARY.read_text().splitlines():
        m = re.match(r"^\| (\*\*.+?) \| ", line)
        if not m:
            continue
        key = m.group(1).replace("**", "").strip()
        out = {key}
        head, _, rest = key.partition(" (")
        inner = rest.rstrip(")").replace("also: ", "") if rest else ""
        heads = [h.strip() for h in head.split(" / ")]
        alts = [a.strip() for a in re.split(r" / |, ", inner) if a.strip()]
        out.update(heads)
        out.update(alts)
        for h, a in itertools.product(heads, alts):
            out.update({f"{h} {a}", f"{a} {h}"})
        for f in out:
            forms[_norm(f)] = key
    return forms


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "").strip().lower())


def _word_forms(word: str) -> set[str]:
    out = {word}
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        out.add(word[:-1])
    if word.endswith("ly"):
        out.add(word[:-2])
    return out


def in_glossary(term: str) -> bool:
    forms = GLOSSARY_FORMS
    t = _norm(term)
    if t in ALIASES:
        target = _norm(ALIASES[t][0])
        assert target in forms, f"alias {term!r} → {ALIASES[t][0]!r}, which is not in the glossary"
        return True
    words = t.replace("-", " ").split(" ") if t not in forms and "-" in t else t.split(" ")
    return t in forms or any(
        " ".join(c) in forms for c in itertools.product(*map(_word_forms, words))
    )


GLOSSARY_FORMS = _glossary_forms()


@functools.cache
def net() -> labkit.Internet:
    return labkit.build_internet(seed=0)


@functools.cache
def toy_names() -> set[str]:
    """Names of things in the toy world: services, providers, components, networks, cities."""
    from labkit.mechanisms.bgp import placement

    n = net()
    names = {s.name for s in n.services.values()} | {p.name for p in n.providers.values()}
    names |= set(n.graph.nodes) | set(n.regions) | set(scenarios.names())
    ases = placement(n).graph
    names |= {a.name for a in ases.ases.values()}
    return {_norm(x) for x in names}


def _dashboard_labels() -> str:
    return (ROOT / "labkit" / "widgets" / "dashboard.py").read_text()


def _bold_spans(path: Path) -> list[str]:
    nb = json.loads(path.read_text())
    spans = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            spans += [s for s in re.findall(r"\*\*([^*]+?)\*\*", text)]
    return spans


def _not_a_term(span: str) -> bool:
    s = _norm(span)
    return (
        bool(re.search(r"\d", s))
        or s in VERBS
        or s.endswith("?")
        or s.endswith(":")
        or s == "bold"
        or s in toy_names()
        or span.strip() in _dashboard_labels()
    )


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_bold_term_of_a_lesson_is_in_the_glossary(path):
    missing = sorted({s for s in _bold_spans(path) if not _not_a_term(s) and not in_glossary(s)})
    assert not missing, f"{path.name}: bold but not in glossary.md: {missing}"


def test_the_rule_is_not_vacuous():
    # a made-up term fails, plurals and the "A (B / C)" forms pass
    assert not in_glossary("flux capacitor")
    assert in_glossary("single points of failure")
    assert in_glossary("hard dependency") and in_glossary("softly")
    assert in_glossary("recursive resolver") and in_glossary("NXDOMAIN")
    spans = [s for p in LESSONS for s in _bold_spans(p)]
    terms = [s for s in spans if not _not_a_term(s)]
    assert len(terms) > 100, len(terms)


@functools.cache
def lesson_figures() -> dict[str, object]:
    """The figures the lessons build, with the lessons' arguments."""
    from labkit.figures import (
        bgp_route_map,
        dependency_chain,
        dns_expiry_figure,
        impact_figure,
        internet_map,
        region_concentration,
        replay_figure,
        rollout_waves_figure,
    )
    from labkit.mechanisms.bgp import placement
    from labkit.mechanisms.dns import DNSFailure, resolve_timeline, toy_dns
    from labkit.mechanisms.rollout import ConfigVersion, GlobalPush, StagedPush, push, toy_fleets

    n = net()
    day = labkit.simulate(
        n, labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])
    )
    world = toy_dns(n)
    aws = scenarios.load("aws-dynamodb-dns-2025")
    dns_part = [f for f in aws.failures if isinstance(f, DNSFailure)]
    name = "db.us-east.nimbus"
    tl = resolve_timeline(world, dns_part)
    slow = resolve_timeline(world.with_ttl(3600, [name]), dns_part)
    ddos = scenarios.load("dyn-ddos-2016").failures
    place = placement(n)
    hijack = scenarios.load("youtube-hijack-2008").failures[0].event(place)
    fleet = toy_fleets(n)["edgefast"]
    bad = ConfigVersion("v2", effect="crash")
    return {
        "00 internet_map": internet_map(labkit.simulate(n, labkit.Scenario()), "09:00"),
        "00 impact_figure": impact_figure(day, "09:00"),
        "01 region_concentration": region_concentration(n),
        "01 dependency_chain": dependency_chain(n, "shopfast"),
        "02 dns_expiry_figure": dns_expiry_figure(tl, name),
        "02 dns_expiry_figure ttl": dns_expiry_figure(
            tl, name, compare=slow, labels=("TTL 60 s", "TTL 3600 s")
        ),
        "02 dns_expiry_figure stale": dns_expiry_figure(
            resolve_timeline(world, ddos),
            "shopfast.example",
            compare=resolve_timeline(world, ddos, serve_stale=True),
            labels=("plain", "serve-stale"),
        ),
        "03 bgp_route_map": bgp_route_map(place.reach("streamflix")),
        "03 bgp_route_map hijack": bgp_route_map(place.reach("streamflix", [hijack])),
        "04 rollout_waves_figure": rollout_waves_figure(
            {
                "global": push(fleet, bad, GlobalPush(revert_after=49), "09:47"),
                "staged": push(fleet, bad, StagedPush(), "09:47"),
            }
        ),
        "07 replay_figure": replay_figure(
            labkit.simulate(n, aws), scenarios.info("aws-dynamodb-dns-2025").record
        ),
    }


FIGURES = [
    "00 internet_map", "00 impact_figure", "01 region_concentration", "01 dependency_chain",
    "02 dns_expiry_figure", "02 dns_expiry_figure ttl", "02 dns_expiry_figure stale",
    "03 bgp_route_map", "03 bgp_route_map hijack", "04 rollout_waves_figure", "07 replay_figure",
]  # fmt: skip


def test_every_figure_is_listed():
    assert sorted(FIGURES) == sorted(lesson_figures())


def _legend_terms(fig) -> set[str]:
    out = set()
    for trace in fig.data:
        if trace.showlegend is False or not trace.name:
            continue
        name = re.sub(r"\s*\([^)]*\)", "", trace.name).strip()
        if name and name not in LESSON_LABELS:
            out.add(name)
    return out


@pytest.mark.parametrize("figure", FIGURES)
def test_every_legend_entry_of_a_lesson_figure_is_in_the_glossary(figure):
    fig = lesson_figures()[figure]
    terms = _legend_terms(fig)
    missing = sorted(t for t in terms if not in_glossary(t))
    assert not missing, f"{figure}: legend entries not in glossary.md: {missing}"


def test_the_lesson_figures_have_legends():
    assert sum(len(_legend_terms(f)) for f in lesson_figures().values()) >= 20


@functools.cache
def checker_messages() -> list[str]:
    """What the checkers say to each lesson's starting answer, common wrong ones and the
    right one (worked out with the checkers' own helpers, not copied)."""
    n = net()
    day = labkit.simulate(
        n, labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00", "11:00")])
    )
    from labkit.mechanisms.dns import DNSFailure, toy_dns

    dns_part = [
        f for f in scenarios.load("aws-dynamodb-dns-2025").failures if isinstance(f, DNSFailure)
    ]
    slow = toy_dns(n).with_negative_ttl(3600, ["nimbus-dns"])
    name = "db.us-east.nimbus"
    leak = scenarios.load("verizon-leak-2019")
    back = checks.all_back_at(slow, dns_part, name)
    stoppers = [k for k, v in checks.lost_with_filter_at(n, leak).items() if v == 0][:1]
    redo = costs.progress_lost("08:00", every=150) * 768 / 60
    fb = [
        checks.check_prediction([], day, "09:00"),
        checks.check_prediction(["shopfast", "ticketdash"], day, "09:00"),
        checks.check_culprit("", day, "09:00"),
        checks.check_culprit("nimbus-us-east", day, "09:00"),
        checks.check_culprit("paywave", day, "09:00"),
        checks.check_culprit(checks.culprits(day, "09:00").most_common(1)[0][0], day, "09:00"),
        *(checks.check_most_fragile_app(a.id, n) for a in n.apps()),
        checks.check_most_fragile_app("", n),
        checks.check_back_at("", slow, dns_part, name),
        checks.check_back_at("10:25", slow, dns_part, name),
        checks.check_back_at(labkit.fmt_time(back), slow, dns_part, name),
        checks.check_leak_stopper("", n, leak),
        checks.check_leak_stopper("verizon", n, leak),
        checks.check_leak_stopper("atlas", n, leak),
        *(checks.check_leak_stopper(s, n, leak) for s in stoppers),
        checks.check_rollout_plan({"canary": 0.05, "bake": 15}, detect_delay=20),
        checks.check_rollout_plan({"canary": "5%", "bake": 20}, detect_delay=20),
        checks.check_rollout_plan({"canary": 0.05, "bake": 25}, detect_delay=20),
        checks.check_progress_lost(None, failure_at="08:00", every=150, gpus=768),
        checks.check_progress_lost(100, failure_at="08:00", every=150, gpus=768),
        checks.check_progress_lost(redo, failure_at="08:00", every=150, gpus=768),
        checks.check_design([], budget=60, hypothesis=None),
        checks.check_design(["retry-backoff"], budget=60, hypothesis=0.95),
        checks.check_design(["staged-rollout", "multi-region"], budget=60, hypothesis=0.97),
        checks.check_announced_fix([], "gcp-service-control-2025"),
        checks.check_announced_fix("none", "dyn-ddos-2016"),
        *(
            checks.check_announced_fix(list(casebook.entry(r).keys) or "none", r)
            for r in ("gcp-service-control-2025", "crowdstrike-agent-2024")
        ),
    ]
    echoes = [
        compare_prediction(None, 8, what="apps down"),
        compare_prediction(3, 8),
        write_first(),
    ]
    return [f.message for f in fb] + [e.message for e in echoes]


def _message_terms(text: str) -> set[str]:
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)  # quoted answers and names
    acronyms = set(re.findall(r"\b[A-Z]{2,}s?\b", text))
    hyphenated = set(re.findall(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])", text))
    jargon = {
        j
        for j in JARGON
        if re.search(rf"\b{re.escape(j)}s?\b", text.replace("points", "point"), re.I)
    }
    found = acronyms | hyphenated | jargon
    return {t for t in found if t not in NOT_TERMS and _norm(t) not in toy_names()}


def test_every_term_in_a_checker_message_is_in_the_glossary():
    messages = checker_messages()
    terms = set().union(*map(_message_terms, messages))
    missing = sorted(t for t in terms if not in_glossary(t))
    assert not missing, f"terms in checker messages not in glossary.md: {missing}"


def test_checker_messages_hold_terms():
    # the rule finds something to check: the messages do use acronyms and hyphenated terms
    terms = set().union(*map(_message_terms, checker_messages()))
    assert {"user-hours", "GPU", "TTL", "canary", "single point of failure"} <= terms, terms
