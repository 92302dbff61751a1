"""Contract tests against the real protos (opencue-proto).

(a) every request body the client can send parses strictly into its RPC's request message;
(b) every path the client calls is an RPC of a service the gateway serves;
(c) every model reads back every field of a fully populated real message.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from google.protobuf import json_format
from protofill import message_class, populate, proto_module, rpc

from cuetui.client import GatewayClient
from cuetui.client import _paths as paths
from cuetui.models import (
    RGB,
    Allocation,
    AllocationStats,
    Comment,
    Deed,
    Depend,
    Facility,
    Frame,
    FrameStateDisplayOverride,
    Group,
    GroupStats,
    Host,
    Job,
    JobStats,
    Layer,
    LayerStats,
    Limit,
    Owner,
    Proc,
    Service,
    ServiceOverride,
    Show,
    ShowStats,
    Subscription,
    UpdatedFrame,
    UpdatedFrames,
)
from cuetui.models.department import Department, Task
from cuetui.models.filter import Action, Filter, Matcher

JOB = Job(id="job-1", name="testing-sh01-bob_comp")
LAYER = Layer(id="layer-1", name="comp", parent_id="job-1")
ALLOC = Allocation(id="alloc-1", name="local.general", facility="local")
SUB = Subscription(id="sub-1", name="local.general.testing", size=1000, burst=2000)
GROUP = Group(id="group-1", name="testing_comp")
FILTER = Filter(id="filter-1", name="comp")
MATCHER = Matcher(id="matcher-1")
ACTION = Action(id="action-1")
SERVICE = Service(
    id="svc-1", name="arnold", threadable=True, min_cores=400, max_cores=800, min_memory=8388608,
    min_gpu_memory=0, tags=["general", "gpu"], timeout=60, timeout_llu=10, min_gpus=0,
    max_gpus=1, min_memory_increase=2097152,
)  # fmt: skip

DEPT = Department(id="point-1", name="testing.lighting", dept="lighting")
TASK = Task(id="task-1", shot="sh010", dept="lighting")

Call = Callable[[GatewayClient], Awaitable[Any]]

# Every public method of GatewayClient, with one or more ways to call it. A new method
# without an entry fails test_every_method_is_driven.
CALLS: dict[str, list[Call]] = {
    "get_shows": [lambda c: c.get_shows()],
    "get_active_shows": [lambda c: c.get_active_shows()],
    "find_show": [lambda c: c.find_show("testing")],
    "missing_shows": [lambda c: c.missing_shows(["testing", "nosuch"])],
    "get_show_subscriptions": [lambda c: c.get_show_subscriptions("show-1")],
    "get_groups": [lambda c: c.get_groups(Show(id="show-1"))],
    "get_jobs": [
        lambda c: c.get_jobs(),
        lambda c: c.get_jobs(shows=["testing"], include_finished=False),
        lambda c: c.get_jobs(
            shows="a",
            users=["bob"],
            regex=["^x"],
            ids=["j"],
            names=["n"],
            shots=["s"],
            substr=["q"],
            include_finished=True,
        ),
    ],
    "get_job": [lambda c: c.get_job("job-1")],
    "find_job": [lambda c: c.find_job("testing-sh01-bob_comp")],
    "get_job_names": [
        lambda c: c.get_job_names(),
        lambda c: c.get_job_names(shows=["testing"], include_finished=True),
    ],
    "get_layers": [lambda c: c.get_layers(JOB)],
    "get_layer": [lambda c: c.get_layer("layer-1")],
    "get_frames": [
        lambda c: c.get_frames("job-1"),
        lambda c: c.get_frames(
            JOB,
            page=2,
            limit=100,
            states=["DEAD", "running"],
            layers=[LAYER, "render"],
            include_finished=False,
            ids=["f1"],
            frame_range="1-10",
        ),
    ],
    "get_frame": [lambda c: c.get_frame("frame-1")],
    "get_updated_frames": [
        lambda c: c.get_updated_frames("job-1", int(time.time()) - 5),
        lambda c: c.get_updated_frames(JOB, int(time.time()) - 5, layers=[LAYER, "layer-2"]),
    ],
    "estimated_server_time": [],
    "get_comments": [lambda c: c.get_comments(JOB)],
    "get_depends": [lambda c: c.get_depends("job-1")],
    "get_what_this_depends_on": [lambda c: c.get_what_this_depends_on(JOB)],
    "get_what_depends_on_this": [lambda c: c.get_what_depends_on_this("job-1")],
    "satisfy_depend": [
        lambda c: c.satisfy_depend("depend-1"),
        lambda c: c.satisfy_depend(Depend(id="depend-2", type="LAYER_ON_LAYER")),
    ],
    "get_frame_depends": [lambda c: c.get_frame_depends("frame-1")],
    "unsatisfy_depend": [lambda c: c.unsatisfy_depend(Depend(id="depend-3"))],
    "drop_depends": [
        lambda c: c.drop_depends(JOB),
        lambda c: c.drop_depends("job-1", "internal"),
        lambda c: c.drop_depends("job-1", target="EXTERNAL"),
    ],
    # Creating depends (client/depends.py): both sides by id
    "create_job_on_job": [lambda c: c.create_job_on_job(JOB, "job-2")],
    "create_layer_on_layer": [lambda c: c.create_layer_on_layer(LAYER, "layer-2")],
    "create_frame_by_frame": [lambda c: c.create_frame_by_frame("layer-1", LAYER)],
    "create_frame_on_frame": [lambda c: c.create_frame_on_frame("frame-1", Frame(id="frame-2"))],
    "pause_job": [lambda c: c.pause_job(JOB)],
    "resume_job": [lambda c: c.resume_job("job-1")],
    "kill_job": [lambda c: c.kill_job(JOB), lambda c: c.kill_job("job-1", reason="runaway")],
    "retry_job_dead_frames": [lambda c: c.retry_job_dead_frames(JOB)],
    "eat_job_dead_frames": [lambda c: c.eat_job_dead_frames("job-1")],
    "set_job_priority": [lambda c: c.set_job_priority(JOB, 90)],
    "set_job_min_cores": [lambda c: c.set_job_min_cores(JOB, 1.5)],
    "set_job_max_cores": [lambda c: c.set_job_max_cores("job-1", 200)],
    "add_comment": [lambda c: c.add_comment(JOB, "subject", "message")],
    "kill_layer_frames": [lambda c: c.kill_layer_frames(LAYER, reason="bad layer")],
    "retry_layer_frames": [
        lambda c: c.retry_layer_frames(LAYER),
        lambda c: c.retry_layer_frames("layer-1"),
        lambda c: c.retry_layer_frames(LAYER, dead_only=False),
    ],
    "eat_layer_frames": [
        lambda c: c.eat_layer_frames(LAYER),
        lambda c: c.eat_layer_frames("layer-1", dead_only=False),
    ],
    "set_layer_tags": [lambda c: c.set_layer_tags(LAYER, ["general", "desktop"])],
    "set_layer_min_cores": [lambda c: c.set_layer_min_cores(LAYER, 2)],
    "set_layer_min_memory": [lambda c: c.set_layer_min_memory(LAYER, 8_388_608)],
    "retry_frame": [lambda c: c.retry_frame(Frame(id="frame-1"))],
    "eat_frame": [lambda c: c.eat_frame("frame-1")],
    "kill_frame": [lambda c: c.kill_frame("frame-1")],
    "mark_frame_waiting": [lambda c: c.mark_frame_waiting("frame-1")],
    "retry_frames": [lambda c: c.retry_frames(JOB, [Frame(name="0001-comp"), "0002-comp"])],
    "eat_frames": [lambda c: c.eat_frames("job-1", ["0001-comp"])],
    "kill_frames": [lambda c: c.kill_frames(JOB, ["0001-comp"], reason="stuck")],
    "mark_frames_waiting": [lambda c: c.mark_frames_waiting(JOB, ["0001-comp"])],
    # client/knobs.py
    "set_job_max_retries": [lambda c: c.set_job_max_retries(JOB, 3)],
    "set_job_auto_eat": [lambda c: c.set_job_auto_eat(JOB, True)],
    "set_job_min_gpus": [lambda c: c.set_job_min_gpus(JOB, 1)],
    "set_job_max_gpus": [lambda c: c.set_job_max_gpus(JOB, 2)],
    "reorder_job_frames": [lambda c: c.reorder_job_frames(JOB, "1-10", "FIRST")],
    "stagger_job_frames": [lambda c: c.stagger_job_frames(JOB, "1-100", 5)],
    "mark_frames_done": [lambda c: c.mark_frames_done(JOB, ["0001-comp"])],
    "eat_and_mark_frames_done": [lambda c: c.eat_and_mark_frames_done(JOB, ["0001-comp"])],
    "set_layer_max_cores": [lambda c: c.set_layer_max_cores(LAYER, 8)],
    "set_layer_min_gpus": [lambda c: c.set_layer_min_gpus(LAYER, 1)],
    "set_layer_max_gpus": [lambda c: c.set_layer_max_gpus(LAYER, 2)],
    "set_layer_min_gpu_memory": [lambda c: c.set_layer_min_gpu_memory(LAYER, 4_194_304)],
    "set_layer_timeout": [lambda c: c.set_layer_timeout(LAYER, 120)],
    "set_layer_timeout_llu": [lambda c: c.set_layer_timeout_llu(LAYER, 30)],
    "set_layer_threadable": [lambda c: c.set_layer_threadable(LAYER, False)],
    "mark_layer_done": [lambda c: c.mark_layer_done(LAYER)],
    "eat_and_mark_layer_done": [lambda c: c.eat_and_mark_layer_done(LAYER)],
    "get_hosts": [
        lambda c: c.get_hosts(),
        lambda c: c.get_hosts(
            allocs=["local.general"],
            regex=["^render"],
            states=["DOWN", "repair"],
            lock_states="LOCKED",
            names=["h1"],
            substr=["r"],
            ids=["i"],
        ),
    ],
    "get_host": [lambda c: c.get_host("host-1")],
    "find_host": [lambda c: c.find_host("render01")],
    "get_host_procs": [lambda c: c.get_host_procs(Host(id="host-1"))],
    "lock_host": [lambda c: c.lock_host("host-1")],
    "unlock_host": [lambda c: c.unlock_host(Host(id="host-1"))],
    "add_host_tags": [lambda c: c.add_host_tags("host-1", ["repair"])],
    "remove_host_tags": [lambda c: c.remove_host_tags("host-1", "repair")],
    "rename_host_tag": [lambda c: c.rename_host_tag("host-1", "old", "new")],
    "set_host_hardware_state": [lambda c: c.set_host_hardware_state("host-1", "UP")],
    "set_host_repair": [lambda c: c.set_host_repair("host-1")],
    "clear_host_repair": [lambda c: c.clear_host_repair("host-1")],
    "get_procs": [
        lambda c: c.get_procs(hosts=["h1", "h2"]),
        lambda c: c.get_procs(
            jobs=[JOB], layers=[LAYER], shows=["testing"], allocs=["a"], max_results=10
        ),
    ],
    "kill_proc": [lambda c: c.kill_proc("proc-1")],
    "unbook_proc": [
        lambda c: c.unbook_proc(Proc(id="proc-1")),
        lambda c: c.unbook_proc("proc-1", kill=True),
    ],
    "get_allocations": [lambda c: c.get_allocations()],
    "find_allocation": [lambda c: c.find_allocation("local.general")],
    "get_allocation_subscriptions": [lambda c: c.get_allocation_subscriptions("alloc-1")],
    "set_allocation_billable": [
        lambda c: c.set_allocation_billable(ALLOC, True),
        lambda c: c.set_allocation_billable(Allocation(name="local.gpu-a", facility="local"), 0),
    ],
    "set_subscription_size": [lambda c: c.set_subscription_size(SUB, 12.5)],
    "set_subscription_burst": [lambda c: c.set_subscription_burst("sub-1", 200)],
    "create_subscription": [lambda c: c.create_subscription(Show(id="show-1"), ALLOC, 10, 20.5)],
    "delete_subscription": [lambda c: c.delete_subscription(SUB)],
    "set_show_default_min_cores": [lambda c: c.set_show_default_min_cores("show-1", 1)],
    "set_show_default_max_cores": [lambda c: c.set_show_default_max_cores(Show(id="s"), 200)],
    "enable_show_booking": [lambda c: c.enable_show_booking("show-1", False)],
    "enable_show_dispatching": [lambda c: c.enable_show_dispatching("show-1", True)],
    "set_show_comment_email": [lambda c: c.set_show_comment_email("show-1", "a@x.com, b@y.org")],
    "set_show_active": [lambda c: c.set_show_active("show-1", False)],
    "get_job_whiteboard": [lambda c: c.get_job_whiteboard(Show(id="show-1"))],
    "reparent_jobs": [lambda c: c.reparent_jobs(GROUP, [JOB, "job-2"])],
    "create_subgroup": [lambda c: c.create_subgroup(GROUP, " lighting ")],
    "rename_group": [lambda c: c.rename_group("group-1", "comp")],
    "delete_group": [lambda c: c.delete_group(GROUP)],
    "set_group_min_cores": [lambda c: c.set_group_min_cores(GROUP, 0)],
    "set_group_max_cores": [
        lambda c: c.set_group_max_cores(GROUP, 200),
        lambda c: c.set_group_max_cores(GROUP, -1),
    ],
    "set_group_default_job_priority": [lambda c: c.set_group_default_job_priority(GROUP, 50)],
    "set_group_default_job_min_cores": [lambda c: c.set_group_default_job_min_cores(GROUP, 2)],
    "set_group_default_job_max_cores": [lambda c: c.set_group_default_job_max_cores(GROUP, -1)],
    "get_filters": [lambda c: c.get_filters(Show(id="show-1"))],
    "get_matchers": [lambda c: c.get_matchers(FILTER)],
    "get_actions": [lambda c: c.get_actions("filter-1")],
    "create_filter": [lambda c: c.create_filter("show-1", " comp ")],
    "set_filter_enabled": [lambda c: c.set_filter_enabled(FILTER, False)],
    "rename_filter": [lambda c: c.rename_filter(FILTER, "fx")],
    "set_filter_type": [lambda c: c.set_filter_type(FILTER, "MATCH_ANY")],
    "set_filter_order": [lambda c: c.set_filter_order(FILTER, 2)],
    "raise_filter_order": [lambda c: c.raise_filter_order(FILTER)],
    "lower_filter_order": [lambda c: c.lower_filter_order(FILTER)],
    "order_filter_first": [lambda c: c.order_filter_first(FILTER)],
    "order_filter_last": [lambda c: c.order_filter_last(FILTER)],
    "delete_filter": [lambda c: c.delete_filter(FILTER)],
    "create_matcher": [lambda c: c.create_matcher(FILTER, "SHOT", "BEGINS_WITH", "sh9")],
    "commit_matcher": [lambda c: c.commit_matcher(MATCHER, "USER", "IS", "bob")],
    "delete_matcher": [lambda c: c.delete_matcher(MATCHER)],
    "create_action": [
        lambda c: c.create_action(FILTER, "MOVE_JOB_TO_GROUP", GROUP),
        lambda c: c.create_action(FILTER, "PAUSE_JOB", True),
        lambda c: c.create_action(FILTER, "SET_JOB_MAX_CORES", 8),
        lambda c: c.create_action(FILTER, "SET_ALL_RENDER_LAYER_TAGS", "general | gpu"),
        lambda c: c.create_action(FILTER, "STOP_PROCESSING"),
    ],
    "commit_action": [lambda c: c.commit_action(ACTION, "SET_JOB_PRIORITY", 10)],
    "delete_action": [lambda c: c.delete_action(ACTION)],
    "run_filter_on_jobs": [lambda c: c.run_filter_on_jobs(FILTER, [JOB, "job-2"])],
    "get_facility": [lambda c: c.get_facility("local")],
    "get_limits": [lambda c: c.get_limits()],
    "create_limit": [lambda c: c.create_limit(" arnold ", 400)],
    "set_limit_max_value": [lambda c: c.set_limit_max_value(Limit(id="l-1", name="nuke"), 60)],
    "rename_limit": [lambda c: c.rename_limit("nuke", "nuke-render")],
    "delete_limit": [lambda c: c.delete_limit(Limit(id="l-1", name="nuke"))],
    # Departments and tasks (client/depts.py)
    "get_departments": [lambda c: c.get_departments(Show(id="show-1"))],
    "get_tasks": [lambda c: c.get_tasks(DEPT)],
    "set_managed_cores": [lambda c: c.set_managed_cores(DEPT, 40)],
    "enable_ti_managed": [lambda c: c.enable_ti_managed("point-1", " anim_ti ", 50)],
    "disable_ti_managed": [lambda c: c.disable_ti_managed(DEPT)],
    "add_task": [lambda c: c.add_task(DEPT, " sh010 ", 20)],
    "set_task_min_cores": [lambda c: c.set_task_min_cores(TASK, 30)],
    "clear_task_adjustments": [lambda c: c.clear_task_adjustments("task-1")],
    "delete_task": [lambda c: c.delete_task(TASK)],
    # Owners and deeds (client/owners.py)
    "get_show_deeds": [lambda c: c.get_show_deeds("show-1")],
    "get_owner": [lambda c: c.get_owner(" alice ")],
    "get_owners": [lambda c: c.get_owners([Show(id="show-1")], extra=["carol"])],
    "create_owner": [lambda c: c.create_owner(Show(id="show-1"), "carol")],
    "take_ownership": [lambda c: c.take_ownership(Owner(id="owner-1"), Host(name="desk01"))],
    "give_host": [lambda c: c.give_host("desk01", "alice", Show(id="show-1"))],
    "set_owner_show": [lambda c: c.set_owner_show("owner-1", "aurora")],
    "delete_owner": [lambda c: c.delete_owner(Owner(id="owner-1", name="alice"))],
    "delete_deed": [lambda c: c.delete_deed(Deed(id="deed-1"))],
    "get_default_services": [lambda c: c.get_default_services()],
    "get_service_overrides": [lambda c: c.get_service_overrides(Show(id="show-1"))],
    "create_service": [lambda c: c.create_service(SERVICE)],
    "get_service": [lambda c: c.get_service("arnold")],
    "get_service_override": [lambda c: c.get_service_override("show-1", "svc-1")],
    "edit_service": [lambda c: c.edit_service(SERVICE, min_memory=4096, tags=["general"])],
    "edit_service_override": [lambda c: c.edit_service_override("show-1", SERVICE, timeout=30)],
    "delete_service": [lambda c: c.delete_service(SERVICE)],
    "create_service_override": [lambda c: c.create_service_override("show-1", SERVICE)],
    "delete_service_override": [lambda c: c.delete_service_override("svc-1")],
    # Host administration (client/hosts_admin.py)
    "reboot_host": [lambda c: c.reboot_host("host-1")],
    "reboot_host_when_idle": [lambda c: c.reboot_host_when_idle(Host(id="host-1"))],
    "set_host_allocation": [lambda c: c.set_host_allocation("host-1", ALLOC)],
    "set_host_thread_mode": [lambda c: c.set_host_thread_mode("host-1", "variable")],
    "set_host_os": [lambda c: c.set_host_os("host-1", " rhel9 ")],
    "delete_host": [lambda c: c.delete_host("host-1")],
    "redirect_host_procs": [
        lambda c: c.redirect_host_procs("host-1", [Proc(id="proc-1"), "proc-2"], JOB)
    ],
    "get_host_comments": [lambda c: c.get_host_comments("host-1")],
    "add_host_comment": [lambda c: c.add_host_comment("host-1", "subject", "message")],
    "save_comment": [lambda c: c.save_comment(Comment(id="comment-1"), "s", "m")],
    "delete_comment": [lambda c: c.delete_comment("comment-1")],
}
# Public methods that are not gateway calls.
NOT_CALLS = {"aclose", "from_settings", "estimated_server_time", "forget_answers"}


def _public_methods() -> set[str]:
    return {
        name
        for name, value in inspect.getmembers(GatewayClient)
        if not name.startswith("_") and callable(value)
    }


def test_every_method_is_driven() -> None:
    missing = _public_methods() - set(CALLS) - NOT_CALLS
    assert not missing, f"add contract calls for {sorted(missing)}"


async def _drive_all(client: GatewayClient) -> None:
    for name, calls in CALLS.items():
        for call in calls:
            client.server_clock_offset = None
            result = await call(client)
            assert result is None or isinstance(result, list | object), name


async def test_a_every_body_parses_strictly_into_its_request_message(client, capture) -> None:
    await _drive_all(client)
    assert len(capture.calls) >= sum(len(c) for c in CALLS.values())
    for path, body in capture.calls:
        method = rpc(path)
        assert method is not None, f"{path} is not an RPC the gateway serves"
        request = message_class(method.input_type)()
        # ignore_unknown_fields=False: a misspelt field fails here instead of being dropped
        # silently by the gateway (and widening a query on a real farm).
        json_format.ParseDict(body, request, ignore_unknown_fields=False)
        # Every field we sent is really set (not an empty message that happened to parse).
        if body:
            assert request.ByteSize() > 0, f"{path}: {body} parsed to an empty message"


async def test_a_target_ids_survive_into_the_message(client, capture) -> None:
    await client.kill_job("job-1")
    await client.get_frames("job-1", states=["DEAD"], layers=["comp"])
    await client.get_hosts(states=["DOWN"], lock_states=["LOCKED"])
    kill, frames, hosts = capture.calls
    job_pb2 = proto_module("job")
    host_pb2 = proto_module("host")
    k = json_format.ParseDict(kill[1], job_pb2.JobKillRequest())
    assert k.job.id == "job-1" and k.reason and k.username == "wrangler" and k.pid
    assert k.host_kill
    f = json_format.ParseDict(frames[1], job_pb2.JobGetFramesRequest())
    assert (f.req.page, f.req.limit, f.req.include_finished) == (1, 500, True)
    assert list(f.req.states.frame_states) == [job_pb2.DEAD]
    assert list(f.req.layers) == ["comp"]
    h = json_format.ParseDict(hosts[1], host_pb2.HostGetHostsRequest())
    assert list(h.r.states.state) == [host_pb2.DOWN]
    assert list(h.r.lock_states.state) == [host_pb2.LOCKED]


def test_b_every_path_is_a_served_rpc() -> None:
    for path in paths.ALL_PATHS:
        assert rpc(path) is not None, f"{path} is not an RPC of a service the gateway serves"


async def test_b_every_called_path_is_listed(client, capture) -> None:
    await _drive_all(client)
    called = {path for path, _ in capture.calls}
    assert called <= set(paths.ALL_PATHS)
    assert set(paths.ALL_PATHS) <= called, "a path in _paths is never called"


# (c) models ---------------------------------------------------------------------------

MODELS: list[tuple[str, str, type]] = [
    ("show", "Show", Show),
    ("show", "ShowStats", ShowStats),
    ("job", "Job", Job),
    ("job", "JobStats", JobStats),
    ("job", "Layer", Layer),
    ("job", "LayerStats", LayerStats),
    ("job", "Frame", Frame),
    ("job", "UpdatedFrame", UpdatedFrame),
    ("job", "FrameStateDisplayOverride", FrameStateDisplayOverride),
    ("job", "Group", Group),
    ("job", "GroupStats", GroupStats),
    ("host", "Host", Host),
    ("host", "Proc", Proc),
    ("host", "Owner", Owner),
    ("host", "Deed", Deed),
    ("facility", "Allocation", Allocation),
    ("facility", "AllocationStats", AllocationStats),
    ("facility", "Facility", Facility),
    ("subscription", "Subscription", Subscription),
    ("limit", "Limit", Limit),
    ("service", "Service", Service),
    ("service", "ServiceOverride", ServiceOverride),
    ("comment", "Comment", Comment),
    ("depend", "Depend", Depend),
    ("department", "Department", Department),
    ("task", "Task", Task),
]


def _camel_snake(name: str) -> str:
    # Proto field names are snake_case except Proc.bookedTime.
    return "booked_time" if name == "bookedTime" else name


def _check(model: Any, msg: Any, where: str) -> None:
    from google.protobuf.descriptor import FieldDescriptor as F

    for field in msg.DESCRIPTOR.fields:
        attr = _camel_snake(field.name)
        assert hasattr(model, attr), f"{where}: model has no {attr}"
        got = getattr(model, attr)
        want = getattr(msg, field.name)
        label = f"{where}.{attr}"
        if field.containing_oneof is not None and not msg.HasField(field.name):
            continue
        if field.type == F.TYPE_MESSAGE:
            if field.is_repeated:
                assert len(got) == len(want), label
                for i, (g, w) in enumerate(zip(got, want, strict=True)):
                    _check(g, w, f"{label}[{i}]")
            else:
                _check(got, want, label)
        elif field.type == F.TYPE_ENUM:
            names = field.enum_type.values_by_number
            expect = [names[v].name for v in want] if field.is_repeated else names[want].name
            assert got == expect, label
        elif field.type in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
            assert got == pytest.approx(want), label
        elif field.type == F.TYPE_BYTES:
            import base64

            assert base64.b64decode(got) == want, label
        elif field.is_repeated:
            assert list(got) == list(want), label
        else:
            assert got == want, label


@pytest.mark.parametrize(("package", "name", "model"), MODELS, ids=[m[1] for m in MODELS])
def test_c_model_reads_every_field_of_a_populated_message(package, name, model) -> None:
    msg = populate(getattr(proto_module(package), name)())
    as_dict = json_format.MessageToDict(msg, always_print_fields_with_no_presence=True)
    _check(model.model_validate(as_dict), msg, name)
    as_json = json_format.MessageToJson(msg, always_print_fields_with_no_presence=True)
    _check(model.model_validate_json(as_json), msg, name)


def test_c_updated_frames_reads_the_response_message() -> None:
    msg = populate(proto_module("job").JobGetUpdatedFramesResponse())
    parsed = UpdatedFrames.model_validate_json(json_format.MessageToJson(msg))
    assert parsed.server_time == msg.server_time
    assert parsed.state == proto_module("job").JobState.Name(msg.state)
    assert len(parsed.updated_frames) == len(msg.updated_frames.updated_frames) == 2
    for got, want in zip(parsed.updated_frames, msg.updated_frames.updated_frames, strict=True):
        _check(got, want, "UpdatedFrame")


def test_c_rgb_model() -> None:
    msg = populate(proto_module("job").FrameStateDisplayOverride.RGB())
    _check(RGB.model_validate(json_format.MessageToDict(msg)), msg, "RGB")


async def test_c_client_reads_populated_responses(client) -> None:
    """The client parses the real response messages of every read it makes."""
    jobs = await client.get_jobs()
    assert len(jobs) == 2 and jobs[0].job_stats.max_rss > 2**53
    hosts = await client.get_hosts()
    assert len(hosts) == 2 and hosts[0].tags
    limits = await client.get_limits()
    assert len(limits) == 2
    frames = await client.get_frames("job-1")
    assert frames[0].state in (
        "WAITING",
        "SETUP",
        "RUNNING",
        "SUCCEEDED",
        "DEPEND",
        "DEAD",
        "EATEN",
        "CHECKPOINT",
    )
    layer = await client.get_layer("layer-1")
    assert layer.parent_id and layer.name


async def test_a_depend_calls_parse_to_the_intended_values(client, capture) -> None:
    await client.satisfy_depend("depend-1")
    await client.drop_depends("job-1")
    await client.drop_depends("job-1", "external")
    satisfy, drop_any, drop_ext = capture.calls
    depend_pb2 = proto_module("depend")
    job_pb2 = proto_module("job")
    s = json_format.ParseDict(satisfy[1], depend_pb2.DependSatisfyRequest())
    assert s.depend.id == "depend-1"
    d = json_format.ParseDict(drop_any[1], job_pb2.JobDropDependsRequest())
    assert d.job.id == "job-1" and d.target == depend_pb2.ANY_TARGET
    e = json_format.ParseDict(drop_ext[1], job_pb2.JobDropDependsRequest())
    assert e.target == depend_pb2.EXTERNAL


async def test_a_create_depend_calls_name_both_sides_by_id(client, capture) -> None:
    """ManageJob/ManageLayer/ManageFrame get both sides by id (names are never read)."""
    await client.create_job_on_job(JOB, Job(id="job-2", name="other"))
    await client.create_layer_on_layer(LAYER, "layer-2")
    await client.create_frame_by_frame(LAYER, "layer-2")
    await client.create_frame_on_frame(Frame(id="frame-1", name="0001-comp"), "frame-2")
    job_pb2 = proto_module("job")
    (p1, jj), (p2, ll), (p3, fbf), (p4, ff) = capture.calls
    assert p1 == "/job.JobInterface/CreateDependencyOnJob"
    r1 = json_format.ParseDict(jj, job_pb2.JobCreateDependencyOnJobRequest())
    assert (r1.job.id, r1.on_job.id, r1.on_job.name) == ("job-1", "job-2", "")
    assert p2 == "/job.LayerInterface/CreateDependencyOnLayer"
    r2 = json_format.ParseDict(ll, job_pb2.LayerCreateDependOnLayerRequest())
    assert (r2.layer.id, r2.depend_on_layer.id) == ("layer-1", "layer-2")
    assert p3 == "/job.LayerInterface/CreateFrameByFrameDependency"
    r3 = json_format.ParseDict(fbf, job_pb2.LayerCreateFrameByFrameDependRequest())
    assert (r3.layer.id, r3.depend_layer.id, r3.any_frame) == ("layer-1", "layer-2", False)
    assert p4 == "/job.FrameInterface/CreateDependencyOnFrame"
    r4 = json_format.ParseDict(ff, job_pb2.FrameCreateDependencyOnFrameRequest())
    assert (r4.frame.id, r4.depend_on_frame.id) == ("frame-1", "frame-2")


async def test_a_admin_calls_send_what_cuebot_looks_up_by(client, capture) -> None:
    """ManageAllocation's setters find facility + name; sizes: cores or centcores by call."""
    await client.set_allocation_billable(ALLOC, True)
    await client.set_subscription_size(SUB, 12.5)
    await client.set_subscription_burst(SUB, 200)
    await client.create_subscription(Show(id="show-1"), ALLOC, 10, 20.5)
    await client.set_show_default_max_cores("show-1", 300)
    await client.set_show_comment_email("show-1", " a@x.com ,b@y.org, ")
    billable, size, burst, create, max_cores, email = capture.calls
    facility_pb2 = proto_module("facility")
    sub_pb2 = proto_module("subscription")
    show_pb2 = proto_module("show")
    b = json_format.ParseDict(billable[1], facility_pb2.AllocSetBillableRequest())
    # Cuebot looks up "<facility>.<name>": the bare name, whatever the allocation is called.
    assert (b.allocation.facility, b.allocation.name, b.value) == ("local", "general", True)
    s = json_format.ParseDict(size[1], sub_pb2.SubscriptionSetSizeRequest())
    assert (s.subscription.id, s.new_size) == ("sub-1", 1250)
    u = json_format.ParseDict(burst[1], sub_pb2.SubscriptionSetBurstRequest())
    assert (u.subscription.id, u.burst) == ("sub-1", 20000)
    c = json_format.ParseDict(create[1], show_pb2.ShowCreateSubscriptionRequest())
    assert (c.show.id, c.allocation_id, c.size, c.burst) == ("show-1", "alloc-1", 10.0, 20.5)
    m = json_format.ParseDict(max_cores[1], show_pb2.ShowSetDefaultMaxCoresRequest())
    assert (m.show.id, m.max_cores) == ("show-1", 300.0)
    e = json_format.ParseDict(email[1], show_pb2.ShowSetCommentEmailRequest())
    assert e.email == "a@x.com,b@y.org"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.set_allocation_billable(Allocation(id="alloc-1"), True),
        lambda c: c.set_subscription_size(SUB, -1),
        lambda c: c.set_subscription_burst(SUB, float("nan")),
        lambda c: c.create_subscription("show-1", ALLOC, 1, float("inf")),
        lambda c: c.set_show_default_min_cores("show-1", -2),
        lambda c: c.set_show_comment_email("show-1", "wranglers"),
    ],
)
async def test_a_admin_calls_refuse_what_cuebot_would_misread(client, capture, call) -> None:
    with pytest.raises(ValueError):
        await call(client)
    assert capture.calls == []


