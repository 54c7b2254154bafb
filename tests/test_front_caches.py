"""The front half's memos and shortcuts (issue 13) can never change a result.

Each one is held against what it replaces: the subnet memo against a fresh parse, the carrier memo
against planning anew, the fast converter's state fill against the dataclass constructor, the plan's
name index against the search, intent_links' shared UPF workloads against the search per gNB, the
fast path's plain scalars against the full reading; and the whole front half and the plan give the
same diagnostics and the same plan from cold memos as from warm ones, on valid and mutated intents.
"""

from __future__ import annotations

import dataclasses
import gc
import ipaddress
import sys
import tempfile
import weakref
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import intents
from strategies import examples, valid_networks
from test_properties import mutated_networks

from n5gc import fastload
from n5gc.diagnostics import Location
from n5gc.frontend import analyse, without_cyclic_collection
from n5gc.load import Origin, load_file
from n5gc.model import parse_network
from n5gc.model.cells import _carrier_of, cell_carrier
from n5gc.model.fields import given_fields, is_intent_model, mark_given
from n5gc.model.network import Cell, Network
from n5gc.model.topology import IntentLink, Workload, f1_split, intent_links, ran_site, user_plane_site
from n5gc.model.types import ip_network_of
from n5gc.plan import build_plan, ir
from n5gc.plan.ir import Plan
from n5gc.plan.placement import workload_label
from n5gc.radio import RadioError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
INTENTS = [p for p in EXAMPLES if not p.name.endswith(".secrets.yaml")]


def cold() -> None:
    """Empty every memo of the front half and the plan."""
    ip_network_of.cache_clear()
    _carrier_of.cache_clear()
    ir._NAME_INDEXES.clear()


def outcome(text: str, folder: Path) -> tuple[list[Any], dict[str, Any] | None]:
    """(sorted diagnostics, the plan as data when the intent is valid) of an intent's text, written
    to `folder`/network.yaml (one folder per comparison: diagnostics name the file)."""
    analysis = analyse(intents.write(folder, text))
    diagnostics = analysis.report.sorted()
    plan = build_plan(analysis.network).to_dict() if analysis.ok and analysis.network else None
    return diagnostics, plan


def cold_and_warm(text: str) -> tuple[Any, Any]:
    """The outcome of `text` from cold memos, and again from the memos that first run filled."""
    with tempfile.TemporaryDirectory() as folder:
        cold()
        first = outcome(text, Path(folder))
        return first, outcome(text, Path(folder))


# ---- the whole front half: cold and warm memos give the same answers ----------------------------


@examples(60)
@given(valid_networks())
def test_valid_intents_give_the_same_diagnostics_and_plan_from_cold_and_warm_memos(
    network: dict[str, Any],
) -> None:
    first, second = cold_and_warm(
        intents.to_yaml(network)
    )  # the second: with this intent's subnets and carriers
    assert first == second
    assert first[1] is not None


@examples(120)
@given(mutated_networks())
def test_mutated_intents_give_the_same_diagnostics_from_cold_and_warm_memos(network: dict[str, Any]) -> None:
    first, second = cold_and_warm(intents.to_yaml(network))
    assert first == second


@pytest.mark.parametrize("intent", INTENTS, ids=lambda p: p.name)
def test_each_reference_intent_reads_the_same_after_every_other(intent: Path, tmp_path: Path) -> None:
    """Same texts in other contexts: the memos warmed by every other reference intent change nothing."""
    cold()
    alone = outcome(intent.read_text(encoding="utf-8"), tmp_path / "alone")
    for other in INTENTS:
        outcome(other.read_text(encoding="utf-8"), tmp_path / "others")
    assert outcome(intent.read_text(encoding="utf-8"), tmp_path / "alone") == alone


# ---- the subnet memo ---------------------------------------------------------------------------

