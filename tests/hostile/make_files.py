"""Write the hostile fixture files of issue 18 into tests/hostile/files/ (run once; committed).

`python tests/hostile/make_files.py` regenerates them; each is a small variation of
`ok.yaml` with one hostile value, so every failure is about that value alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

FILES = Path(__file__).parent / "files"
OK = """\
format: eventscape/topology
version: 1
name: hostile
scenario: {duration: 60, seed: 1}
nodes:
  - id: p
    kind: producer
    load: {profile: poisson, rate: 5}
    events:
      - detail: {a: 1}
  - id: bus
    kind: router
  - id: c
    kind: consumer
edges:
  - {from: p, to: bus}
  - from: bus
    to: c
    pattern: {source: [p]}
"""
NAMES = """\
format: eventscape/topology
version: 1
name: "Shop: orders\\n---\\ntitle: injected"
description: "A description: kept by GraphML"
scenario: {duration: 30, seed: 2}
nodes:
  - {id: a.b, kind: producer, label: "Orders: web\\nand app", load: {profile: constant, rate: 2}}
  - {id: a-b, kind: topic, label: "Fan \\"out\\" <b>"}
  - {id: a_b, kind: consumer, label: "graph TD; x-->y"}
  - {id: ab, kind: consumer}
edges:
  - {from: a.b, to: a-b}
  - {from: a-b, to: a_b}
  - {from: a-b, to: ab}
"""

LOOP = """\
format: eventscape/topology
version: 1
name: loop that doubles
scenario: {duration: 60, seed: 1}
nodes:
  - {id: p, kind: producer, load: {profile: constant, rate: 1}}
  - {id: r1, kind: router, latency: 0.01}
  - {id: r2, kind: router, latency: 0.01}
  - {id: r3, kind: router, latency: 0.01}
  - {id: c, kind: consumer}
edges:
  - {from: p, to: r1}
  - {from: r1, to: r2}
  - {from: r1, to: r3}
  - {from: r2, to: r1}
  - {from: r3, to: r1}
  - {from: r1, to: c}
