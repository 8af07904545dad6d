"""Error names of the States language and how `ErrorEquals` matches them."""

from __future__ import annotations

ALL = "States.ALL"
TASK_FAILED = "States.TaskFailed"
TIMEOUT = "States.Timeout"
HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout"  # a task sent no heartbeat in HeartbeatSeconds
RUNTIME = "States.Runtime"
NO_CHOICE = "States.NoChoiceMatched"
PARAMETERS = "States.ParameterPathFailure"
RESULT_PATH = "States.ResultPathMatchFailure"
INTRINSIC = "States.IntrinsicFailure"
BRANCH_FAILED = "States.BranchFailed"
THROTTLED = "Lambda.TooManyRequestsException"  # a synchronous invocation found no environment
LAMBDA_TIMEOUT = "Sandbox.Timedout"  # a function ran past its timeout

# Errors that terminate the execution whatever Retry and Catch say (States.ALL skips them).
TERMINAL = frozenset({RUNTIME})


class StatesError(Exception):
    """An error raised while running a state: its ASL error name and cause."""

    def __init__(self, error: str, cause: str = ""):
        super().__init__(f"{error}: {cause}" if cause else error)
        self.error = error
        self.cause = cause


def matches(names: tuple[str, ...], error: str) -> bool:
    """True when an `ErrorEquals` list covers `error`.

    `States.ALL` matches every error except `States.Runtime`; `States.TaskFailed` matches
    every error except `States.Timeout` (and `States.Runtime`), as the ASL documents.
    """
    if error in names:
        return True
    if error in TERMINAL:
        return False
    if ALL in names:
        return True
    return TASK_FAILED in names and error != TIMEOUT