_NETWORK_TEXTS = st.one_of(
    st.builds(lambda a, p: f"{ipaddress.IPv4Address(a)}/{p}", st.integers(0, 2**32 - 1), st.integers(0, 33)),
    st.builds(
        lambda a, p: f"{ipaddress.IPv6Address(a)}/{p}", st.integers(0, 2**128 - 1), st.integers(0, 129)
    ),
    st.text("0123456789./:abcdef x", max_size=24),
    # networks without host bits (what ip_network_of builds from their number): every length
    st.builds(
        lambda a, p: f"{ipaddress.IPv4Address(a >> (32 - p) << (32 - p))}/{p}",
        st.integers(0, 2**32 - 1),
        st.integers(0, 32),
    ),
    st.sampled_from(["10.45.0.0/16", "10.45.0.0/016", "10.45.0.1/16", "::/0", "10.0.0.0/8 ", "", "/8"]),
    st.sampled_from(["010.0.0.0/8", "255.255.255.255/32", "0.0.0.0/0", "256.0.0.0/8", "1.2.3.0/255.0.0.0"]),
)


def _parsed(text: Any) -> tuple[str, Any]:
    """What ipaddress makes of `text`: ("ok", network, its type, its text) or ("error", message)."""
    try:
        network = ipaddress.ip_network(text)
    except (ValueError, TypeError) as exc:
        return ("error", str(exc))
    return ("ok", (network, type(network), str(network), network.broadcast_address))


def _memo(text: Any) -> tuple[str, Any]:
    try:
        network = ip_network_of(text)
    except (ValueError, TypeError) as exc:
        return ("error", str(exc))
    return ("ok", (network, type(network), str(network), network.broadcast_address))


@examples(400)
@given(st.lists(_NETWORK_TEXTS, min_size=1, max_size=6))
def test_the_subnet_memo_answers_what_a_fresh_parse_answers(texts: list[str]) -> None:
    for _ in range(2):  # cold, then warm
        for text in texts:
            assert _memo(text) == _parsed(text)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # ipaddress reads True through int(True)
def test_the_subnet_memo_tells_apart_keys_that_are_equal_but_not_the_same() -> None:
    """True, 1 and 1.0 are == and hash alike (an untyped lru_cache answers (True,) for (1.0,))."""
    cold()
    assert _memo(True) == _parsed(True)  # read as the int 1: the address 0.0.0.1/32
    assert _memo(1) == _parsed(1)
    assert _memo(1.0) == _parsed(1.0)
    assert _memo(1.0)[0] == "error"  # a float is no address


@examples(40)
@given(valid_networks())
def test_checks_and_planner_leave_the_shared_networks_as_parsed(network: dict[str, Any]) -> None:
    cold_and_warm(intents.to_yaml(network))
    subnets = [d["subnet"] for s in network["spec"]["slices"] for d in s["dnns"]]
    subnets += [
        c for site in network["spec"]["sites"] for c in (site.get("podCidr"), site.get("serviceCidr")) if c
    ]
    for subnet in subnets:
        assert _memo(subnet) == _parsed(subnet)


# ---- the carrier memo --------------------------------------------------------------------------

_CELL_FIELDS = st.tuples(
    st.sampled_from(["n78", "n77", "n41", "n1", "n3", "n28", "n257", 78, "78", "n999", "x"]),
    st.sampled_from([5, 10, 20, 40, 50, 100, 7]),
    st.sampled_from([15, 30, 60, 120, 45]),
    st.none() | st.sampled_from([3500.0, 3500, 3500.01, 3300.0, 2140.0, 0.0, -0.0, 1e9, 620.5]),
    st.none() | st.sampled_from([633334, 641280, 620000, 428000, 0, 3279165]),
)


def _fresh(fields: tuple[Any, ...]) -> tuple[str, Any]:
    """The carrier planned anew (what cell_carrier did before its memo), or its error."""
    try:
        return ("ok", _carrier_of.__wrapped__(repr(fields), fields))
    except RadioError as exc:
        return ("error", (exc.kind, exc.message, exc.hint))


def _via_cell(fields: tuple[Any, ...]) -> tuple[str, Any]:
    band, bandwidth, scs, center, arfcn = fields
    cell = Cell(
        nci=16, pci=1, band=band, bandwidth_mhz=bandwidth, scs_khz=scs, center_mhz=center, arfcn=arfcn
    )
    try:
        return ("ok", cell_carrier(cell))
    except RadioError as exc:
        return ("error", (exc.kind, exc.message, exc.hint))