"""


def _bomb() -> str:
    """Nine levels of nine-fold aliases in one flow sequence (~300 bytes, 387M leaves)."""
    levels = ["&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "[" + ", ".join(levels) + "]"


def _variants() -> dict[str, str]:
    bomb = _bomb()
    deep_or = "{source: [p]}"
    for _ in range(200):
        deep_or = "{$or: [" + deep_or + ", {source: [q]}]}"
    replace = {
        "bomb-detail.yaml": ("detail: {a: 1}", "detail: {a: " + bomb + "}"),
        "bomb-id.yaml": ("  - id: bus\n", "  - id: " + bomb + "\n"),
        "bomb-unknown-key.yaml": ("name: hostile", "name: hostile\nzzz: " + bomb),
        "bomb-version.yaml": ("version: 1", "version: " + bomb),
        "bomb-pattern.yaml": ("pattern: {source: [p]}", "pattern: {source: " + bomb + "}"),
        "bomb-position.yaml": (
            "    kind: router\n",
            "    kind: router\n    position: " + bomb + "\n",
        ),
        "recursive-alias.yaml": ("detail: {a: 1}", "detail: {a: &r [*r]}"),
        "deep-detail-450.yaml": ("detail: {a: 1}", "detail: " + "{a: " * 450 + "1" + "}" * 450),
        "deep-detail-900.yaml": ("detail: {a: 1}", "detail: " + "{a: " * 900 + "1" + "}" * 900),
        "pattern-or-200.yaml": ("pattern: {source: [p]}", "pattern: " + deep_or),
        "number-4000-digits.yaml": ("detail: {a: 1}", "detail: {a: " + "9" * 4000 + "}"),
        "number-4000-digits-pattern.yaml": (
            "pattern: {source: [p]}",
            "pattern: {n: [" + "9" * 4000 + "]}",
        ),
        "unhashable-key.yaml": ("name: hostile", "name: hostile\n? [a, b]\n: 1"),
        "object-as-name.yaml": (
            "    kind: router\n",
            "    kind: router\n    latency: {dist: {a: 1}}\n",
        ),
        "object-as-kind.yaml": ("    kind: router\n", "    kind: {router: 1}\n"),
        "randint-1e300.yaml": ("detail: {a: 1}", "detail: {a: {$randint: [0, 1e300]}}"),
        "uniform-1e308.yaml": ("detail: {a: 1}", "detail: {a: {$uniform: [-1e308, 1e308]}}"),
        "seq-400-digits.yaml": ("detail: {a: 1}", "detail: {a: {$seq: " + "1" * 400 + "}}"),
        "duration-5e-324.yaml": ("duration: 60", "duration: 5e-324"),
        "duration-3e11.yaml": ("duration: 60", "duration: 3e11"),
        "id-ansi.yaml": ("  - id: bus\n", '  - id: "\\e[31mred\\e[0m"\n'),
        "nan-yaml.yaml": ("rate: 5", "rate: .nan"),
        "inf-yaml.yaml": ("rate: 5", "rate: .inf"),
        "rate-1e308.yaml": ("rate: 5", "rate: 1e308"),
        "rate-1e9.yaml": ("rate: 5", "rate: 1e9"),
        "rho-5-1e7s.yaml": ("duration: 60", "duration: 1e7"),
        "trace-escape.yaml": (
            "{profile: poisson, rate: 5}",
            "{profile: trace, file: ../../../../../../../../etc/passwd}",
        ),
        "trace-nan.yaml": (
            "{profile: poisson, rate: 5}",
            "{profile: trace, file: trace-nan-rows.csv, mode: rates}",
        ),
        "trace-negative.yaml": (
            "{profile: poisson, rate: 5}",
            "{profile: trace, file: trace-negative-rows.csv, mode: rates}",
        ),
    }
    texts = {name: OK.replace(old, new, 1) for name, (old, new) in replace.items()}
    texts["id-trailing-newline.yaml"] = (
        OK.replace("  - id: bus\n", '  - id: "bus\\n"\n')
        .replace("to: bus}", 'to: "bus\\n"}')
        .replace("from: bus\n", 'from: "bus\\n"\n')
    )
    texts["rho-5-1e7s.yaml"] = texts["rho-5-1e7s.yaml"].replace(
        "kind: consumer", "kind: consumer\n    service_time: 1"
    )
    texts["router-loop-doubles.yaml"] = LOOP
    texts["router-loop-filtered.yaml"] = (  # patterns hide the doubling from validation
        LOOP.replace("{from: r2, to: r1}", "{from: r2, to: r1, pattern: {source: [p]}}")
        .replace("{from: r3, to: r1}", "{from: r3, to: r1, pattern: {source: [p]}}")
        .replace("name: loop that doubles", "name: loop that doubles behind patterns")
        .replace("  - {from: r1, to: c}\n", "")
        .replace("  - {id: c, kind: consumer}\n", "")
    )
    texts["ok.yaml"] = OK
    texts["names.yaml"] = NAMES
    texts["trace-nan-rows.csv"] = "rate\nnan\n5\n"
    texts["trace-negative-rows.csv"] = "rate\n5\n-3\n"
    return texts


def _json_variants() -> dict[str, str]:
    base = yaml.safe_load(OK)
    texts = {}
    doc = json.loads(json.dumps(base))
    doc["edges"][1]["pattern"] = {".".join(["s"] * 2000): ["p"]}
    texts["pattern-dotted-2000.json"] = json.dumps(doc, indent=1)
    texts["pattern-dotted-2000.pattern"] = json.dumps(doc["edges"][1]["pattern"])
    pattern: dict = {"source": ["p"]}
    for _ in range(200):
        pattern = {"$or": [pattern, {"source": ["q"]}]}
    doc["edges"][1]["pattern"] = pattern
    texts["pattern-or-200.json"] = json.dumps(doc)
    texts["pattern-or-200.pattern"] = json.dumps(pattern)
    doc["edges"][1]["pattern"] = {"source": ["p"]}
    doc["nodes"][0]["events"][0]["detail"] = json.loads('{"a": ' * 900 + "1" + "}" * 900)
    texts["deep-detail-900.json"] = json.dumps(doc)
    texts["nan.json"] = '{"format": "eventscape/topology", "version": 1, "name": NaN}'
    texts["duplicate-key.json"] = (
        '{"format": "eventscape/topology", "version": 1, "name": "a",\n "name": "b"}'
    )
    return texts


def main() -> None:
    """Write every fixture file."""
    FILES.mkdir(exist_ok=True)
    for name, text in {**_variants(), **_json_variants()}.items():
        (FILES / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
