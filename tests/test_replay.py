"""Replays stand next to the record: each stored scenario that echoes a real outage carries the
casebook's UTC milestones (``/work/shared/casebook/outages.md``), the loader checks them, and a
replay is compared with them in numbers and in a figure.

Every expected time below is derived here from the casebook line quoted beside it.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from worlds import hm

import labkit
from labkit import scenarios
from labkit.figures import figure_summary, replay_figure
from labkit.replay import Record, ReplayComparison, compare

NET = labkit.build_internet()


# name -> (onset, root cause fixed, full recovery, casebook section), None where not given
EXPECTED = {
    # §2: "Start | **2025-10-20 06:48 UTC**"; "**Root cause fixed:** about 2h37m (06:48 → 09:25
    # UTC DNS restored)"; "**Whole event:** 06:48 → **21:20 UTC** (2:20 PM PDT) = **14h32m**"
    "aws-dynamodb-dns-2025": ("06:48", "09:25", "21:20", "§2 AWS us-east-1 (DynamoDB DNS)"),
    # §3: "Start | 2021-12-07 **15:30 UTC** (7:30 AM PST)"; "ThousandEyes saw … an API-failure
    # phase lasting 7+ h, **resolving about 00:44 UTC Dec 8**" (Dec 8 = day 2); "AWS's own time
    # for 'network devices fully recovered' … is **unsourced** here" (so no root-cause fix)
    "aws-network-congestion-2021": ("15:30", None, "day 2 00:44", "§3 AWS us-east-1"),
    # §7: "Start | 2019-07-02 **13:42 UTC**"; "**14:07 'global terminate' of the WAF** →
    # **14:09** traffic and CPU back to normal"
    "cloudflare-waf-2019": ("13:42", "14:07", "14:09", "§7 Cloudflare WAF regex"),
    # §6: "2024-07-19 **04:09 UTC**"; "**05:27 UTC** faulty content reverted"; "By **July 29,
    # 8 PM EDT** (July 30 00:00 UTC), about **99% of Windows sensors were back online**"
    # (July 30 is day 12 when July 19 is day 1)
    "crowdstrike-agent-2024": ("04:09", "05:27", "day 12 00:00", "§6 CrowdStrike"),
    # §8: "**11:10** attack 1 … → **about 17:00** mitigated → incident logged until **about
    # 17:45 UTC**" (the second wave's mitigation ends the attack); "Durations | About 2h10m
    # (wave 1) + about 1h10m (wave 2). The incident window was about 6h35m (11:10–17:45 UTC)":
    # the impact is the two waves, and 17:45 is when the log closed, not a time users were back
    # (no full recovery; see INCIDENT_CLOSED)
    "dyn-ddos-2016": ("11:10", "17:00", None, "§8 Dyn DNS DDoS"),
    # §4: "Start | 2021-10-04, about **15:39–15:40 UTC**"; "No separate 'root-cause fix vs long
    # tail' is published"; the end is "≈21:30–22:30 UTC, depending on the service" (no time)
    "facebook-withdrawal-2021": ("15:40", None, None, "§4 Facebook / Meta"),
    # §5: "09:47 onset · … · 10:27 customer configuration identified · 10:36 services begin
    # recovering · 11:00 majority recovered · 12:35 incident mitigated"
    "fastly-config-2021": ("09:47", "10:36", "12:35", "§5 Fastly"),
    # §10: "The status page gives onset at **17:49–17:51 UTC**"; "Root-cause mitigation about
    # 40 min (most regions). Regional long tail about 2h40m (us-central1)": 17:49 + 40 min and
    # 17:49 + 2h40m
    "gcp-service-control-2025": ("17:49", "18:29", "20:29", "§10 Google Cloud Service Control"),
    # §1: "Start | 2017-02-28 **17:37 UTC**"; "21:54 UTC (1:54 PM PST): placement recovered and
    # 'S3 was operating normally'"; "AWS gives no single end time for dependent services"
    "aws-s3-2017": ("17:37", "21:54", None, "§1 AWS S3 us-east-1"),
    # §11a: "2019-06-24 **10:30 UTC** (Cloudflare)"; "ended about **12:37–12:39 UTC**"; K3:
    # "leak finished about 12:39 UTC" (no fix time apart from the end)
    "verizon-leak-2019": ("10:30", None, "12:39", "§11a Verizon / DQE BGP route leak"),
    # §9: "2008-02-24 **18:47 UTC**"; "**21:01** PCCW withdraws PT's prefixes, ending the hijack"
    "youtube-hijack-2008": ("18:47", "21:01", None, "§9 Pakistan Telecom / YouTube"),
}

#: name -> when the incident log closed, where the casebook gives that instead of a recovery
INCIDENT_CLOSED = {"dyn-ddos-2016": "17:45"}  # §8: "incident logged until **about 17:45 UTC**"


#: Stored scenarios that replay no real outage: stylised for the lessons, with no record.
STYLISED = {"nimbus-us-east-outage"}


def test_every_stored_scenario_has_its_record():
    assert sorted(EXPECTED.keys() | STYLISED) == scenarios.names()
    for name in STYLISED:
        meta = scenarios.info(name)
        assert meta.record is None and "no single real outage" in meta.echoes
        assert "S3" not in meta.title and "aws-s3-2017" in meta.echoes  # points to the replay


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_record_times_come_from_the_casebook(name):
    onset, fixed, back, section = EXPECTED[name]
    rec = scenarios.info(name).record
    assert isinstance(rec, Record)
    assert rec.onset == hm(onset)
    assert rec.root_cause_fixed == (hm(fixed) if fixed else None)
    assert rec.full_recovery == (hm(back) if back else None)
    closed = INCIDENT_CLOSED.get(name)
    assert rec.incident_closed == (hm(closed) if closed else None)
    assert rec.source.startswith(f"casebook {section}")
    assert rec.notes  # every record says where each time comes from or why one is missing


@pytest.mark.parametrize("name", ["aws-network-congestion-2021", "cloudflare-waf-2019",
                                  "gcp-service-control-2025"])  # fmt: skip
def test_new_replays_say_what_the_toy_leaves_out_and_start_at_the_record(name):
    meta = scenarios.info(name)
    assert "leaves out" in meta.notes
    assert "http" in meta.source and meta.echoes
    t = labkit.simulate(NET, scenarios.load(name))
    c = compare(t, meta.record)
    assert c.model_onset == meta.record.onset  # the failures start at the documented onset
    assert c.recovered


def test_new_replays_use_the_documented_times_as_their_failures():
    # §7: "13:42 deploy … **14:07 'global terminate' of the WAF**": reverted after 25 minutes
    (push,) = scenarios.load("cloudflare-waf-2019").failures
    assert (push.fleet, push.effect, push.start_min, push.revert_after) == (
        "edgefast", "cpu", hm("13:42"), hm("14:07") - hm("13:42"))  # fmt: skip
    # §10: a crash-looping control service everywhere, mitigated after "about 40 min", and one
    # region's database overloaded by restarting tasks "up to about 2h40m" after onset
    push, tail = scenarios.load("gcp-service-control-2025").failures
    assert (push.fleet, push.effect, push.start_min, push.revert_after) == (
        "nimbus-compute", "crash", hm("17:49"), 40)  # fmt: skip
    assert (tail.blocks, tail.start_min, tail.fixed_min) == (("kv-db",), hm("17:49"),
                                                             hm("17:49") + 160)  # fmt: skip
    # §3: the status page's failover impaired from 15:30 to about 00:44 Dec 8; authorization
    # down until "page loads mostly normal by 16:50 UTC", then impaired through "an API-failure
    # phase lasting 7+ h, resolving about 00:44 UTC Dec 8"; running instances "could not be
    # changed or launched" for the whole window
    page, auth, api, machines = scenarios.load("aws-network-congestion-2021").failures
    assert (page.blocks, page.start_min, page.fixed_min) == (
        ("status-page",), hm("15:30"), hm("day 2 00:44"))  # fmt: skip
    assert (auth.blocks, auth.start_min, auth.fixed_min) == (
        ("identity",), hm("15:30"), hm("16:50"))  # fmt: skip
    assert (api.blocks, api.start_min, api.fixed_min) == (
        ("identity",), hm("16:50"), hm("day 2 00:44"))  # fmt: skip
    assert (machines.blocks, machines.start_min, machines.fixed_min) == (
        ("compute",), hm("15:30"), hm("day 2 00:44"))  # fmt: skip
    assert isinstance(api, labkit.BlockImpairment) and isinstance(machines, labkit.BlockImpairment)


def test_the_new_replays_are_not_in_the_fixed_game_day():
    from labkit.chaos import GAME_DAY

    assert not {"aws-network-congestion-2021", "cloudflare-waf-2019",
                "gcp-service-control-2025"} & set(GAME_DAY)  # fmt: skip


# ---- the comparison ------------------------------------------------------------------------
def test_compare_dynamodb_replay():
    rec = scenarios.info("aws-dynamodb-dns-2025").record
    t = labkit.simulate(NET, scenarios.load("aws-dynamodb-dns-2025"))
    c = compare(t, rec)
    assert isinstance(c, ReplayComparison)
    assert c.model_full_recovery == t.full_recovery()
    # record tail: 09:25 → 21:20 (§2)
    assert c.record_tail == hm("21:20") - hm("09:25") == 715
    assert c.model_tail == t.full_recovery() - hm("09:25")
    assert c.tail_ratio == pytest.approx(c.model_tail / 715)
    text = str(c)
    assert "21:20" in text and "09:25" in text and "record" in text
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.tail_ratio = 1.0  # type: ignore[misc]


def test_compare_without_a_fix_time_has_no_ratio():
    rec = scenarios.info("verizon-leak-2019").record
    c = compare(labkit.simulate(NET, scenarios.load("verizon-leak-2019")), rec)
    assert c.tail_ratio is None and c.record_tail is None
    assert "not comparable" in str(c)


def test_compare_a_run_that_ends_before_recovery():
    s = labkit.Scenario([labkit.RegionOutage("nimbus-us-east", "08:00")])  # never fixed
    c = compare(labkit.simulate(NET, s), Record("test", 480, 600, 700))
    assert c.model_onset == 480
    assert (c.model_full_recovery, c.recovered, c.tail_ratio) == (None, False, None)
    assert "not back" in str(c) and "not back by the run's end" in c.headline


def test_compare_with_no_failure():
    c = compare(labkit.simulate(NET, labkit.Scenario()), Record("test", 480))
    assert c.model_onset is None and c.model_full_recovery is None
    assert c.headline.startswith("Model: no app is hurt")


# ---- the record's checks -------------------------------------------------------------------
GOOD = {"onset": "13:42", "root_cause_fixed": "14:07", "full_recovery": "14:09",
        "source": "casebook §7 Cloudflare WAF regex — 2019-07-02"}  # fmt: skip


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (
            {"onset_time": "13:42"},
            r"mine.json: record field: unknown value 'onset_time'\. Did you "
            r"mean 'onset'",
        ),  # fmt: skip
        ({"onset": "13.42"}, r"mine.json: record.onset: got '13.42'"),
        ({"onset": 822}, r"mine.json: record.onset: got 822"),
        ({"full_recovery": "25:00"}, r"mine.json: record.full_recovery: got '25:00'"),
        (
            {"root_cause_fixed": "13:00"},
            r"mine.json: record.root_cause_fixed: got 780 \(13:00\), "
            r"which is before onset \(13:42\)",
        ),  # fmt: skip
        ({"full_recovery": "14:00"}, r"record.full_recovery: .*before root_cause_fixed"),
        ({"source": ""}, r"mine.json: record.source: got ''"),
        ({"source": None}, r"mine.json: record.source: got None"),
        ({"notes": 3}, r"mine.json: record.notes: got 3"),
    ],
)
def test_bad_records_name_the_file_and_the_field(patch, message):
    data = {**GOOD, **patch}
    if "onset_time" in patch:
        del data["onset"]
    with pytest.raises(ValueError, match=message):
        Record.from_dict(data, "mine.json")


def test_a_record_needs_a_source_and_an_onset():
    with pytest.raises(ValueError, match=r"mine.json: record.source: missing"):
        Record.from_dict({"onset": "13:42"}, "mine.json")
    with pytest.raises(ValueError, match=r"mine.json: record.onset: missing"):
        Record.from_dict({"source": "casebook §7"}, "mine.json")
    with pytest.raises(ValueError, match=r"mine.json: record: got \['13:42'\]"):
        Record.from_dict(["13:42"], "mine.json")


def test_a_bad_record_stops_the_file_loading(tmp_path):
    path = tmp_path / "bad.json"
    record = {**GOOD, "onset": "day 0 13:42"}
    text = {"title": "t", "echoes": "e", "source": "s", "mechanism": "m", "record": record}
    path.write_text(json.dumps(text))
    for fn in (scenarios.load_file, scenarios.info_file):
        with pytest.raises(ValueError, match=r"bad.json: record.onset: got 'day 0 13:42'"):
            fn(path)


def test_day_two_times_and_partial_records():
    rec = Record.from_dict({"onset": "15:30", "full_recovery": "day 2 00:44", "source": "s"})
    assert rec.milestones == {"onset": 930, "full_recovery": 1484}
    assert rec.labels == {"onset": "onset", "full_recovery": "full recovery"}
    assert rec.times()["full_recovery"] == "day 2 00:44"


# ---- the figure ----------------------------------------------------------------------------
def _fig(name):
    t = labkit.simulate(NET, scenarios.load(name))
    return t, replay_figure(t, scenarios.info(name).record)


def test_replay_figure_draws_impact_and_labelled_milestones():
    t, fig = _fig("cloudflare-waf-2019")
    assert [tr.name for tr in fig.data] == list(labkit.CATEGORIES)
    xs = [s.x0 for s in fig.layout.shapes]
    # §7 milestones 13:42, 14:07, 14:09, then the model's own full recovery
    assert xs[:3] == [hm("13:42") / 60, hm("14:07") / 60, hm("14:09") / 60]
    assert xs[3] == t.full_recovery() / 60
    texts = [a.text for a in fig.layout.annotations]
    assert texts[:3] == ["record: onset 13:42", "record: root cause fixed 14:07",
                         "record: full recovery 14:09"]  # fmt: skip
    dashes = {s.line.dash for s in fig.layout.shapes}
    assert len(dashes) == len(fig.layout.shapes)  # each line also differs by its dash
    assert fig.layout.title.text.replace("<br>", " ").startswith("Model: back 14:09; record: 14:09")
    assert "casebook §7" in figure_summary(fig)
    assert fig.layout.font.size >= 16


def test_replay_figure_draws_an_incidents_close_as_its_own_milestone():
    """Dyn (casebook §8): onset 11:10, mitigated about 17:00, "incident logged until about
    17:45 UTC" (no full recovery). The figure draws the close as a labelled line of its own
    colour and dash, and the title says the model is back before it."""
    t, fig = _fig("dyn-ddos-2016")
    texts = [a.text for a in fig.layout.annotations]
    assert texts[:3] == ["record: onset 11:10", "record: root cause fixed 17:00",
                         "record: incident closed 17:45"]  # fmt: skip
    assert [s.x0 for s in fig.layout.shapes][2] == hm("17:45") / 60
    assert len({s.line.dash for s in fig.layout.shapes}) == len(fig.layout.shapes)
    title = fig.layout.title.text.replace("<br>", " ")
    assert "only the incident's close at 17:45, and the model is back by it" in title


def _closed(**times):
    return Record("casebook §8", **{"onset": 670, "incident_closed": 1065, **times})


@pytest.mark.parametrize(
    ("record", "onset", "back", "expect", "verdict"),
    [
        # fix 17:00, close 17:45: back at 17:15 lies between them
        (_closed(root_cause_fixed=1020), 671, 1035, True, "the model is back by it"),
        # back exactly at the close still counts as back by it
        (_closed(root_cause_fixed=1020), 671, 1065, True, "the model is back by it"),
        # back at 17:50, five minutes after the close
        (_closed(root_cause_fixed=1020), 671, 1070, False, "the model is not back by then"),
        # back at 16:59, before the record's fix at 17:00
        (_closed(root_cause_fixed=1020), 671, 1019, False, "back even before the record's root"),
        # no fix in the record: measured from the onset, 11:10
        (_closed(), 671, 1035, True, "the model is back by it"),
        (_closed(), 600, 669, False, "back even before the record's onset"),
        # the model never comes back, or no app is hurt at all
        (_closed(root_cause_fixed=1020), 671, None, None, "not back by the run's end"),
        (_closed(root_cause_fixed=1020), None, None, None, "in the model no app is hurt"),
    ],
)
def test_a_record_with_only_the_incidents_close_checks_the_model_is_back_by_it(
    record, onset, back, expect, verdict
):
    tail = None if back is None or record.root_cause_fixed is None else back - 1020
    recovered = not (onset is not None and back is None)
    c = ReplayComparison(record, onset, back, recovered, tail, None, None)
    assert c.back_before_close is expect
    assert verdict in c.headline and verdict in str(c)
    assert "incident's close at 17:45" in c.headline and "incident closed" in str(c)
    assert c.tail_ratio is None and "not comparable" in str(c)


def test_replay_figure_says_which_milestones_fall_after_the_run():
    name = "crowdstrike-agent-2024"  # full recovery on day 12; cut the run to 10 days
    s = dataclasses.replace(scenarios.load(name), minutes=10 * 1440)
    t = labkit.simulate(NET, s)
    fig = replay_figure(t, scenarios.info(name).record)
    assert "After the run's end: record: full recovery day 12 00:00" in figure_summary(fig)
    assert len(fig.layout.shapes) == 3  # onset, fix, the model's recovery (day 10 05:27)


def test_replay_figure_checks_its_arguments():
    t, _ = _fig("cloudflare-waf-2019")
    rec = scenarios.info("cloudflare-waf-2019").record
    with pytest.raises(TypeError, match="timeline"):
        replay_figure(NET, rec)
    with pytest.raises(TypeError, match="record"):
        replay_figure(t, {"onset": "13:42"})
    with pytest.raises(ValueError, match="height"):
        replay_figure(t, rec, height=0)