@examples(300)
@given(st.lists(_CELL_FIELDS, min_size=1, max_size=5))
def test_the_carrier_memo_answers_what_planning_anew_answers(cells: list[tuple[Any, ...]]) -> None:
    for _ in range(2):  # cold, then warm: an error is never remembered, a plan always the same
        for fields in cells:
            assert _via_cell(fields) == _fresh(fields)


def test_the_carrier_memo_tells_apart_fields_that_are_equal_but_not_the_same() -> None:
    """3500 and 3500.0 are == and hash alike: each is a plan of its own, none answered for another."""
    _carrier_of.cache_clear()
    for fields in (("n78", 40, 30, 3500.0, None), ("n78", 40, 30, 3500, None), ("78", 40, 30, None, 633334)):
        assert _via_cell(fields)[0] == "ok"
    assert _via_cell((78, 40, 30, None, 633334))[0] == "ok"
    info = _carrier_of.cache_info()
    assert (info.currsize, info.hits) == (4, 0)


# ---- the fast converter's state fill -----------------------------------------------------------


def _intent_objects(value: Any) -> list[Any]:
    if is_intent_model(type(value)):
        found = [value]
        for item in dataclasses.fields(value):
            found += _intent_objects(getattr(value, item.name))
        return found
    if isinstance(value, list):
        return [o for v in value for o in _intent_objects(v)]
    if isinstance(value, dict):
        return [o for v in value.values() for o in _intent_objects(v)]
    return []


@pytest.mark.parametrize("intent", INTENTS, ids=lambda p: p.name)
def test_converted_objects_hold_what_their_constructor_would_set(intent: Path) -> None:
    network, problems = parse_network(load_file(intent, intent.name))
    assert network is not None, problems
    objects = _intent_objects(network)
    assert len(objects) > 10
    for obj in objects:
        values = {item.name: getattr(obj, item.name) for item in dataclasses.fields(obj)}
        made = type(obj)(**values)
        if "_n5gc_given" in vars(obj):  # a converted object (a default's factory marks nothing)
            made = mark_given(made, given_fields(obj))
        assert list(vars(obj).items()) == list(vars(made).items())  # same fields, same order
        assert obj == made


# ---- the plan's name index ---------------------------------------------------------------------


def test_plan_lookups_find_the_first_of_a_name_and_stop_on_none(tmp_path: Path) -> None:
    plan = intents.plan_of(intents.network_data(), tmp_path)
    for s in plan.slices:
        assert plan.slice(s.name) is next(x for x in plan.slices if x.name == s.name)
    for site in plan.sites:
        assert plan.site(site.name) is next(x for x in plan.sites if x.name == site.name)
    first, *rest = plan.slices
    twice = dataclasses.replace(plan, slices=(first, dataclasses.replace(first, namespace="other"), *rest))
    assert plan.slice(first.name) is first  # the index of the first plan is not carried over
    assert twice.slice(first.name) is first
    renamed = dataclasses.replace(twice, slices=(dataclasses.replace(first, name="renamed"), *rest))
    assert renamed.slice("renamed").name == "renamed"
    with pytest.raises(StopIteration):
        renamed.slice(first.name)
    with pytest.raises(StopIteration):
        plan.site("nowhere")
    assert Plan(**plan.__dict__) == plan  # the plan's state is its fields, lookups or not
    listed = dataclasses.replace(plan, slices=list(plan.slices))
    assert listed.slice(first.name) is first
    listed.slices.insert(0, dataclasses.replace(first, namespace="changed"))  # type: ignore[attr-defined]
    assert listed.slice(first.name).namespace == "changed"  # a list is searched as it is now
    others = [dataclasses.replace(plan, slices=tuple(reversed(plan.slices))) for _ in range(20)]
    assert all(other.slice(s.name) is s for other in others for s in plan.slices)  # indexes evicted...
    assert all(plan.slice(s.name) is s for s in plan.slices)  # ...and made again


# ---- intent_links: one UPF workload per slice name ---------------------------------------------


