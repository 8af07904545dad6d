"""Issue 18's named hostile inputs: each ends in a clear error or a correct result, in bounds.

All cases run in one child process capped at 2 GB of address space, each with a 10 s
limit (tests/hostile/worker.py); a case that crashes, times out or grows memory by more
than 300 MB fails here with its command line.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.hostile.cases import Case, all_cases
from tests.hostile.conftest import run_in_worker

CASES = all_cases()
MAX_GROWTH_MB = 300


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, Any]]:
    """Every case's outcome, keyed by its command line."""
    results = run_in_worker([case.argv for case in CASES])
    return {" ".join(r["case"]): r for r in results}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_ends_cleanly(case: Case, outcomes: dict[str, dict[str, Any]]) -> None:
    """The command ends as expected: a clear error naming the problem, or success."""
    outcome = outcomes[" ".join(case.argv)]
    assert outcome["crash"] is None, outcome["crash"]
    assert "Traceback" not in outcome["stderr"]
    assert outcome["grew_mb"] < MAX_GROWTH_MB
    if case.expect == "error":
        assert outcome["code"] not in (0, None), outcome["stdout"][-300:]
        assert outcome["stderr"].strip(), "an error must say what is wrong"
        assert case.says in outcome["stderr"], outcome["stderr"]
        assert "root:x:0:0" not in outcome["stderr"]  # never echo a file's content
    else:
        assert outcome["code"] == 0, outcome["stderr"]
        assert case.says in outcome["stdout"] + outcome["stderr"]
