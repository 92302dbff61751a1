"""Launching jobs as JobLauncher would, and giving frames a past (for the initial farm)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from opencue_proto import comment_pb2, depend_pb2, job_pb2

from cuetui.sim import model as m
from cuetui.sim.transitions import EXIT_DOWN_HOST

if TYPE_CHECKING:
    from cuetui.sim.farm import SimulatedFarm

GB = 1024 * 1024  # in KB, the unit of every memory field
USERS = ("jsmith", "mchen", "arojas", "kwong", "pdupont", "sgarcia", "tnguyen", "lbauer")
DEPARTMENTS = ("lighting", "comp", "fx", "anim", "layout", "lookdev")
TASKS = {
    "lighting": ("lighting", ("beauty", "spec", "volume_fog")),
    "comp": ("comp", ("precomp", "comp", "slapcomp")),
    "fx": ("fx_sim", ("sim", "cache", "mesh")),
    "anim": ("anim_playblast", ("playblast", "audio_sync")),
    "layout": ("layout", ("layout_render",)),
    "lookdev": ("lookdev", ("turntable", "contact_sheet")),
}
SERVICES = {
    "beauty": "arnold",
    "spec": "arnold",
    "volume_fog": "arnold",
    "turntable": "arnold",
    "layout_render": "arnold",
    "render": "arnold",
    "precomp": "nuke",
    "comp": "nuke",
    "slapcomp": "nuke",
    "contact_sheet": "nuke",
    "sim": "houdini",
    "cache": "houdini",
    "mesh": "houdini",
    "playblast": "maya",
    "audio_sync": "shell",
}
LAYER_TYPES = {
    "precomp": job_pb2.LayerType.PRE,
    "contact_sheet": job_pb2.LayerType.POST,
    "audio_sync": job_pb2.LayerType.UTIL,
}


def new_job(
    farm: SimulatedFarm,
    show_name: str,
    shot: str,
    user: str,
    task: str,
    version: int,
    layers: list[tuple[str, int, int]],
    *,
    priority: int = 100,
    dept: str | None = None,
    fail_rate: float | None = None,
    paused: bool = False,
) -> m.Job:
    """Launch a job (as JobLauncher would): all frames WAITING, nothing booked."""
    sc = farm.scenario
    show = farm.shows[farm.new_id("show", show_name)]
    name = f"{show_name}-{shot}-{user}_{task}_v{version:03d}"
    while name in farm.job_names:  # a new version, as an artist resubmitting would
        version += 1
        name = f"{show_name}-{shot}-{user}_{task}_v{version:03d}"
    farm.job_names.add(name)
    farm.job_seq += 1
    job_id = farm.new_id("job", f"{name}#{farm.job_seq}")
    group = show.root
    assert group is not None
    if dept is not None:
        group = next((g for g in group.children if g.msg.department == dept), group)
    root = farm.logs.root if farm.logs is not None else "/shots"
    msg = job_pb2.Job(
        id=job_id,
        state=job_pb2.JobState.PENDING,
        name=name,
        shot=shot,
        show=show_name,
        user=user,
        group=group.msg.name,
        facility="local",
        os="rhel9",
        uid=1000 + (USERS.index(user) if user in USERS else 99),
        priority=priority,
        min_cores=1.0,
        max_cores=2000.0,
        log_dir=f"{root}/{show_name}/{shot}/logs/{name}--{job_id}",
        is_paused=paused,
        has_comment=False,
        auto_eat=False,
        start_time=farm.now,
        stop_time=0,
        min_gpus=0,
        max_gpus=100,
        loki_url="",
    )
    job = m.Job(msg, show, group, farm.job_seq)
    farm.jobs[job_id] = job
    show.jobs.append(job)
    group.jobs.append(job)
    show.created_job_count += 1
    rng = farm.rng
    waiting, disabled = job_pb2.FrameState.WAITING, job_pb2.CheckpointState.DISABLED
    for order, (layer_name, count, ltype) in enumerate(layers):
        service = SERVICES.get(layer_name, "shell")
        gpu = service == "arnold" and rng.random() < 0.1 and sc.gpu_hosts > 0
        cores = 1.0 if service in ("nuke", "shell", "maya") else float(rng.choice((2, 4, 8)))
        layer_id = farm.new_id("layer", f"{job_id}/{layer_name}")
        lmsg = job_pb2.Layer(
            id=layer_id,
            name=layer_name,
            range=f"1-{count}",
            tags=["gpu"] if gpu else ["general"],
            min_cores=cores,
            max_cores=0.0,
            is_threadable=cores > 1,
            min_memory=(2 if cores <= 1 else int(cores)) * GB,
            min_gpu_memory=4 * GB if gpu else 0,
            chunk_size=1,
            dispatch_order=order,
            type=ltype,
            services=[service],
            memory_optimizer_enabled=True,
            parent_id=job_id,
            limits=[service] if service in ("arnold", "nuke", "houdini") else [],
            timeout=0,
            timeout_llu=0,
            min_gpus=1 if gpu else 0,
            max_gpus=0,
            command=f"/shots/{show_name}/{shot}/bin/{service}_render.sh -f #IFRAME#",
            start_after=0,
            start_after_reason="",
        )
        lo, hi = sc.run_seconds
        layer = m.Layer(
            lmsg,
            job,
            fail_rate=sc.fail_rate if fail_rate is None else fail_rate,
            run_seconds=(lo, hi),
            memory_kb=(GB // 2, max(int(lmsg.min_memory * 1.5), GB)),
        )
        farm.layers[layer_id] = layer
        job.layers.append(layer)
        job.stats.states[m.WAITING] += count
        layer.stats.states[m.WAITING] += count
        for number in range(1, count + 1):
            fname = f"{number:04d}-{layer_name}"
            fmsg = job_pb2.Frame(
                id=farm.new_id("frame", f"{layer_id}/{number}"),
                name=fname,
                layer_name=layer_name,
                number=number,
                state=waiting,
                retry_count=0,
                exit_status=-1,
                dispatch_order=number - 1,
                last_resource="/0.00/0",
                checkpoint_state=disabled,
                submission_time=farm.now,
                eligible_time=farm.now,
            )
            frame = m.Frame(fmsg, job, layer, changed=farm.now)
            farm.frames[fmsg.id] = frame
            layer.frames.append(frame)
            job.frames.append(frame)
            layer.push(frame)
    show.created_frame_count += len(job.frames)
    return job


def enable_checkpoints(layer: m.Layer) -> None:
    """The layer's renders save checkpoints: a stopped frame resumes instead of restarting."""
    layer.checkpoint = True
    for frame in layer.frames:
        frame.msg.checkpoint_state = job_pb2.CheckpointState.ENABLED