def _links_by_search(network: Network) -> list[IntentLink]:
    """intent_links as it was: each gNB's N3 links search the slices by name."""
    from n5gc.model.topology import placed_core_site

    spec = network.spec
    home = placed_core_site(network)
    links = [link for link in intent_links(network) if link.interface in ("sbi", "n4", "n6")]
    for i, g in enumerate(spec.ran):
        split = f1_split(g)
        ran = Workload("cu" if split else "gnb", g.name, ran_site(network, g))
        site_path = ("spec", "ran", i, "cu", "site") if split else ("spec", "ran", i, "site")
        links.append(IntentLink("n2", ran, Workload("amf", "core", home), site_path))
        for name in g.slices:
            s = next((x for x in spec.slices if x.name == name), None)
            if s is None:
                continue
            for n in range(1, s.user_plane.instances + 1):
                links.append(
                    IntentLink("n3", ran, Workload("upf", s.name, user_plane_site(network, s), n), site_path)
                )
        if split and g.du is not None:
            links.append(
                IntentLink("f1", Workload("du", g.name, g.du.site), ran, ("spec", "ran", i, "du", "site"))
            )
    return links


@examples(80)
@given(valid_networks(), st.booleans())
def test_intent_links_are_the_links_a_search_finds(network: dict[str, Any], repeat: bool) -> None:
    if repeat:  # a repeated slice name (N5G206): the gNBs' N3 links go to the first one's UPFs
        copy = dict(network["spec"]["slices"][0], userPlane={"instances": 3})
        network["spec"]["slices"].append(copy)
    with tempfile.TemporaryDirectory() as folder:
        analysis = analyse(intents.write(Path(folder), intents.to_yaml(network)))
    assert analysis.network is not None
    assert intent_links(analysis.network) == _links_by_search(analysis.network)


# ---- fastload: plain scalars and locations -----------------------------------------------------


def _plain_in_full(value: str) -> Any:
    """fastload._plain without its first-character shortcut: every pattern tried."""
    if value in fastload._BOOLS:
        return fastload._BOOLS[value]
    if value in fastload._NULLS:
        return None
    if fastload._DECIMAL.fullmatch(value):
        return int(value)
    if fastload._FLOAT.fullmatch(value):
        return float(value)
    if fastload._NOT_STRING_12.match(value):
        raise fastload._GiveUp
    return value


def _reading(read: Any, value: Any, refusal: type[Exception] = fastload._GiveUp) -> tuple[str, Any]:
    """("read", (type, result)) of `read(value)`, or ("give up", None) when it raises `refusal`."""
    try:
        result = read(value)
    except refusal:
        return ("give up", None)
    return ("read", (type(result), result))


_FIRSTS = "".join(sorted(set("tTfF~nN-+._<=0123456789xyzAZ: #!&*%@`'\"|>?,[]{}\t")))


@examples(2000)
@given(st.tuples(st.text(_FIRSTS, max_size=3), st.text(max_size=12)).map("".join) | st.text(max_size=8))
def test_plain_scalars_read_as_every_pattern_reads_them(value: str) -> None:
    assert _reading(fastload._plain, value) == _reading(_plain_in_full, value)


def test_plain_scalars_starting_as_words_are_read_by_every_pattern() -> None:
    """`_plain`'s shortcut for t, f, n and ~ (only the exact booleans and nulls are not strings)
    against every pattern tried, on every typed first character and endings of every row."""
    endings = ["", "5", ".5", "5.", ".inf", "inf", "nan", "_1", "b1", "o7", "x1f", "<", "=", "e3", "1e3"]
    endings += ["rue", "RUE", "alse", "ALSE", "ull", "ULL", "ame", "78", "-12-14", "001-12-14"]
    for first in sorted(fastload._TYPED_FIRST - {""}):
        for ending in endings:
            value = first + ending
            try:
                expected: object = ("read", _plain_in_full(value))
            except fastload._GiveUp:
                expected = ("give up",)
            try:
                found: object = ("read", fastload._plain(value))
            except fastload._GiveUp:
                found = ("give up",)
            assert found == expected and type(found[-1]) is type(expected[-1]), value


def test_every_first_character_of_a_typed_scalar_is_tried() -> None:
    """Each row of the YAML 1.2 table (and the booleans, nulls and numbers) starts only with
    characters of _TYPED_FIRST: shown on a sample of every row."""
    samples = [
        "1",
        "-1",
        "+1",
        ".5",
        "-.inf",
        ".nan",
        "0b1",
        "0o7",
        "_1",
        "0x1f",
        "<<",
        "=",
        "2001-12-14",
        "2001-12-14 21:59:43.10 -5",
        "true",
        "False",
        "~",
        "null",
        "NULL",
        "1.5",
        "1e3",
    ]
    for sample in samples:
        assert sample[:1] in fastload._TYPED_FIRST, sample
        assert _reading(_plain_in_full, sample) != ("read", (str, sample)), sample


