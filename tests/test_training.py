"""AI training jobs: stopped only by their region's compute, they lose the progress since the
last checkpoint and stand idle until compute and object storage are back. Every expected value
is worked out by hand in the comments."""

from __future__ import annotations

import pytest

import labkit
from labkit import Checkpointing, RegionOutage, RetryBackoff, Scenario, TrainingJob, simulate
from labkit.clock import parse_time
from labkit.training import interruptions, with_jobs

NET = labkit.build_internet()
MAIN = NET.main_region()


def hm(t):
    return parse_time("t", t)


def _job(**kw):
    return TrainingJob(**({"name": "job", "region": "r1", "gpus": 768} | kw))


def test_checkpoint_every_90_compute_down_08_to_11():
    # started 00:00, a checkpoint every 90 min: 01:30, 03:00, 04:30, 06:00, 07:30 (450), the
    # next due at 09:00. Compute is down 08:00-11:00: 08:00 - 07:30 = 30 min lost; it cannot
    # run for 3 h (180 min). GPU-hours: 768 x (180 + 30) / 60 = 2688.
    [i] = interruptions(_job(checkpoint_every=90), {"r1/compute": [(hm("08:00"), hm("11:00"))]})
    assert (i.at, i.last_checkpoint, i.progress_lost) == (hm("08:00"), hm("07:30"), 30)
    assert (i.restarted, i.idle_minutes) == (hm("11:00"), 180)
    assert i.gpu_hours_lost == 768 * 210 / 60 == 2688


def test_without_checkpoints_everything_since_the_start_is_lost():
    # three weeks of training before the run, no checkpoints: at 08:00 the job loses the
    # 3 x 7 x 1440 = 30240 minutes of those weeks plus the 480 minutes of today
    job = _job(ran_before=3 * 7 * 1440, checkpoint_every="none")
    assert job.every is None
    [i] = interruptions(job, {"r1/compute": [(480, 660)]})
    assert i.progress_lost == 30240 + 480
    assert i.last_checkpoint is None


def test_progress_before_the_run_counts_towards_the_checkpoints():
    # 100 min done before the run, a checkpoint every 60: the last was at progress 60, before
    # the run. Compute down at minute 10: progress 110, so 110 - 60 = 50 minutes are lost.
    [i] = interruptions(_job(ran_before=100, checkpoint_every=60), {"r1/compute": [(10, 20)]})
    assert (i.progress_lost, i.last_checkpoint) == (50, None)


def test_a_checkpoint_due_while_object_storage_is_down_is_missed():
    # every 90: 07:30 (minute 450) falls inside storage down 07:00-08:00, so the last saved is
    # 06:00; compute down at 08:00 loses 480 - 360 = 120 min instead of 30
    down = {"r1/object-storage": [(420, 480)], "r1/compute": [(480, 540)]}
    [i] = interruptions(_job(checkpoint_every=90), down)
    assert (i.last_checkpoint, i.progress_lost) == (360, 120)


def test_it_restarts_only_when_object_storage_is_back_too():
    # compute back at 09:00 but storage (checkpoints, data) only at 10:00: idle 08:00-10:00
    down = {"r1/compute": [(480, 540)], "r1/object-storage": [(480, 600)]}
    [i] = interruptions(_job(checkpoint_every=90), down)
    assert (i.restarted, i.idle_minutes) == (600, 120)


def test_after_a_restart_it_counts_from_the_checkpoint_it_went_back_to():
    # every 90, down 08:00-09:00: back to progress 450 at 09:00 (minute 540). The next
    # checkpoint is at progress 540, 90 minutes later: 10:30 (630). Down again at 10:40 (640):
    # 10 minutes lost, idle 640-700 = 60.
    down = {"r1/compute": [(480, 540), (640, 700)]}
    first, second = interruptions(_job(checkpoint_every=90), down)
    assert (first.progress_lost, first.idle_minutes) == (30, 60)
    assert (second.last_checkpoint, second.progress_lost, second.idle_minutes) == (630, 10, 60)


def test_a_job_that_never_gets_back_is_idle_until_the_end():
    [i] = interruptions(_job(checkpoint_every=90), {"r1/compute": [(480, 10**6)]}, minutes=600)
    assert (i.restarted, i.idle_minutes) == (None, 600 - 480)


def test_a_job_that_starts_after_the_outage_loses_nothing():
    assert interruptions(_job(started="12:00"), {"r1/compute": [(480, 660)]}) == []


def test_in_the_engine_a_compute_outage_stops_the_job_as_worked_out_by_hand():
    # the hand case above, now simulated: compute alone fails 08:00-11:00 in the job's region;
    # backoff keeps retries from overloading it after the fix, so it is down exactly then
    net = with_jobs(NET, [TrainingJob("j", MAIN, gpus=768, checkpoint_every=90)])
    s = Scenario([RegionOutage(MAIN, "08:00", "11:00", blocks=("compute",))], [RetryBackoff()])
    t = simulate(net, s)
    assert [(r.start, r.end) for r in t.rows(f"{MAIN}/compute") if r.state == "down"] == [
        (480, 660)
    ]
    [job] = t.training().jobs
    assert (job.progress_lost, job.idle_minutes, job.interruptions) == (30, 180, 1)
    assert job.gpu_hours_lost == 2688
    assert t.training_minutes_lost() == {"j": 30}
    assert t.impact_summary().gpu_hours_lost == 2688


def test_a_login_failure_stops_the_ai_app_but_not_the_training():
    # identity fails: SignOnce (which needs it) is down, so ChatMate (which needs SignOnce) is
    # down; compute only loses a soft need and keeps running the job
    s = Scenario([RegionOutage(MAIN, "08:00", "09:00", blocks=("identity",))], [RetryBackoff()])
    t = simulate(NET, s)
    assert t.state("chatmate", "08:30") == "down"
    assert t.state(f"{MAIN}/compute", "08:30") != "down"
    assert t.training_minutes_lost() == {}
    assert t.training().gpu_hours_lost == 0


def test_a_job_in_another_region_is_untouched():
    net = with_jobs(NET, [TrainingJob("far", "stratus-us-central")])
    t = simulate(net, Scenario([RegionOutage(MAIN, "08:00", "11:00")]))
    assert t.training_minutes_lost() == {}


def test_checkpointing_sets_every_jobs_interval_even_a_job_without_checkpoints():
    # a job without checkpoints loses all 480 minutes at 08:00; with Checkpointing(30) the
    # last checkpoint was at 08:00 itself (480 = 16 x 30): nothing lost
    net = with_jobs(NET, [TrainingJob("bare", MAIN, checkpoint_every="none")])
    out = RegionOutage(MAIN, "08:00", "11:00")
    assert simulate(net, Scenario([out])).training_minutes_lost() == {"bare": 480}
    saved = simulate(net, Scenario([out], [Checkpointing(30)]))
    assert saved.training_minutes_lost() == {}
    assert saved.world.training_jobs[0].every == 30


def test_the_default_world_runs_one_job_in_the_main_region():
    [job] = NET.training_jobs
    assert (job.region, job.gpus, job.every, job.start_min) == (MAIN, 512, 360, 0)


@pytest.mark.parametrize("none", ["none", None])
def test_none_is_a_valid_interval(none):
    assert _job(checkpoint_every=none).every is None
