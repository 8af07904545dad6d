"""Content-based routing: EventBridge event patterns and SNS filter policies.

`compile_pattern(pattern)` validates a pattern the way EventBridge does (raising PatternError
with the service's reason and where in the pattern it is) and returns a Matcher whose
`matches(event)` runs precompiled code. `compile_pattern(policy, sns=True)` applies SNS
filter-policy rules instead (no `wildcard`, no anything-but suffix, at most five keys and
150 value combinations, numbers within +/-1e9 with five decimals). The `test-pattern`
command line lives in `simulator.patterns.cli` (imported here so `patterns.cli` works).
"""

from simulator.patterns import cli as cli
from simulator.patterns.compiler import compile_pattern
from simulator.patterns.errors import PatternError
from simulator.patterns.matcher import Matcher

__all__ = ["Matcher", "PatternError", "compile_pattern"]
