"""Every gateway path the client calls: `POST /<proto package>.<Service>/<Method>`.

The package is the proto package, not the object: frames, layers and groups live in `job.`,
procs and owners in `host.`, allocations in `facility.` (docs/wire-contract.md, "Paths").
Contract tests check each one against the services of the real protos.
"""

from __future__ import annotations

# show.ShowInterface
GET_SHOWS = "/show.ShowInterface/GetShows"
GET_ACTIVE_SHOWS = "/show.ShowInterface/GetActiveShows"
FIND_SHOW = "/show.ShowInterface/FindShow"
SHOW_GET_SUBSCRIPTIONS = "/show.ShowInterface/GetSubscriptions"
SHOW_GET_GROUPS = "/show.ShowInterface/GetGroups"

# job.JobInterface
GET_JOBS = "/job.JobInterface/GetJobs"
GET_JOB = "/job.JobInterface/GetJob"
FIND_JOB = "/job.JobInterface/FindJob"
GET_JOB_NAMES = "/job.JobInterface/GetJobNames"
GET_LAYERS = "/job.JobInterface/GetLayers"
GET_FRAMES = "/job.JobInterface/GetFrames"
GET_UPDATED_FRAMES = "/job.JobInterface/GetUpdatedFrames"
GET_COMMENTS = "/job.JobInterface/GetComments"
GET_DEPENDS = "/job.JobInterface/GetDepends"
GET_WHAT_THIS_DEPENDS_ON = "/job.JobInterface/GetWhatThisDependsOn"
GET_WHAT_DEPENDS_ON_THIS = "/job.JobInterface/GetWhatDependsOnThis"
JOB_DROP_DEPENDS = "/job.JobInterface/DropDepends"
ADD_COMMENT = "/job.JobInterface/AddComment"
JOB_PAUSE = "/job.JobInterface/Pause"
JOB_RESUME = "/job.JobInterface/Resume"
JOB_KILL = "/job.JobInterface/Kill"
JOB_RETRY_FRAMES = "/job.JobInterface/RetryFrames"
JOB_EAT_FRAMES = "/job.JobInterface/EatFrames"
JOB_KILL_FRAMES = "/job.JobInterface/KillFrames"
JOB_MARK_AS_WAITING = "/job.JobInterface/MarkAsWaiting"
JOB_SET_PRIORITY = "/job.JobInterface/SetPriority"
JOB_SET_MIN_CORES = "/job.JobInterface/SetMinCores"
JOB_SET_MAX_CORES = "/job.JobInterface/SetMaxCores"

# job.LayerInterface
GET_LAYER = "/job.LayerInterface/GetLayer"
LAYER_KILL_FRAMES = "/job.LayerInterface/KillFrames"
LAYER_RETRY_FRAMES = "/job.LayerInterface/RetryFrames"
LAYER_EAT_FRAMES = "/job.LayerInterface/EatFrames"
LAYER_SET_TAGS = "/job.LayerInterface/SetTags"
LAYER_SET_MIN_CORES = "/job.LayerInterface/SetMinCores"
LAYER_SET_MIN_MEMORY = "/job.LayerInterface/SetMinMemory"

# job.FrameInterface
GET_FRAME = "/job.FrameInterface/GetFrame"
FRAME_RETRY = "/job.FrameInterface/Retry"
FRAME_EAT = "/job.FrameInterface/Eat"
FRAME_KILL = "/job.FrameInterface/Kill"
FRAME_MARK_AS_WAITING = "/job.FrameInterface/MarkAsWaiting"
FRAME_GET_WHAT_THIS_DEPENDS_ON = "/job.FrameInterface/GetWhatThisDependsOn"

# depend.DependInterface
DEPEND_SATISFY = "/depend.DependInterface/Satisfy"
DEPEND_UNSATISFY = "/depend.DependInterface/Unsatisfy"

# host.HostInterface
GET_HOSTS = "/host.HostInterface/GetHosts"
GET_HOST = "/host.HostInterface/GetHost"
FIND_HOST = "/host.HostInterface/FindHost"
HOST_GET_PROCS = "/host.HostInterface/GetProcs"
HOST_LOCK = "/host.HostInterface/Lock"
HOST_UNLOCK = "/host.HostInterface/Unlock"
HOST_ADD_TAGS = "/host.HostInterface/AddTags"
HOST_REMOVE_TAGS = "/host.HostInterface/RemoveTags"
HOST_RENAME_TAG = "/host.HostInterface/RenameTag"
HOST_SET_HARDWARE_STATE = "/host.HostInterface/SetHardwareState"

# host.ProcInterface
GET_PROCS = "/host.ProcInterface/GetProcs"
PROC_KILL = "/host.ProcInterface/Kill"
PROC_UNBOOK = "/host.ProcInterface/Unbook"

# facility.AllocationInterface
GET_ALLOCATIONS = "/facility.AllocationInterface/GetAll"
FIND_ALLOCATION = "/facility.AllocationInterface/Find"
ALLOC_GET_SUBSCRIPTIONS = "/facility.AllocationInterface/GetSubscriptions"
ALLOC_SET_BILLABLE = "/facility.AllocationInterface/SetBillable"

