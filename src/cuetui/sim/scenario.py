"""Scenario knobs and the `small` and `large` presets.

The `small` preset (the default; seed 7 unless told) is what the TUI's tests run against.
Whatever the seed, after 0 ticks it holds these **anchor** entities (names are fixed, ids are
uuid5 of the seed and the name, so they are stable for a seed; `farm.anchors` maps the
anchor key to the entity id):

Shows `testing`, `pipeline`, `aurora` (facility `local`; allocations `local.general`,
`local.desktop`, `local.gpu` and the empty `cloud.general`; every show subscribes to
`local.general` and `local.gpu`, `testing` also to `local.desktop`). Each show has a root
group named after it with department sub-groups.

Jobs (`farm.anchors[key]` -> job id):
- `failing`  `testing-sh010-jsmith_fx_sim_v012`: layer `sim` (frames 1-10): frames 1-4
  SUCCEEDED, 5-7 DEAD (exitStatus 1, retryCount 3 = the job's max retries), 8-10 RUNNING
  (booked at tick 0). Two comments (`hasComment` true). Its frames fail 90% of their runs,
  so more of them die as ticks go by.
- `paused`   `testing-sh020-mchen_lighting_v004`: `isPaused` true, layer `beauty` 1-20,
  frames 1-5 SUCCEEDED, 6-20 WAITING; never dispatched while paused.
- `depend`   `testing-sh030-arojas_comp_v002`: layer `render` (1-10: 1-3 SUCCEEDED, rest
  WAITING/RUNNING) and layer `comp` (1-10, all DEPEND on `render` through a LAYER_ON_LAYER
  depend; they become WAITING when `render` completes).
- `running`  `pipeline-sh100-kwong_anim_playblast_v007`: priority 200, layer `playblast`
  1-40, several frames RUNNING on `render-*` hosts at tick 0. One comment.
- `checkpoint` `aurora-sh200-mchen_fx_sim_v003`: layer `sim` 1-8 with checkpointing on
  (checkpointState ENABLED): frames 1-2 SUCCEEDED, frame 3 CHECKPOINT (COPYING, exitStatus
  299: `render-0014` went down 70 s into its run), the rest WAITING/RUNNING. Its copy
  completes 90 s after tick 0: checkpointCount 1, WAITING, and its next run lasts only the
  60 s it had left.
- `finished` `testing-sh005-jsmith_layout_v001`: FINISHED (only with includeFinished).
Plus about 20 random pending jobs (names `<show>-<shot>-<user>_<task>_v<NNN>`) and 2 more
finished ones.

Hosts (24): `render-0001`..`render-0016` in `local.general` (16 cores, 64 GB), of which
`render-0014` is DOWN, `render-0015` is LOCKED and `render-0016` is REPAIR (these three
never change by themselves); `ws-jsmith`, `ws-mchen`, `ws-arojas`, `ws-kwong` in
`local.desktop` (`ws-kwong` is NIMBY_LOCKED); `gpu-0001`..`gpu-0004` in `local.gpu` (2 GPUs).
Other hosts may go down and come back as ticks pass (`host_down_rate`).

Also `farm.anchors`: `host_down`, `host_locked`, `host_repair` (host ids).

Time: one tick is `tick_seconds` (1) of farm time; `farm.now` is the farm's clock (epoch
seconds, starting at the wall clock unless an `epoch` is given). Frames run 20-180 s, so a
test that wants a frame to finish ticks a few hundred times (about 2.5 ms a tick). Running
frames are booked at tick 0 with their start backdated; newly booked frames are SETUP for
one tick, then RUNNING. A failed run goes back to WAITING with retryCount + 1 until it
reaches the job's max retries (3), then DEAD. A frame of a layer with checkpointing on (the
`checkpoint` anchor, and 1 in `checkpoint_share` houdini/arnold layers of random jobs) that
is killed or lost with its host after 10 s of work goes to CHECKPOINT (COPYING) for
`checkpoint_copy_seconds`, then WAITING with checkpointCount + 1, and resumes where it was.
Retrying a frame re-activates the satisfied depends on it and on its layer (Cuebot's
retryFrame), so the frames behind them wait again. GPU layers (`min_gpus` > 0) book GPU
memory on `gpu-*` hosts; running frames report GPU memory and GPU time, and the job and
layer stats add up GPU seconds. Kill, retry and eat act at once unless
`farm.defer_actions` is set (then on the next tick, as Cuebot queues them).

Signs of life: a running frame's `lluTime` is the tick its log last grew (every tick). A few
frames hang (`hang_at`): their log and `lluTime` stop and they run on until killed,
retried or timed out; at tick 0, 1.5% of the running frames of non-anchor jobs (at least
2) hung 30-90 min ago and 1% (at least 1) have run 8-15 times their layer's longest frame,
log alive; later, 1 run in 200 hangs part-way. Which frames, per seed, comes from their ids
(no rng draw), so the rest of the farm is as it was without them. A hung frame runs on
until its log has been silent for the LLU timeout (the layer's `timeoutLlu` minutes, else
`llu_timeout`, 2 hours): then, as Cuebot does, rqd kills it and it is retried (or dead at
max retries), freeing its host.

The `large` preset: 10 shows, 2,000 pending jobs, 5,000 hosts, and the job
`testing-sh999-render_wrangler_big_v001` (`farm.anchors["big"]`) of 20,000 frames; it
builds in about 2 s.

The `xlarge` preset, five times `large`: 10 shows, 10,000 pending jobs, 25,000 hosts in three
allocations (`local.general` 22,000, `local.gpu` 1,000, `cloud.general` 2,000, which every
show subscribes to), and the big job of 100,000 frames; farm events (arrivals, hosts going
down, dispatch per tick) scale with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Scenario:
    """Knobs for building and running a farm."""

    name: str = "small"
    shows: tuple[str, ...] = ("testing", "pipeline", "aurora")
    random_jobs: int = 20  # pending jobs beside the anchors
    finished_jobs: int = 2
    layers_per_job: tuple[int, int] = (1, 3)
    frames_per_layer: tuple[int, int] = (5, 30)
    general_hosts: int = 16
    gpu_hosts: int = 4
    cloud_hosts: int = 0  # in `cloud.general`, which every show then subscribes to
    desktop_users: tuple[str, ...] = ("jsmith", "mchen", "arojas", "kwong")
    host_cores: tuple[float, ...] = (16.0,)
    anchors: bool = True
    big_job_frames: int = 0
    run_seconds: tuple[int, int] = (20, 180)
    fail_rate: float = 0.05
    tick_seconds: int = 1
    arrival_rate: float = 0.02  # chance per tick that a new job is launched
    host_down_rate: float = 0.005  # chance per tick that an unpinned UP host goes down
    host_down_seconds: tuple[int, int] = (30, 120)
    max_dispatch_per_tick: int = 200
    log_every: int = 1  # a running frame's log grows every N ticks (0: only start/end)
    checkpoint_copy_seconds: int = 15  # how long a CHECKPOINT frame copies before WAITING
    checkpoint_share: int = 4  # 1 in N houdini/arnold layers of random jobs checkpoint
    llu_timeout: int = 7200  # seconds of log silence before a hung frame is killed (0: never)
    extra: dict[str, object] = field(default_factory=dict)

    def with_(self, **changes: object) -> Scenario:
        return replace(self, **changes)  # type: ignore[arg-type]


SMALL = Scenario()

LARGE = Scenario(
    name="large",
    shows=(
        "testing",
        "pipeline",
        "aurora",
        "borealis",
        "comet",
        "dune",
        "ember",
        "fjord",
        "glacier",
        "harbor",
    ),
    random_jobs=2000,
    finished_jobs=50,
    layers_per_job=(1, 2),
    frames_per_layer=(2, 10),
    general_hosts=4900,
    gpu_hosts=100,
    desktop_users=(),
    host_cores=(16.0, 32.0, 48.0),
    anchors=False,
    big_job_frames=20000,
    run_seconds=(60, 900),
    arrival_rate=0.2,
    host_down_rate=0.05,
    max_dispatch_per_tick=300,
    log_every=0,
)

XLARGE = LARGE.with_(
    name="xlarge",
    random_jobs=10000,
    finished_jobs=100,
    general_hosts=22000,
    gpu_hosts=1000,
    cloud_hosts=2000,
    big_job_frames=100000,
    arrival_rate=0.5,
    host_down_rate=0.2,
    max_dispatch_per_tick=1000,
)

PRESETS = {"small": SMALL, "large": LARGE, "xlarge": XLARGE}


def get_scenario(name: str) -> Scenario:
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown scenario {name!r}: choose from {', '.join(PRESETS)}") from None