def test_fast_locations_are_the_locations_their_constructor_makes() -> None:
    text = (ROOT / "examples" / "three-slices.yaml").read_text(encoding="utf-8")
    loaded = fastload.fast_load(text, "n.yaml", 10**6, 64)
    assert loaded is not None
    stack: list[Origin] = [loaded[1]]
    seen = 0
    while stack:
        origin = stack.pop()
        for where in (origin.value, origin.key):
            if where is not None:
                made = Location(where.file, where.line, where.col)
                assert list(vars(where).items()) == list(vars(made).items())
                assert where == made and hash(where) == hash(made) and str(where) == str(made)
                with pytest.raises(dataclasses.FrozenInstanceError):
                    where.line = 0  # type: ignore[misc]
                seen += 1
        stack.extend(origin.children.values())
    assert seen > 100


# ---- the collector's pause ---------------------------------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_analyse_leaves_the_collector_as_it_found_it(enabled: bool, tmp_path: Path) -> None:
    intent = intents.write(tmp_path, intents.to_yaml(intents.network_data()))
    (gc.enable if enabled else gc.disable)()
    try:
        assert analyse(intent).ok
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def test_cycles_made_during_the_pause_are_still_collected() -> None:
    class Node:
        other: Any = None

    with without_cyclic_collection():
        assert not gc.isenabled()
        a, b = Node(), Node()
        a.other, b.other = b, a
        watch = weakref.ref(a)
        del a, b
    assert gc.isenabled() and watch() is not None  # a cycle: only the collector frees it
    gc.collect()
    assert watch() is None


def test_the_pause_does_not_release_objects_someone_else_froze() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with without_cyclic_collection():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# ---- multicluster: one site, no crossing -------------------------------------------------------


@examples(60)
@given(valid_networks())
def test_crossing_links_are_those_between_two_known_sites(network: dict[str, Any]) -> None:
    from n5gc.checks.context import CheckContext
    from n5gc.checks.multicluster import _crossing

    with tempfile.TemporaryDirectory() as folder:
        analysis = analyse(intents.write(Path(folder), intents.to_yaml(network)))
    assert analysis.network is not None and analysis.origin is not None
    ctx = CheckContext(analysis.network, analysis.origin)
    known = {site.name for site in analysis.network.spec.sites}
    every = [
        link
        for link in intent_links(analysis.network)
        if link.crosses_sites and link.client.site in known and link.server.site in known
    ]
    assert _crossing(ctx) == (every if ctx.core_site is not None else [])


# ---- the planner's shortcuts: shared charts and schedulings, subnets as the model keeps them ----


def _scheduling_anew(self: Any, kind: str, name: str, site: str, index: int = 0) -> Any:
    """Placement.scheduling as it was: a new Scheduling for every workload."""
    from n5gc.plan.placement import LIQO_REMOTE_CLUSTER, LIQO_TYPE, LIQO_VIRTUAL_NODE, STAY_LOCAL

    selector: tuple[tuple[str, str], ...] = ()
    affinity = None
    if self.engine == "liqo":
        if self.offloaded(site):
            selector = ((LIQO_REMOTE_CLUSTER, self.cluster_ids[site]), (LIQO_TYPE, LIQO_VIRTUAL_NODE))
        else:
            affinity = STAY_LOCAL
    interfaces = () if kind == "core" else self.nsm_interfaces_of(kind, name, index)
    annotations = self.annotation(interfaces, site, workload_label(self.network, kind, name, index))
    return ir.Scheduling(selector, affinity, annotations, interfaces)


def _release_anew(
    self: Any, name: str, namespace: str, site: str, role: str, slice_name: Any = None, index: int = 0
) -> Any:
    """_Planner.release as it was: the chart asked of the product for every release."""
    from n5gc.products.packaging import ChartRequest

    chart_spec = self.spec.core.chart
    requested = ChartRequest(
        chart_spec.repo, chart_spec.version, chart_spec.smf_version, chart_spec.upf_version
    )
    return ir.HelmRelease(
        name,
        namespace,
        site,
        self.packaging.chart(role, requested),
        role,
        slice_name,
        self.place.scheduling(role, slice_name or "core", site, index),
    )


