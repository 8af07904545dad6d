"""What a new workflow node starts with, so that it is valid from the moment it is added."""

from __future__ import annotations

import copy
from typing import Any

STARTER: dict[str, Any] = {
    "Comment": "A new state machine: edit it as text or in the diagram",
    "StartAt": "Start",
    "States": {"Start": {"Type": "Pass", "End": True}},
}


def new_params(kind: str) -> dict[str, Any]:
    """Parameters a new node of `kind` needs to be valid (a workflow needs a definition)."""
    return {"definition": copy.deepcopy(STARTER)} if kind == "workflow" else {}