async def test_a_group_calls_send_what_managegroup_reads(client, capture) -> None:
    """ManageGroup finds the group by id and each job by id; cores are floats in cores."""
    job_pb2 = proto_module("job")
    show_pb2 = proto_module("show")
    await client.get_job_whiteboard(Show(id="show-1", name="testing"))
    await client.reparent_jobs(GROUP, [JOB, "job-2"])
    await client.create_subgroup(GROUP, " lighting ")
    await client.rename_group(GROUP, "comp")
    await client.set_group_max_cores(GROUP, 200)
    await client.set_group_min_cores(GROUP, 10)
    await client.set_group_default_job_priority(GROUP, -1)
    await client.set_group_default_job_min_cores(GROUP, 2)
    await client.set_group_default_job_max_cores(GROUP, 8)
    wb, move, create, name, max_c, min_c, pri, dmin, dmax = capture.calls
    w = json_format.ParseDict(wb[1], show_pb2.ShowGetJobWhiteboardRequest())
    assert (w.show.id, wb[0]) == ("show-1", "/show.ShowInterface/GetJobWhiteboard")
    r = json_format.ParseDict(move[1], job_pb2.GroupReparentJobsRequest())
    assert r.group.id == "group-1" and [j.id for j in r.jobs.jobs] == ["job-1", "job-2"]
    c = json_format.ParseDict(create[1], job_pb2.GroupCreateSubGroupRequest())
    assert (c.group.id, c.name) == ("group-1", "lighting")
    n = json_format.ParseDict(name[1], job_pb2.GroupSetNameRequest())
    assert (n.group.id, n.name) == ("group-1", "comp")
    assert json_format.ParseDict(max_c[1], job_pb2.GroupSetMaxCoresRequest()).max_cores == 200
    assert json_format.ParseDict(min_c[1], job_pb2.GroupSetMinCoresRequest()).min_cores == 10
    p = json_format.ParseDict(pri[1], job_pb2.GroupSetDefJobPriorityRequest())
    assert (p.group.id, p.priority) == ("group-1", -1)
    assert json_format.ParseDict(dmin[1], job_pb2.GroupSetDefJobMinCoresRequest()).min_cores == 2
    assert json_format.ParseDict(dmax[1], job_pb2.GroupSetDefJobMaxCoresRequest()).max_cores == 8


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.reparent_jobs(GROUP, []),
        lambda c: c.reparent_jobs(Group(name="no id"), [JOB]),
        lambda c: c.create_subgroup(GROUP, "   "),
        lambda c: c.rename_group(GROUP, "x" * 37),
        lambda c: c.set_group_max_cores(GROUP, 0),  # Cuebot: 500, under one core
        lambda c: c.set_group_max_cores(GROUP, 1.5),  # Cuebot would keep 1
        lambda c: c.set_group_min_cores(GROUP, -1),
        lambda c: c.set_group_default_job_priority(GROUP, -5),  # -1 on the group, -5 on jobs
        lambda c: c.set_group_default_job_max_cores(GROUP, 0),  # -1 on the group, 0 on jobs
        lambda c: c.set_group_default_job_min_cores(GROUP, float("nan")),
    ],
)
async def test_a_group_calls_refuse_what_cuebot_would_misread(client, capture, call) -> None:
    with pytest.raises(ValueError):
        await call(client)
    assert capture.calls == []