def settle_checkpoint(
    farm: SimulatedFarm, frame: m.Frame, host: str, ran: int, left: int, copy_seconds: int
) -> None:
    """Give a frame a run that its host's loss stopped `ran` s in, its checkpoint copying."""
    f, layer = frame.msg, frame.layer
    f.start_time = farm.now - ran - 5
    f.stop_time = farm.now - 5
    f.exit_status = EXIT_DOWN_HOST
    f.max_rss = layer.memory_kb[1] // 2
    f.total_core_time = int(ran * layer.msg.min_cores)
    f.llu_time = f.stop_time
    f.last_resource = f"{host}/{layer.msg.min_cores:.2f}/{layer.msg.min_gpus}"
    if farm.logs is not None:
        farm.logs.past(farm, frame)
    farm.enter_checkpoint(frame, left=left, copy_seconds=copy_seconds)


def make_depend(
    farm: SimulatedFarm,
    er: m.Job | m.Layer | m.Frame,
    on: m.Job | m.Layer | m.Frame,
) -> m.Depend:
    """A depend of `er` on `on` (JOB_ON_JOB ... FRAME_ON_FRAME), held until `on` is done."""
    kinds = {m.Job: "JOB", m.Layer: "LAYER", m.Frame: "FRAME"}
    er_job = er if isinstance(er, m.Job) else er.job
    on_job = on if isinstance(on, m.Job) else on.job
    er_frames = [er] if isinstance(er, m.Frame) else list(er.frames)
    msg = depend_pb2.Depend(
        id=farm.new_id("depend", f"{er.msg.id}->{on.msg.id}"),
        type=depend_pb2.DependType.Value(f"{kinds[type(er)]}_ON_{kinds[type(on)]}"),
        target=depend_pb2.DependTarget.INTERNAL
        if er_job is on_job
        else depend_pb2.DependTarget.EXTERNAL,
        any_frame=False,
        active=True,
        depend_er_job=er_job.msg.name,
        depend_er_layer=er.msg.name if isinstance(er, m.Layer) else "",
        depend_er_frame=er.msg.name if isinstance(er, m.Frame) else "",
        depend_on_job=on_job.msg.name,
        depend_on_layer=on.msg.name if isinstance(on, m.Layer) else "",
        depend_on_frame=on.msg.name if isinstance(on, m.Frame) else "",
    )
    dep = m.Depend(
        msg,
        er_frames,
        on_job=on if isinstance(on, m.Job) else None,
        on_layer=on if isinstance(on, m.Layer) else None,
        on_frame=on if isinstance(on, m.Frame) else None,
    )
    farm.add_depend(dep)
    if isinstance(on, m.Job):
        done = on.msg.state == job_pb2.JobState.FINISHED
    else:
        frames = [on] if isinstance(on, m.Frame) else on.frames
        done = all(f.msg.state in m.DONE_STATES for f in frames)
    if done:
        farm.satisfy(dep)
    return dep


