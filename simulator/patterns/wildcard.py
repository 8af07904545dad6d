"""The `wildcard` operator: parsing, matching, and EventBridge's rule-complexity check."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import methodcaller

from simulator.patterns.errors import Context

STAR = None  # token standing for `*` in a parsed wildcard
Token = str | None

# Most simultaneously active wildcard-matcher states a field may need (EventBridge rejects more).
MAX_COMPLEXITY = 10
_MAX_EXPLORED = 20_000
_TOO_COMPLEX = (
    "Rule is too complex - try using fewer wildcard characters or fewer repeating "
    "character sequences after a wildcard character"
)


def parse_wildcard(text: str, ctx: Context, path: list[str]) -> list[Token]:
    """Split a wildcard into literal runs and STAR tokens; reject `**` and bad escapes."""
    tokens: list[Token] = []
    literal: list[str] = []
    pos = 1  # byte position inside the quoted JSON string, as the service reports it
    i = 0
    while i < len(text):
        char = text[i]
        if char == "*":
            if i + 1 < len(text) and text[i + 1] == "*":
                raise ctx.fail(f"Consecutive wildcard characters at pos {pos}", path)
            if literal:
                tokens.append("".join(literal))
                literal = []
            tokens.append(STAR)
        elif char == "\\":
            if i + 1 < len(text) and text[i + 1] in "*\\":
                literal.append(text[i + 1])
                i += 1
                pos += 1
            else:
                raise ctx.fail(f"Invalid escape character at pos {pos}", path)
        else:
            literal.append(char)
        pos += len(char.encode("utf-8"))
        i += 1
    if literal:
        tokens.append("".join(literal))
    return tokens


def wildcard_matcher(tokens: Sequence[Token]) -> Callable[[str], bool]:
    """Compile parsed tokens into a fast `str -> bool` glob matcher (no regex backtracking)."""
    if STAR not in tokens:
        exact = "".join(t for t in tokens if t is not None)
        return exact.__eq__
    pieces = _pieces(tokens)
    head, middle, tail = pieces[0], tuple(pieces[1:-1]), pieces[-1]
    least = len(head) + len(tail)
    if not middle:  # one star: a prefix and a suffix that must not overlap
        if not tail:
            return methodcaller("startswith", head)
        if not head:
            return methodcaller("endswith", tail)
        return lambda value: len(value) >= least and value.startswith(head) and value.endswith(tail)

    def match(value: str) -> bool:
        if len(value) < least or not value.startswith(head) or not value.endswith(tail):
            return False
        at, end = len(head), len(value) - len(tail)
        for piece in middle:
            found = value.find(piece, at, end)
            if found < 0:
                return False
            at = found + len(piece)
        return True

    return match


def _pieces(tokens: Sequence[Token]) -> list[str]:
    """Literal text between stars: n stars give n + 1 pieces (possibly empty)."""
    pieces = [""]
    for token in tokens:
        if token is STAR:
            pieces.append("")
        else:
            pieces[-1] += token
    return pieces


def check_complexity(patterns: Sequence[Sequence[Token]], ctx: Context, path: list[str]) -> None:
    """Reject a field whose wildcards could keep too many matcher states alive at once."""
    if sum(1 for tokens in patterns if STAR in tokens) == 0:
        return
    if _complexity(patterns) > MAX_COMPLEXITY:
        raise ctx.fail(_TOO_COMPLEX, path)


def _complexity(patterns: Sequence[Sequence[Token]]) -> int:
    """Max number of simultaneously active NFA states over every possible input string."""
    machines = [_byte_tokens(tokens) for tokens in patterns]
    alphabet = {b for machine in machines for b in machine if b is not None}
    alphabet.add(-1)  # stands for every byte that appears in no pattern
    start = tuple(_closure(machine, {0}) for machine in machines)
    seen = {start}
    todo = [start]
    worst = 0
    while todo:
        if len(seen) > _MAX_EXPLORED:
            return MAX_COMPLEXITY + 1
        current = todo.pop()
        for byte in alphabet:
            following = tuple(
                _step(machine, states, byte)
                for machine, states in zip(machines, current, strict=True)
            )
            size = sum(len(states) for states in following)
            if size == 0:
                continue
            worst = max(worst, size)
            if worst > MAX_COMPLEXITY:
                return worst
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return worst


def _byte_tokens(tokens: Sequence[Token]) -> list[int | None]:
    """The pattern as UTF-8 bytes between quote bytes, with None for each star."""
    out: list[int | None] = [ord('"')]
    for token in tokens:
        if token is STAR:
            out.append(None)
        else:
            out.extend(token.encode("utf-8"))
    out.append(ord('"'))
    return out


def _closure(machine: list[int | None], states: set[int]) -> frozenset[int]:
    """Add the states reachable through stars matching the empty string."""
    result = set(states)
    stack = list(states)
    while stack:
        state = stack.pop()
        if state < len(machine) and machine[state] is None and state + 1 not in result:
            result.add(state + 1)
            stack.append(state + 1)
    return frozenset(result)


def _step(machine: list[int | None], states: frozenset[int], byte: int) -> frozenset[int]:
    """Advance every active state on one input byte."""
    following = set()
    for state in states:
        if state < len(machine):
            token = machine[state]
            if token is None:
                following.add(state)
            elif token == byte:
                following.add(state + 1)
    return _closure(machine, following) if following else frozenset()