# facility.FacilityInterface
GET_FACILITY = "/facility.FacilityInterface/Get"

# limit.LimitInterface, service.ServiceInterface
GET_LIMITS = "/limit.LimitInterface/GetAll"
GET_DEFAULT_SERVICES = "/service.ServiceInterface/GetDefaultServices"

# Show administration (client/shows_admin.py)
SHOW_CREATE_SUBSCRIPTION = "/show.ShowInterface/CreateSubscription"
SHOW_SET_DEFAULT_MIN_CORES = "/show.ShowInterface/SetDefaultMinCores"
SHOW_SET_DEFAULT_MAX_CORES = "/show.ShowInterface/SetDefaultMaxCores"
SHOW_ENABLE_BOOKING = "/show.ShowInterface/EnableBooking"
SHOW_ENABLE_DISPATCHING = "/show.ShowInterface/EnableDispatching"
SHOW_SET_COMMENT_EMAIL = "/show.ShowInterface/SetCommentEmail"
SHOW_SET_ACTIVE = "/show.ShowInterface/SetActive"
SUB_SET_SIZE = "/subscription.SubscriptionInterface/SetSize"
SUB_SET_BURST = "/subscription.SubscriptionInterface/SetBurst"
SUB_DELETE = "/subscription.SubscriptionInterface/Delete"

# Groups (client/groups.py)
SHOW_GET_JOB_WHITEBOARD = "/show.ShowInterface/GetJobWhiteboard"
GROUP_REPARENT_JOBS = "/job.GroupInterface/ReparentJobs"
GROUP_CREATE_SUB_GROUP = "/job.GroupInterface/CreateSubGroup"
GROUP_SET_NAME = "/job.GroupInterface/SetName"
GROUP_DELETE = "/job.GroupInterface/Delete"
GROUP_SET_MIN_CORES = "/job.GroupInterface/SetMinCores"
GROUP_SET_MAX_CORES = "/job.GroupInterface/SetMaxCores"
GROUP_SET_DEFAULT_JOB_PRIORITY = "/job.GroupInterface/SetDefaultJobPriority"
GROUP_SET_DEFAULT_JOB_MIN_CORES = "/job.GroupInterface/SetDefaultJobMinCores"
GROUP_SET_DEFAULT_JOB_MAX_CORES = "/job.GroupInterface/SetDefaultJobMaxCores"

# Filters (client/filters.py)
SHOW_GET_FILTERS = "/show.ShowInterface/GetFilters"
SHOW_CREATE_FILTER = "/show.ShowInterface/CreateFilter"
FILTER_GET_MATCHERS = "/filter.FilterInterface/GetMatchers"
FILTER_GET_ACTIONS = "/filter.FilterInterface/GetActions"
FILTER_SET_ENABLED = "/filter.FilterInterface/SetEnabled"
FILTER_SET_NAME = "/filter.FilterInterface/SetName"
FILTER_SET_TYPE = "/filter.FilterInterface/SetType"
FILTER_SET_ORDER = "/filter.FilterInterface/SetOrder"
FILTER_RAISE_ORDER = "/filter.FilterInterface/RaiseOrder"
FILTER_LOWER_ORDER = "/filter.FilterInterface/LowerOrder"
FILTER_ORDER_FIRST = "/filter.FilterInterface/OrderFirst"
FILTER_ORDER_LAST = "/filter.FilterInterface/OrderLast"
FILTER_DELETE = "/filter.FilterInterface/Delete"
FILTER_CREATE_MATCHER = "/filter.FilterInterface/CreateMatcher"
FILTER_CREATE_ACTION = "/filter.FilterInterface/CreateAction"
FILTER_RUN_ON_JOBS = "/filter.FilterInterface/RunFilterOnJobs"
MATCHER_COMMIT = "/filter.MatcherInterface/Commit"
MATCHER_DELETE = "/filter.MatcherInterface/Delete"
ACTION_COMMIT = "/filter.ActionInterface/Commit"
ACTION_DELETE = "/filter.ActionInterface/Delete"

# Host administration (client/hosts_admin.py)
HOST_REBOOT = "/host.HostInterface/Reboot"
HOST_REBOOT_WHEN_IDLE = "/host.HostInterface/RebootWhenIdle"
HOST_SET_ALLOCATION = "/host.HostInterface/SetAllocation"
HOST_SET_THREAD_MODE = "/host.HostInterface/SetThreadMode"
HOST_SET_OS = "/host.HostInterface/SetOs"
HOST_DELETE = "/host.HostInterface/Delete"
HOST_REDIRECT_TO_JOB = "/host.HostInterface/RedirectToJob"
HOST_GET_COMMENTS = "/host.HostInterface/GetComments"
HOST_ADD_COMMENT = "/host.HostInterface/AddComment"
COMMENT_SAVE = "/comment.CommentInterface/Save"
COMMENT_DELETE = "/comment.CommentInterface/Delete"

