"""The named hostile cases of issue 18: command lines, their category and expected outcome.

Each case is an `eventscape-sim` argument list. `error` cases must end in a clear error
(non-zero exit, a message on stderr, no traceback); `ok` cases must succeed. Files are
in tests/hostile/files/ (made by hand or by `make_files.py`).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

FILES = Path(__file__).parent / "files"
EXPORTS = ("json", "yaml", "graphml", "mermaid", "dot")


@dataclass
class Case:
    """One command line, what it exercises and how it must end."""

    category: str
    argv: list[str]
    expect: str  # "error" or "ok"
    says: str = ""  # text the error message must contain
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """A readable test id."""
        return " ".join(Path(a).name if "/" in a else a for a in self.argv)[:80]


def _f(name: str) -> str:
    return str(FILES / name)


# file -> (category, validate outcome, text in the message)
FILE_CASES: dict[str, tuple[str, str, str]] = {
    "bomb-detail.yaml": ("alias bombs", "error", "aliases"),
    "bomb-id.yaml": ("alias bombs", "error", "aliases"),
    "bomb-pattern.yaml": ("alias bombs", "error", "aliases"),
    "bomb-position.yaml": ("alias bombs", "error", "aliases"),
    "bomb-unknown-key.yaml": ("alias bombs", "error", "aliases"),
    "bomb-version.yaml": ("alias bombs", "error", "aliases"),
    "recursive-alias.yaml": ("alias bombs", "error", "contains it"),
    "deep-detail-450.yaml": ("deep nesting", "error", "nested deeper than 64"),
    "deep-detail-900.yaml": ("deep nesting", "error", "nested deeper than 64"),
    "deep-detail-900.json": ("deep nesting", "error", "nested deeper than 64"),
    "pattern-dotted-2000.json": ("deep nesting", "error", "nested deeper than 64"),
    "pattern-or-200.yaml": ("deep nesting", "error", "nested deeper than 64"),
    "pattern-or-200.json": ("deep nesting", "error", "nested deeper than 64"),
    "unhashable-key.yaml": ("deep nesting", "error", "a key must be a name"),
    "object-as-name.yaml": ("small ones", "error", ".latency.dist: must be one of"),
    "object-as-kind.yaml": ("small ones", "error", ".kind: must be one of"),
    "number-4000-digits.yaml": ("huge numbers", "error", "between 1e-12 and 1e+15"),
    "number-4000-digits-pattern.yaml": ("huge numbers", "error", "between 1e-12 and 1e+15"),
    "randint-1e300.yaml": ("huge numbers", "error", "between 1e-12 and 1e+15"),
    "uniform-1e308.yaml": ("huge numbers", "error", "between 1e-12 and 1e+15"),
    "seq-400-digits.yaml": ("huge numbers", "error", "between 1e-12 and 1e+15"),
    "duration-5e-324.yaml": ("huge numbers", "error", "scenario.duration"),
    "duration-3e11.yaml": ("huge numbers", "error", "a run must last"),
    "rate-1e308.yaml": ("huge numbers", "error", "between 1e-12 and 1e+15"),
    "nan-yaml.yaml": ("small ones", "error", "must be a finite number"),
    "inf-yaml.yaml": ("small ones", "error", "must be a finite number"),
    "nan.json": ("small ones", "error", "line 1, column 57"),
    "duplicate-key.json": ("small ones", "error", "line 2, column 2"),
    "id-trailing-newline.yaml": ("small ones", "error", "'bus\\n'"),
    "id-ansi.yaml": ("small ones", "error", "\\x1b[31m"),
    "trace-escape.yaml": ("trace files", "error", "relative to the topology's folder"),
    "ok.yaml": ("correct results", "ok", ""),
    "names.yaml": ("correct results", "ok", ""),
}

# Files that validate but must not run: (category, text in the run's error).
RUN_ERRORS: dict[str, tuple[str, str]] = {
    "trace-nan.yaml": ("trace files", "row 2: must be a finite number >= 0"),
    "trace-negative.yaml": ("trace files", "row 3: must be a finite number >= 0"),
}


def _special_files() -> dict[str, str]:
    """A FIFO and a directory to read from (made once per test session)."""
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    fifo = folder / "topology.yaml"
    os.mkfifo(fifo)
    (folder / "dir.yaml").mkdir()
    (folder / "existing.txt").write_text("not a folder\n")
    ok = (FILES / "ok.yaml").read_text(encoding="utf-8")
    os.mkfifo(folder / "trace-fifo.csv")
    (folder / "trace-link.csv").symlink_to("/etc/passwd")
    for name in ("trace-fifo", "trace-link"):
        load = f"{{profile: trace, file: {name}.csv}}"
        text = ok.replace("{profile: poisson, rate: 5}", load)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return {
        "fifo": str(fifo),
        "dir": str(folder / "dir.yaml"),
        "file": str(folder / "existing.txt"),
        "folder": str(folder),
    }


def all_cases() -> list[Case]:
    """Every named case, in a stable order."""
    cases: list[Case] = []
    for name, (category, expect, says) in FILE_CASES.items():
        cases.append(Case(category, ["validate", _f(name)], expect, says))
        if expect == "ok":
            cases.append(Case(category, ["run", _f(name), "--json"], "ok"))
            cases += [Case(category, ["export", _f(name), "--to", fmt], "ok") for fmt in EXPORTS]
        elif category != "small ones":
            cases.append(Case(category, ["run", _f(name)], "error", says))
            cases.append(Case(category, ["export", _f(name), "--to", "mermaid"], "error", says))
    for name, (category, says) in RUN_ERRORS.items():
        cases.append(Case(category, ["run", _f(name)], "error", says))
    special = _special_files()
    for what in ("/dev/zero", special["fifo"], special["dir"]):
        for argv in (
            ["validate", what],
            ["export", what, "--to", "dot"],
            ["run", what],
            ["test-pattern", f"@{what}", "{}"],
            ["test-pattern", "{}", f"@{what}"],
        ):
            cases.append(Case("non-regular files", argv, "error", "not a regular file"))
    cases.append(
        Case(
            "deep nesting",
            ["test-pattern", f"@{_f('pattern-dotted-2000.pattern')}", "{}"],
            "error",
            "nested deeper than 64",
        )
    )
    cases.append(
        Case(
            "deep nesting",
            ["test-pattern", f"@{_f('pattern-or-200.pattern')}", "{}"],
            "error",
            "nested deeper than 64",
        )
    )
    for argv, says in (
        (["run", _f("router-loop-doubles.yaml")], "loop that multiplies events (r1, r2, r3)"),
        (["run", _f("rho-5-1e7s.yaml")], "a backlog of 4e+07 events at c"),
        (["run", _f("rate-1e9.yaml")], "more than the memory budget"),
        (["run", _f("rate-1e9.yaml"), "--replications", "3", "--workers", "2"], "memory budget"),
        (["run", _f("ok.yaml"), "--interval", "1e-6"], "60,000,000 time-series rows"),
        (["run", _f("ok.yaml"), "--duration", "3e11"], "a run must last"),
        (["run", _f("router-loop-filtered.yaml"), "--memory-budget", "150"], "stopped at t="),
    ):
        cases.append(Case("memory", argv, "error", says))
    cases.append(Case("memory", ["validate", _f("router-loop-doubles.yaml")], "error",
                      "loop that multiplies events (r1, r2, r3)"))  # fmt: skip
    for name in ("rho-5-1e7s.yaml", "rate-1e9.yaml"):  # valid, with the estimate as a warning
        cases.append(Case("memory", ["validate", _f(name)], "ok", "more than the memory budget"))
    folder = special["folder"]
    cases.append(Case("trace files", ["run", f"{folder}/trace-fifo.yaml"], "error",
                      "not a regular file (a named pipe)"))  # fmt: skip
    cases.append(Case("trace files", ["run", f"{folder}/trace-link.yaml"], "error",
                      "leads outside the topology's folder"))  # fmt: skip
    ok = _f("ok.yaml")
    for argv, says in (
        (["export", ok, "--to", "dot", "-o", "/nonexistent/x.dot"], "does not exist"),
        (["export", ok, "--to", "dot", "-o", special["folder"]], "is a folder"),
        (["export", ok, "--to", "dot", "-o", "/dev/null"], "not a regular file"),
        (["export", ok, "--to", "dot", "-o", f"{special['file']}/x.dot"], "is not a folder"),
        (["schema", "-o", "/nonexistent/schema.json"], "does not exist"),
        (["schema", "-o", special["folder"]], "is a folder"),
        (["run", ok, "--out", special["file"]], "not a folder"),
        (["run", ok, "--replications", "2", "--out", special["file"]], "not a folder"),
    ):
        cases.append(Case("output paths", argv, "error", says))
    return cases