def test_c_nested_group_reads_the_whiteboard() -> None:
    """Every field of a populated NestedGroup but `parent` (the nesting says it)."""
    from cuetui.models.group import NestedGroup

    msg = populate(proto_module("job").NestedGroup())
    msg.ClearField("parent")
    parsed = NestedGroup.model_validate_json(
        json_format.MessageToJson(msg, always_print_fields_with_no_presence=True)
    )
    child = msg.groups.nested_groups[0] if msg.groups.nested_groups else None
    for field in ("id", "name", "department", "default_job_priority", "level", "min_gpus"):
        assert getattr(parsed, field) == getattr(msg, field), field
    assert parsed.max_cores == pytest.approx(msg.max_cores)
    assert parsed.default_job_max_cores == pytest.approx(msg.default_job_max_cores)
    assert parsed.jobs == list(msg.jobs)
    assert [j.id for j in parsed.inline_jobs] == [j.id for j in msg.inline_jobs]
    _check(parsed.stats, msg.stats, "NestedGroup.stats")
    if child is not None:
        assert parsed.children[0].id == child.id


async def test_c_client_reads_the_whiteboard(client) -> None:
    root = await client.get_job_whiteboard("show-1")
    assert root.id and root.inline_jobs and root.inline_jobs[0].job_stats is not None


