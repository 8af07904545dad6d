"""The analytic check's scaling warnings: burst scaling and the account pool under spikes."""

from __future__ import annotations

from simulator.analysis import scaling_possible, scaling_problems
from simulator.checks import check
from simulator.model import Edge, Node, Scenario, Topology


def _spiky(spike_rate: float, concurrency: int = 5000, account: int = 10_000, **extra) -> Topology:
    load = {
        "profile": "spiky",
        "rate": 10,
        "spike_rate": spike_rate,
        "spike_every": 300,
        "spike_duration": 30,
    }
    nodes = [
        Node("web", "producer", params={"load": load}),
        Node("fn", "consumer", params={"concurrency": concurrency, "service_time": 1, **extra}),
    ]
    scenario = Scenario(duration=900, account_concurrency=account)
    return Topology(nodes=nodes, edges=[Edge("web", "fn")], scenario=scenario)


def test_a_spike_above_burst_scaling_is_named_with_its_window() -> None:
    """3,000 environments needed at once: burst scaling (1,000 plus 100/s) is late, and the
    warning names the consumer and the spike window."""
    problems = scaling_problems(_spiky(3000))
    assert len(problems) == 1
    problem = problems[0]
    assert problem.node == "fn" and problem.severity == "warning"
    assert "needs about 3,000 environments during web's 30 s spikes" in problem.message
    assert "from t=300 s, every 300 s" in problem.message
    assert "from about 209," in problem.message  # the average: (60 x 3000 + 840 x 10) / 900
    assert "only after 18 s" in problem.message  # (3000 - 209 - 1000) / 100 per s


def test_a_spike_within_burst_scaling_gets_no_warning() -> None:
    """1,000 environments at the spike fit the initial burst: no warning."""
    assert scaling_problems(_spiky(1000)) == []


def test_a_spike_above_the_account_pool_is_named() -> None:
    """Under the default 1,000 account pool a 3,000-environment spike is capped."""
    messages = [p.message for p in scaling_problems(_spiky(3000, account=1000))]
    assert any("unreserved pool of 1000 (of 1000) caps it" in m for m in messages)


def test_a_reservation_caps_a_spike() -> None:
    """A reservation below the spike's need is named as the cap."""
    topo = _spiky(800, reserved_concurrency=200)
    messages = [p.message for p in scaling_problems(topo)]
    assert messages == [
        "needs about 800 concurrent executions during web's 30 s spikes (from t=300 s, every "
        "300 s), but its reserved concurrency of 200 caps it: the rest is throttled"
    ]


def test_validate_reports_scaling_only_when_it_is_possible() -> None:
    """`check` (eventscape-sim validate) carries the warning; small designs skip the estimate."""
    assert any("burst scaling" in p.message for p in check(_spiky(3000)))
    assert not scaling_possible(_spiky(3000, concurrency=50))


def test_validate_names_an_unreadable_sample_file(tmp_path) -> None:
    """`validate` reports an empirical distribution whose file is missing or bad as an error
    naming the node, the parameter, the file and the row; a good file passes."""
    from simulator.files import load

    (tmp_path / "good.csv").write_text("0.1\n0.3\n")
    (tmp_path / "bad.csv").write_text("0.1\nslow\n")
    text = (
        "format: eventscape/topology\nversion: 1\nnodes:\n"
        "  - {id: p, kind: producer}\n"
        "  - {id: c, kind: consumer, service_time: {dist: empirical, file: FILE}}\n"
        "edges:\n  - {from: p, to: c}\n"
    )
    for name, expected in (
        ("good.csv", []),
        ("gone.csv", ["service_time: empirical file gone.csv: No such file or directory"]),
        ("bad.csv", ["service_time: empirical file bad.csv, row 2: not a number: 'slow'"]),
    ):
        (tmp_path / "t.yaml").write_text(text.replace("FILE", name))
        errors = [p for p in check(load(tmp_path / "t.yaml")) if p.severity == "error"]
        assert [p.message for p in errors] == expected
        assert all(p.node == "c" for p in errors)


def _queue_fed(spike_rate: float, concurrency: int = 5000, **extra) -> Topology:
    """_spiky with the function reading a queue the producer sends to."""
    topo = _spiky(spike_rate, concurrency, **extra)
    topo.nodes.insert(1, Node("q", "queue"))
    topo.edges = [Edge("web", "q"), Edge("q", "fn")]
    return topo


def test_a_queue_reader_is_warned_of_its_pollers_not_of_burst_scaling() -> None:
    """A queue-fed function in a spike waits for its pollers (5, then 300 a minute, at most
    1,000), not for burst scaling, and is not throttled: the warnings say so."""
    messages = [p.message for p in scaling_problems(_queue_fed(3000))]
    assert messages == [
        "needs about 3,000 concurrent batches during web's 30 s spikes (from t=300 s, every "
        "300 s), but its queue's event source runs at most 1,000 (maximum_concurrency, or "
        "1,000 a mapping): messages wait in the queue",
        "needs about 1,000 concurrent batches during web's 30 s spikes (from t=300 s, every "
        "300 s); from about 209, its queue's pollers (adding 300 a minute) get there only "
        "after 158 s: messages wait in the queue until then",  # (1000 - 209) / 5 per s
    ]
    assert any("queue's pollers" in p.message for p in check(_queue_fed(3000, concurrency=900)))


def test_maximum_concurrency_bounds_a_queue_readers_ramp() -> None:
    """With maximum_concurrency 400 the ramp ends at 400: (400 - 209) / 5 per s = 38 s."""
    messages = [p.message for p in scaling_problems(_queue_fed(3000, maximum_concurrency=400))]
    assert any("runs at most 400 " in m for m in messages)
    assert any("about 400 concurrent batches" in m and "after 38 s" in m for m in messages)


def test_the_shared_pool_is_per_account_and_region() -> None:
    """Two functions whose peaks fill one account's pool are warned about; in two
    Regions they do not share a pool, so no warning."""

    def pair(region: str) -> Topology:
        topo = _spiky(800, concurrency=800, account=1000)
        topo.nodes.append(
            Node("g", "consumer", params={"concurrency": 800, "service_time": 1, "region": region})
        )
        topo.edges.append(Edge("web", "g"))
        return topo

    shared = [p for p in scaling_problems(pair("us-east-1")) if "together" in p.message]
    assert len(shared) == 1
    assert not [p for p in scaling_problems(pair("eu-west-1")) if "together" in p.message]
