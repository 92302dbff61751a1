"""Building a farm from a scenario: facilities, shows, hosts, jobs, and the anchors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opencue_proto import (
    comment_pb2,
    facility_pb2,
    host_pb2,
    job_pb2,
    limit_pb2,
    service_pb2,
    show_pb2,
    subscription_pb2,
)

from cuetui.sim import model as m
from cuetui.sim.launch import (
    DEPARTMENTS,
    GB,
    add_comment,
    depend_layer_on_layer,
    enable_checkpoints,
    launch_random_job,
    new_job,
    settle,
    settle_checkpoint,
)

if TYPE_CHECKING:
    from cuetui.sim.farm import SimulatedFarm

ALLOCS = (("local", "general"), ("local", "desktop"), ("local", "gpu"), ("cloud", "general"))


def build_farm(farm: SimulatedFarm) -> None:
    sc = farm.scenario
    if farm.logs is not None:
        farm.logs.defer = True
        farm.logs.log_every = sc.log_every
    _build_static(farm)
    _build_hosts(farm)
    for name in sc.shows:
        _build_show(farm, name)
    if sc.anchors:
        _build_anchors(farm)
    if sc.big_job_frames:
        job = new_job(
            farm,
            "testing",
            "sh999",
            "render",
            "wrangler_big",
            1,
            [("render", sc.big_job_frames, m.job_pb2.LayerType.RENDER)],
            priority=50,
        )
        farm.anchors["big"] = job.msg.id
    rng = farm.rng
    show_names = list(sc.shows)
    for i in range(sc.random_jobs):
        launch_random_job(farm, show=show_names[i % len(show_names)], progress=rng.random())
    for i in range(sc.finished_jobs):
        job = launch_random_job(farm, show=show_names[i % len(show_names)], progress=1.0)
        for frame in job.frames:
            if frame.msg.state != m.SUCCEEDED:
                farm.set_state(frame, m.SUCCEEDED)
        farm.finish_job(job)
        job.msg.stop_time = farm.now - rng.randint(600, 7200)
    _initial_dispatch(farm)
    _troubled_frames(farm)
    from cuetui.sim.svc_filter import seed_filters

    seed_filters(farm)  # after the jobs: the filters do not touch them
    for frame in farm.frames.values():
        frame.changed = farm.now - 120  # the past is older than any client's lastCheck
    for job in farm.jobs.values():
        _backdate(farm, job)
    if farm.logs is not None:
        farm.logs.defer = False
        if farm.logs.pending <= 1000:
            farm.logs.flush(farm)  # else SimHarness writes them in the background


def _build_static(farm: SimulatedFarm) -> None:
    for fac_name in ("local", "cloud"):
        fac = m.Facility(facility_pb2.Facility(id=farm.new_id("facility", fac_name), name=fac_name))
        farm.facilities[fac.msg.id] = fac
    by_name = {f.msg.name: f for f in farm.facilities.values()}
    for fac_name, tag in ALLOCS:
        name = f"{fac_name}.{tag}"
        alloc = m.Alloc(
            facility_pb2.Allocation(
                id=farm.new_id("alloc", name),
                name=name,
                tag=tag,
                facility=fac_name,
                billable=fac_name == "cloud",
            ),
            by_name[fac_name],
        )
        farm.allocs[alloc.msg.id] = alloc
    for name, value in (("arnold", 400), ("nuke", 60), ("houdini", 80)):
        lim = limit_pb2.Limit(id=farm.new_id("limit", name), name=name, max_value=value)
        farm.limits[lim.id] = lim
    for name, cores, mem in (
        ("default", 100, 3 * GB),
        ("arnold", 400, 8 * GB),
        ("nuke", 200, 4 * GB),
        ("houdini", 800, 16 * GB),
        ("maya", 100, 4 * GB),
        ("shell", 100, GB),
    ):
        svc = service_pb2.Service(
            id=farm.new_id("service", name),
            name=name,
            threadable=name in ("arnold", "houdini"),
            min_cores=cores,
            max_cores=0,
            min_memory=mem,
            min_gpu_memory=0,
            tags=["general"],
            timeout=0,
            timeout_llu=0,
            min_gpus=0,
            max_gpus=0,
            min_memory_increase=2 * GB,
        )
        farm.services[svc.id] = svc


def _alloc(farm: SimulatedFarm, name: str) -> m.Alloc:
    return farm.allocs[farm.new_id("alloc", name)]


def _new_host(
    farm: SimulatedFarm,
    name: str,
    alloc: m.Alloc,
    cores: float,
    mem_gb: int,
    gpus: int = 0,
    pinned: bool = False,
) -> m.Host:
    mem = mem_gb * GB
    gpu_mem = gpus * 16 * GB
    msg = host_pb2.Host(
        id=farm.new_id("host", name),
        name=name,
        alloc_name=alloc.msg.name,
        nimby_enabled=alloc.msg.tag == "desktop",
        has_comment=False,
        cores=cores,
        idle_cores=cores,
        memory=mem,
        idle_memory=mem,
        gpu_memory=gpu_mem,
        idle_gpu_memory=gpu_mem,
        total_swap=8 * GB,
        total_memory=mem,
        total_gpu_memory=gpu_mem,
        total_mcp=100 * GB,
        free_swap=8 * GB,
        free_memory=mem - GB,
        free_mcp=80 * GB,
        free_gpu_memory=gpu_mem,
        load=0,
        boot_time=farm.now - 86400 * 3,
        ping_time=farm.now,
        os="rhel9",
        tags=[alloc.msg.tag, "linux"] + (["gpu"] if gpus else []),
        state=host_pb2.HardwareState.UP,
        lock_state=host_pb2.LockState.OPEN,
        thread_mode=host_pb2.ThreadMode.AUTO,
        gpus=gpus,
        idle_gpus=gpus,
    )
    host = m.Host(msg, alloc, pinned=pinned)
    farm.hosts[msg.id] = host
    alloc.hosts.append(host)
    return host


def _build_hosts(farm: SimulatedFarm) -> None:
    sc = farm.scenario
    rng = farm.rng
    general = _alloc(farm, "local.general")
    width = 4 if sc.general_hosts < 10000 else 5
    for i in range(1, sc.general_hosts + 1):
        cores = sc.host_cores[rng.randrange(len(sc.host_cores))]
        _new_host(farm, f"render-{i:0{width}d}", general, cores, int(cores * 4))
    for user in sc.desktop_users:
        _new_host(farm, f"ws-{user}", _alloc(farm, "local.desktop"), 8.0, 32)
    for i in range(1, sc.gpu_hosts + 1):
        _new_host(farm, f"gpu-{i:04d}", _alloc(farm, "local.gpu"), 32.0, 128, gpus=2)
    for i in range(1, sc.cloud_hosts + 1):
        # Cloud instances are all one size: no draw, so the rest of the farm is unchanged.
        _new_host(farm, f"cloud-{i:04d}", _alloc(farm, "cloud.general"), 32.0, 128)
    if sc.anchors:
        hosts = {h.msg.name: h for h in farm.hosts.values()}
        down, locked, repair = hosts["render-0014"], hosts["render-0015"], hosts["render-0016"]
        down.msg.state = host_pb2.HardwareState.DOWN
        locked.msg.lock_state = host_pb2.LockState.LOCKED
        repair.msg.state = host_pb2.HardwareState.REPAIR
        repair.msg.has_comment = True
        repair.comments.append(
            comment_pb2.Comment(
                id=farm.new_id("comment", "repair"),
                timestamp=farm.now - 3600,
                user="sysadmin",
                subject="PSU failure",
                message="Power supply replaced twice; waiting for a new board.",
            )
        )
        farm.comments[repair.comments[0].id] = (repair.comments, repair.comments[0])
        hosts["ws-kwong"].msg.lock_state = host_pb2.LockState.NIMBY_LOCKED
        for host in (down, locked, repair, hosts["ws-kwong"]):
            host.pinned = True
        farm.anchors.update(
            host_down=down.msg.id, host_locked=locked.msg.id, host_repair=repair.msg.id
        )


def _build_show(farm: SimulatedFarm, name: str) -> None:
    msg = show_pb2.Show(
        id=farm.new_id("show", name),
        name=name,
        default_min_cores=1.0,
        default_max_cores=2000.0,
        comment_email=f"{name}-wranglers@studio.example",
        booking_enabled=True,
        dispatch_enabled=True,
        active=True,
        default_min_gpus=0,
        default_max_gpus=100,
        scheduler_managed=False,
    )
    show = m.Show(msg)
    farm.shows[msg.id] = show
    root = _new_group(farm, show, name, None)
    show.root = root
    for dept in DEPARTMENTS:
        _new_group(farm, show, f"{name}_{dept}", root, dept)
    allocs = ["local.general", "local.gpu"] + (["local.desktop"] if name == "testing" else [])
    if farm.scenario.cloud_hosts:
        allocs.append("cloud.general")
    for alloc_name in allocs:
        alloc = _alloc(farm, alloc_name)
        cores = sum(h.msg.cores for h in alloc.hosts)
        sub_name = f"{alloc_name}.{name}"
        sub = m.Subscription(
            subscription_pb2.Subscription(
                id=farm.new_id("subscription", sub_name),
                name=sub_name,
                show_name=name,
                facility=alloc.msg.facility,
                allocation_name=alloc_name,
                size=int(cores * 100 * 0.5),
                burst=int(cores * 100),
                reserved_cores=0,
                reserved_gpus=0,
            ),
            show,
            alloc,
        )
        farm.subs[sub.msg.id] = sub
        show.subs[alloc.msg.id] = sub


def _new_group(
    farm: SimulatedFarm, show: m.Show, name: str, parent: m.Group | None, dept: str = "Unknown"
) -> m.Group:
    msg = job_pb2.Group(
        id=farm.new_id("group", f"{show.msg.name}/{name}"),
        name=name,
        department=dept,
        default_job_priority=100,
        default_job_min_cores=1.0,
        default_job_max_cores=-1.0,
        min_cores=0.0,
        max_cores=-1.0,
        level=0 if parent is None else parent.msg.level + 1,
        parent_id="" if parent is None else parent.msg.id,
        default_job_min_gpus=0,
        default_job_max_gpus=-1,
        min_gpus=0,
        max_gpus=-1,
    )
    group = m.Group(msg, show, parent)
    farm.groups[msg.id] = group
    if parent is not None:
        parent.children.append(group)
    return group


def _build_anchors(farm: SimulatedFarm) -> None:
    RENDER = job_pb2.LayerType.RENDER
    job = new_job(
        farm,
        "testing",
        "sh010",
        "jsmith",
        "fx_sim",
        12,
        [("sim", 10, RENDER)],
        priority=150,
        dept="fx",
        fail_rate=0.9,
    )
    for frame in job.frames[:4]:
        settle(farm, frame, m.SUCCEEDED)
    for frame in job.frames[4:7]:
        settle(farm, frame, m.DEAD, retries=job.max_retries)
    add_comment(farm, job, "mchen", "sim blowing up", "Frames 5-7 explode at substep 3.")
    add_comment(farm, job, "jsmith", "Re: sim blowing up", "Looking at it, do not retry yet.")
    farm.anchors["failing"] = job.msg.id

    job = new_job(
        farm,
        "testing",
        "sh020",
        "mchen",
        "lighting",
        4,
        [("beauty", 20, RENDER)],
        dept="lighting",
        paused=True,
    )
    for frame in job.frames[:5]:
        settle(farm, frame, m.SUCCEEDED)
    farm.anchors["paused"] = job.msg.id

    job = new_job(
        farm,
        "testing",
        "sh030",
        "arojas",
        "comp",
        2,
        [("render", 10, RENDER), ("comp", 10, RENDER)],
        dept="comp",
    )
    for frame in job.layers[0].frames[:3]:
        settle(farm, frame, m.SUCCEEDED)
    depend_layer_on_layer(farm, job.layers[1], job.layers[0])
    farm.anchors["depend"] = job.msg.id

    job = new_job(
        farm,
        "pipeline",
        "sh100",
        "kwong",
        "anim_playblast",
        7,
        [("playblast", 40, RENDER)],
        priority=200,
        dept="anim",
    )
    for frame in job.frames[:8]:
        settle(farm, frame, m.SUCCEEDED)
    add_comment(farm, job, "kwong", "client review", "Needed for the 4pm review.")
    farm.anchors["running"] = job.msg.id

    job = new_job(farm, "aurora", "sh200", "mchen", "fx_sim", 3, [("sim", 8, RENDER)], dept="fx")
    sim = job.layers[0]
    enable_checkpoints(sim)
    for frame in sim.frames[:2]:
        settle(farm, frame, m.SUCCEEDED)
    # Frame 3 was on render-0014 when it went down; its checkpoint is still copying.
    settle_checkpoint(farm, sim.frames[2], "render-0014", ran=70, left=60, copy_seconds=90)
    farm.anchors["checkpoint"] = job.msg.id

    job = new_job(
        farm,
        "testing",
        "sh005",
        "jsmith",
        "layout",
        1,
        [("layout_render", 5, RENDER)],
        dept="layout",
    )
    for frame in job.frames:
        settle(farm, frame, m.SUCCEEDED)
    farm.finish_job(job)
    job.msg.stop_time = farm.now - 1800
    farm.anchors["finished"] = job.msg.id


def _backdate(farm: SimulatedFarm, job: m.Job) -> None:
    """A job of the initial farm was launched before its first frame started."""
    for layer in job.layers:
        starts = [f.msg.start_time for f in layer.frames if f.msg.start_time]
        layer.msg.start_time = min(starts) if starts else 0
    starts = [la.msg.start_time for la in job.layers if la.msg.start_time]
    launched = min(starts) - farm.rng.randint(5, 120) if starts else farm.now
    job.msg.start_time = launched
    for frame in job.frames:
        frame.msg.submission_time = launched
        frame.msg.eligible_time = launched
    if job.msg.state == m.job_pb2.JobState.FINISHED:
        for layer in job.layers:
            layer.msg.stop_time = max(f.msg.stop_time for f in layer.frames)
        job.msg.stop_time = max(la.msg.stop_time for la in job.layers) + farm.rng.randint(1, 30)


def _initial_dispatch(farm: SimulatedFarm) -> None:
    """Fill the farm as if it had been running: booked frames started some time ago."""
    rng = farm.rng
    farm.dispatch(budget=10**9)
    for frame in farm.running.values():
        f = frame.msg
        span = frame.end_at - f.start_time
        elapsed = rng.randint(0, max(span - 2, 0))
        f.start_time -= elapsed
        frame.end_at -= elapsed
        if frame.proc is not None:
            frame.proc.msg.dispatch_time = f.start_time
            frame.proc.msg.bookedTime = f.start_time
        if frame.hang_at:
            frame.hang_at -= elapsed
        # A run that hung before now logged last when it hung.
        f.llu_time = min(farm.now, frame.hang_at or farm.now)
        f.used_memory = int(frame.peak_kb * min(1.0, 0.3 + elapsed / max(span, 1)))
        f.max_rss = f.used_memory
        if frame.proc is not None:
            frame.proc.msg.used_memory = f.used_memory
        farm.set_state(frame, m.RUNNING)


HUNG_SHARE = 0.015  # of the initial running frames (at least 2): hung 30-90 min ago
LONG_SHARE = 0.01  # (at least 1): running far longer than their layer's frames, log alive


def _troubled_frames(farm: SimulatedFarm) -> None:
    """Every farm has a few running frames out of line: some whose process hung 30-90 min
    ago (log and lluTime stopped) and some running many times their layer's frame time.

    Picked by frame id (stable per seed) and sized from the ids, with no draw from
    `farm.rng`: the rest of the farm is as it would be without them. Anchor jobs are left
    alone (tests rely on their frames).
    """
    now = farm.now
    anchored = set(farm.anchors.values())
    pool = sorted(
        (f for f in farm.running.values() if f.job.msg.id not in anchored and f.proc),
        key=lambda f: f.msg.id,
    )
    hung = max(2, round(len(pool) * HUNG_SHARE))
    long = max(1, round(len(pool) * LONG_SHARE))
    for i, frame in enumerate(pool[: hung + long]):
        f, bits = frame.msg, int(frame.msg.id[:8], 16)
        hi = frame.layer.run_seconds[1]
        if i < hung:
            frame.hang_at = now - 60 * (30 + bits % 61)  # its log stopped 30-90 min ago
            start = frame.hang_at - 60 * (2 + (bits >> 8) % 15)  # after minutes of work
            f.llu_time = frame.hang_at
            # Hung 20-80% of the way through the run it would have had.
            frame.end_at = start + (frame.hang_at - start) * 100 // (20 + (bits >> 16) % 61)
        else:
            frame.hang_at = 0
            start = now - hi * (8 + bits % 8)  # 8-15 times the layer's longest frame
            frame.end_at = now + hi * (2 + (bits >> 8) % 4)  # and still going
        f.start_time = start
        assert frame.proc is not None
        frame.proc.msg.dispatch_time = frame.proc.msg.bookedTime = start
        f.used_memory = f.max_rss = frame.proc.msg.used_memory = frame.peak_kb