def _pool_anew(dnn: Any, device: str) -> Any:
    network = ip_network_of(dnn.subnet)
    return ir.DnnPool(dnn.name, str(network), dnn.gateway, network.prefixlen, device, dnn.dns, dnn.mtu)


def plan_anew(network: Network, monkeypatch: pytest.MonkeyPatch) -> Plan:
    """The plan without the planner's shortcuts (each replaced by the code it replaced)."""
    from n5gc.plan import build, placement

    with monkeypatch.context() as patched:
        patched.setattr(placement.Placement, "scheduling", _scheduling_anew)
        patched.setattr(build._Planner, "release", _release_anew)
        patched.setattr(build, "_upf_pool", _pool_anew)
        return build_plan(network)


def _plans_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory() as folder:
        analysis = analyse(intents.write(Path(folder), text))
    assert analysis.ok and analysis.network is not None
    quick, anew = build_plan(analysis.network), plan_anew(analysis.network, monkeypatch)
    assert quick == anew
    assert quick.to_dict() == anew.to_dict()


@pytest.mark.parametrize("intent", INTENTS, ids=lambda p: p.name)
def test_the_planners_shortcuts_give_the_plan_of_the_reference_intents(
    intent: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = intent.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        if not analyse(intents.write(Path(folder), text)).ok:
            pytest.skip("not a valid intent on its own (an overlay completes it)")
    _plans_agree(text, monkeypatch)


@examples(60)
@given(valid_networks())
def test_the_planners_shortcuts_give_the_plan_of_generated_intents(network: dict[str, Any]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _plans_agree(intents.to_yaml(network), monkeypatch)


# ---- patterns compiled on first use ------------------------------------------------------------


def _lazy_patterns() -> list[tuple[str, Any]]:
    """Every LazyPattern of the modules that declare one, by name."""
    import importlib

    from n5gc.patterns import LazyPattern

    found = []
    for module_name in ("n5gc.model.types", "n5gc.checks.labels", "n5gc.load", "n5gc.diagnostics",
                        "n5gc.commands.validating", "n5gc.report"):  # fmt: skip
        module = importlib.import_module(module_name)
        found += [(f"{module_name}.{k}", v) for k, v in vars(module).items() if isinstance(v, LazyPattern)]
    return found


LAZY_PATTERNS = _lazy_patterns()
_PATTERN_TEXTS = st.text("ab0-9._@:/~^?*[\\{}xyz\n\ud800 AZ", max_size=30) | st.sampled_from(
    [
        "https://h.example:8443/x",
        "git@host:repo",
        "v1.2.3",
        "age1" + "q" * 58,
        "refs/tags/v1",
        "0x1F",
        "lab-1",
    ]
)


def test_the_lazy_patterns_are_found() -> None:
    assert len(LAZY_PATTERNS) >= 12


@pytest.mark.parametrize(("name", "lazy"), LAZY_PATTERNS, ids=[n for n, _ in LAZY_PATTERNS])
@examples(60)
@given(texts=st.lists(_PATTERN_TEXTS, min_size=1, max_size=4))
def test_a_lazy_pattern_answers_what_its_compiled_pattern_answers(
    name: str, lazy: Any, texts: list[str]
) -> None:
    import re

    from n5gc.patterns import LazyPattern

    fresh = LazyPattern(lazy.pattern, lazy.flags)  # compiled by its first use below
    compiled = re.compile(lazy.pattern, lazy.flags)
    for text in texts:
        subject: Any = text.encode("utf-8", "surrogatepass") if isinstance(lazy.pattern, bytes) else text
        for method in ("match", "fullmatch", "search"):
            expected = getattr(compiled, method)(subject)
            for pattern in (fresh, lazy):  # compiled by this call, or already by an earlier use
                found = getattr(pattern, method)(subject)
                assert (found and found.span()) == (expected and expected.span())
    with pytest.raises(AttributeError):
        fresh.not_a_method  # noqa: B018 - only re.Pattern's methods are handed on
