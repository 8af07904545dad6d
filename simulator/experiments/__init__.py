"""Experiments: parameter sweeps, goal seeking and run-length control.

Replications run as independent tasks (topology, overrides, seed) in this process, on a
local pool of spawned processes or on a Dask `distributed` cluster; the same seeds give
the same figures whichever runs them. See `overrides` (what may vary), `sweep`, `goal`,
`runlength` (--target-ci, --warmup auto by MSER-5) and `runners`.
"""

from simulator.experiments.goal import (
    Evaluation,
    GoalResult,
    Stopped,
    planned_evaluations,
    seek,
)
from simulator.experiments.metrics import Interval, Target, aggregate, flatten
from simulator.experiments.output import sweep_csv, sweep_table
from simulator.experiments.overrides import (
    MAX_POINTS,
    Setting,
    apply,
    grid,
    parse_setting,
    parse_values,
)
from simulator.experiments.overrides import resolve as resolve_path
from simulator.experiments.runlength import auto_warmup, mser5, until_precise
from simulator.experiments.runners import (
    Batch,
    DaskRunner,
    PoolRunner,
    Runner,
    SerialRunner,
    Task,
    make_runner,
    replicate,
)
from simulator.experiments.sweep import Point, Precision, SweepResult, run_sweep

__all__ = [
    "MAX_POINTS",
    "Batch",
    "DaskRunner",
    "Evaluation",
    "GoalResult",
    "Interval",
    "Point",
    "PoolRunner",
    "Precision",
    "Runner",
    "SerialRunner",
    "Setting",
    "Stopped",
    "SweepResult",
    "Target",
    "Task",
    "aggregate",
    "apply",
    "auto_warmup",
    "flatten",
    "grid",
    "make_runner",
    "mser5",
    "parse_setting",
    "parse_values",
    "planned_evaluations",
    "replicate",
    "resolve_path",
    "run_sweep",
    "seek",
    "sweep_csv",
    "sweep_table",
    "until_precise",
]
