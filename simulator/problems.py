"""Problems found in a topology (kept importable here; they live in `simulator.model`)."""

from simulator.model.problems import (
    MAX_MESSAGE,
    Problem,
    Severity,
    TopologyError,
    join_path,
    printable,
)

__all__ = ["MAX_MESSAGE", "Problem", "Severity", "TopologyError", "join_path", "printable"]