# Job, layer and frame knobs (client/knobs.py)
JOB_SET_MAX_RETRIES = "/job.JobInterface/SetMaxRetries"
JOB_SET_AUTO_EAT = "/job.JobInterface/SetAutoEat"
JOB_SET_MIN_GPUS = "/job.JobInterface/SetMinGpus"
JOB_SET_MAX_GPUS = "/job.JobInterface/SetMaxGpus"
JOB_REORDER_FRAMES = "/job.JobInterface/ReorderFrames"
JOB_STAGGER_FRAMES = "/job.JobInterface/StaggerFrames"
JOB_MARK_DONE_FRAMES = "/job.JobInterface/MarkDoneFrames"
LAYER_SET_MAX_CORES = "/job.LayerInterface/SetMaxCores"
LAYER_SET_MIN_GPUS = "/job.LayerInterface/SetMinGpus"
LAYER_SET_MAX_GPUS = "/job.LayerInterface/SetMaxGpus"
LAYER_SET_MIN_GPU_MEMORY = "/job.LayerInterface/SetMinGpuMemory"
LAYER_SET_TIMEOUT = "/job.LayerInterface/SetTimeout"
LAYER_SET_TIMEOUT_LLU = "/job.LayerInterface/SetTimeoutLLU"
LAYER_SET_THREADABLE = "/job.LayerInterface/SetThreadable"
LAYER_MARKDONE_FRAMES = "/job.LayerInterface/MarkdoneFrames"
# limit.LimitInterface writes (ManageLimit finds each limit by NAME; client/limits.py)
LIMIT_CREATE = "/limit.LimitInterface/Create"
LIMIT_SET_MAX_VALUE = "/limit.LimitInterface/SetMaxValue"
LIMIT_RENAME = "/limit.LimitInterface/Rename"
LIMIT_DELETE = "/limit.LimitInterface/Delete"
# Services and show overrides (ManageService/ManageServiceOverride find by id; client/services.py)
SHOW_GET_SERVICE_OVERRIDES = "/show.ShowInterface/GetServiceOverrides"
SHOW_CREATE_SERVICE_OVERRIDE = "/show.ShowInterface/CreateServiceOverride"
SHOW_GET_SERVICE_OVERRIDE = "/show.ShowInterface/GetServiceOverride"
SERVICE_GET = "/service.ServiceInterface/GetService"
SERVICE_CREATE = "/service.ServiceInterface/CreateService"
SERVICE_UPDATE = "/service.ServiceInterface/Update"
SERVICE_DELETE = "/service.ServiceInterface/Delete"
SERVICE_OVERRIDE_UPDATE = "/service.ServiceOverrideInterface/Update"
SERVICE_OVERRIDE_DELETE = "/service.ServiceOverrideInterface/Delete"
# Creating depends (client/depends.py; Cuebot looks both sides up by id)
JOB_DEPEND_ON_JOB = "/job.JobInterface/CreateDependencyOnJob"
LAYER_DEPEND_ON_LAYER = "/job.LayerInterface/CreateDependencyOnLayer"
LAYER_FRAME_BY_FRAME = "/job.LayerInterface/CreateFrameByFrameDependency"
FRAME_DEPEND_ON_FRAME = "/job.FrameInterface/CreateDependencyOnFrame"

# Departments and tasks (client/depts.py): a department by its point id, a task by its id
SHOW_GET_DEPARTMENTS = "/show.ShowInterface/GetDepartments"
DEPT_GET_TASKS = "/department.DepartmentInterface/GetTasks"
DEPT_SET_MANAGED_CORES = "/department.DepartmentInterface/SetManagedCores"
DEPT_ENABLE_TI_MANAGED = "/department.DepartmentInterface/EnableTiManaged"
DEPT_DISABLE_TI_MANAGED = "/department.DepartmentInterface/DisableTiManaged"
DEPT_ADD_TASK = "/department.DepartmentInterface/AddTask"
TASK_SET_MIN_CORES = "/task.TaskInterface/SetMinCores"
TASK_CLEAR_ADJUSTMENTS = "/task.TaskInterface/ClearAdjustments"
TASK_DELETE = "/task.TaskInterface/Delete"
# Owners and deeds (client/owners.py): an owner by id (GetOwner by name), a host by name
SHOW_GET_DEEDS = "/show.ShowInterface/GetDeeds"
SHOW_CREATE_OWNER = "/show.ShowInterface/CreateOwner"
OWNER_GET_OWNER = "/host.OwnerInterface/GetOwner"
OWNER_TAKE_OWNERSHIP = "/host.OwnerInterface/TakeOwnership"
OWNER_SET_SHOW = "/host.OwnerInterface/SetShow"
OWNER_DELETE = "/host.OwnerInterface/Delete"
DEED_DELETE = "/host.DeedInterface/Delete"

ALL_PATHS: tuple[str, ...] = tuple(
    value for name, value in sorted(globals().items()) if name.isupper() and isinstance(value, str)
)
