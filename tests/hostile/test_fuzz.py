"""Hypothesis over hostile documents (tests/hostile/fuzz.py), in a memory-capped child.

Every generated document must end in a clear TopologyError or read, check, export
(JSON/YAML round-trip exactly) and, when small, run with a balanced ledger; each example
has a 10 s limit and the child is capped at 2 GB of address space. Set HOSTILE_FUZZ_SEED
or HOSTILE_FUZZ_EXAMPLES to explore further than CI's fixed 200 examples.
"""

from __future__ import annotations

import json
import os

from tests.hostile.conftest import run_in_worker

EXAMPLES = int(os.environ.get("HOSTILE_FUZZ_EXAMPLES", 200))
SEED = int(os.environ.get("HOSTILE_FUZZ_SEED", 18))


def test_hostile_documents_end_cleanly() -> None:
    """No document crashes, hangs or takes memory: each is a clear error or a good result."""
    (outcome,) = run_in_worker([{"fuzz": EXAMPLES, "seed": SEED}], timeout=300)
    assert outcome["crash"] is None, outcome["crash"]
    tally = json.loads(outcome["stdout"])
    assert sum(tally.values()) >= EXAMPLES
    assert tally.get("clean error", 0) > 0 and tally.get("valid, ran", 0) > 0
    assert outcome["grew_mb"] < 500