def depend_layer_on_layer(farm: SimulatedFarm, er: m.Layer, on: m.Layer) -> m.Depend:
    return make_depend(farm, er, on)


def add_comment(farm: SimulatedFarm, job: m.Job, user: str, subject: str, text: str) -> None:
    c = comment_pb2.Comment(
        id=farm.new_id("comment", f"{job.msg.id}/{len(job.comments)}"),
        timestamp=farm.now - 600 * (len(job.comments) + 1),
        user=user,
        subject=subject,
        message=text,
    )
    job.comments.append(c)
    job.msg.has_comment = True
    farm.comments[c.id] = (job.comments, c)


def settle(farm: SimulatedFarm, frame: m.Frame, state: int, retries: int = 0) -> None:
    """Give a frame a past: a finished run before the farm's start."""
    f = frame.msg
    rng = farm.rng
    lo, hi = frame.layer.run_seconds
    run = rng.randint(lo, hi)
    f.start_time = farm.now - rng.randint(run + 60, run + 3600)
    f.stop_time = f.start_time + run
    f.retry_count = retries
    f.exit_status = 0 if state == m.SUCCEEDED else 1
    f.max_rss = rng.randint(*frame.layer.memory_kb)
    f.used_memory = 0
    f.total_core_time = int(run * frame.layer.msg.min_cores)
    f.llu_time = f.stop_time
    f.last_resource = f"render-{rng.randint(1, 9):04d}/{frame.layer.msg.min_cores:.2f}/0"
    farm.set_state(frame, state)
    if farm.logs is not None:
        farm.logs.past(farm, frame)
    for stats in (frame.layer.stats, frame.job.stats):
        if state == m.SUCCEEDED:
            stats.rendered_frame_count += 1
            stats.rendered_core_sec += f.total_core_time
            stats.rendered_frame_sec += run
            stats.high_frame_sec = max(stats.high_frame_sec, run)
            stats.low_frame_sec = run if not stats.low_frame_sec else min(stats.low_frame_sec, run)
        else:
            stats.failed_frame_count += 1 + retries
            stats.failed_core_sec += f.total_core_time
        stats.max_rss = max(stats.max_rss, f.max_rss)


def launch_random_job(farm: SimulatedFarm, show: str | None = None, progress: float = 0.0) -> m.Job:
    """A new job with a realistic name; `progress` settles that share of its frames first."""
    sc = farm.scenario
    rng = farm.rng
    show = show or rng.choice(list(sc.shows))
    dept = rng.choice(DEPARTMENTS)
    task, layer_pool = TASKS[dept]
    n_layers = min(rng.randint(*sc.layers_per_job), len(layer_pool))
    layers = []
    for name in layer_pool[:n_layers]:
        count = rng.randint(*sc.frames_per_layer)
        layers.append((name, count, LAYER_TYPES.get(name, job_pb2.LayerType.RENDER)))
    shot = f"sh{rng.randint(1, 99) * 10:03d}"
    user = rng.choice(USERS)
    priority = rng.choice((50, 100, 100, 100, 150))
    job = new_job(
        farm, show, shot, user, task, rng.randint(1, 30), layers, priority=priority, dept=dept
    )
    if progress > 0:
        for layer in job.layers:
            done = int(len(layer.frames) * progress)
            for frame in layer.frames[:done]:
                dead = progress < 1.0 and rng.random() < 0.03
                settle(farm, frame, m.DEAD if dead else m.SUCCEEDED, job.max_retries if dead else 0)
    for layer in job.layers:
        # Chosen from the layer's id, not the rng, so the farm's other draws are unchanged.
        if SERVICES.get(layer.msg.name) in ("houdini", "arnold") and (
            int(layer.msg.id[:8], 16) % sc.checkpoint_share == 0
        ):
            enable_checkpoints(layer)
    if len(job.layers) > 1 and rng.random() < 0.3:
        first, second = job.layers[0], job.layers[1]
        if first.stats.states[m.SUCCEEDED] < len(first.frames):
            depend_layer_on_layer(farm, second, first)
    if progress < 1.0 and rng.random() < 0.1:
        add_comment(farm, job, rng.choice(USERS), "notes", "Check the render stats.")
    return job