async def test_a_services_send_the_whole_service_by_id_in_wire_units(client, capture) -> None:
    """Update is not a patch: an edit reads the row afresh (by id) and sends it whole, the
    changed values in wire units (centcores, KB); an override's timeouts follow in an Update
    since CreateServiceOverride drops them."""
    service_pb2 = proto_module("service")
    await client.edit_service(SERVICE, min_cores=350, max_cores=0, min_memory=6 * 1024 * 1024)
    await client.create_service_override(Show(id="show-1"), SERVICE)
    (read, by), (_, update), (create_path, create), (path, follow) = capture.calls
    assert (read, by) == (paths.SERVICE_GET, {"name": "svc-1"})
    u = json_format.ParseDict(update, service_pb2.ServiceUpdateRequest())
    fresh = populate(service_pb2.ServiceGetServiceResponse()).service
    assert u.service.id == fresh.id and u.service.name == fresh.name  # the row as read
    assert (u.service.min_cores, u.service.max_cores) == (350, 0)
    assert u.service.min_memory == 6 * 1024 * 1024
    assert u.service.min_memory_increase == fresh.min_memory_increase
    assert create_path == paths.SHOW_CREATE_SERVICE_OVERRIDE and "id" not in create["service"]
    assert path == paths.SERVICE_OVERRIDE_UPDATE
    f = json_format.ParseDict(follow, service_pb2.ServiceOverrideUpdateRequest())
    assert f.service.id and (f.service.timeout, f.service.timeout_llu) == (60, 10)
    assert f.service.min_cores == 400 and list(f.service.tags) == ["general", "gpu"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"min_cores": 0}, "min cores"),
        ({"min_memory": 2**31}, "min memory"),
        ({"min_memory_increase": 0}, "memory increase"),
        ({"tags": []}, "at least one tag"),
        ({"tags": ["x" * 130]}, "128 characters"),
        ({"name": "ab"}, "at least 3"),
        ({"name": "a b c"}, "letters, digits"),
        ({"max_cores": 50, "min_cores": 100}, "below min cores"),
    ],
)
async def test_a_a_bad_service_value_sends_nothing(client, capture, changes, message) -> None:
    with pytest.raises(ValueError, match=message):
        await client.edit_service(SERVICE, **changes)
    assert capture.calls == []
