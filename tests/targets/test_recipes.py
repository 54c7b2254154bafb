"""Recipes (n5gc/targets/recipes.py): a reused step gives exactly the bytes a full render gives.

The oracle: render an old plan recording {key: {path: bytes}}, render the edited plan with a `reuse`
answering from that record, and compare with a plain render of the edited plan, file for file. It runs
on every reference network (and on each one without its GitOps and encryption) for a set of intent
and secrets edits, and on random valid intents (Hypothesis). Steps are reused without GitOps or with
Argo CD (for the kinds it does not mark), never with Flux or encryption. Then: an undeclared read
fails, keys are process-independent and cover every declared input, and the 1,000-slice benchmark
reuses every step (numbers printed, not asserted).
"""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from strategies import examples, public_secrets, valid_networks

from n5gc.diagnostics import CompilerBug
from n5gc.frontend import analyse
from n5gc.plan import build_plan
from n5gc.targets import open5gs, recipes, render_all, targets, ueransim
from n5gc.targets.base import Artifact
from n5gc.yamlio import dump

REPO = Path(__file__).resolve().parents[2]
REFERENCE = yaml.safe_load((REPO / "n5gc.yaml").read_text(encoding="utf-8"))["networks"]
Record = dict[bytes, dict[str, bytes]]


# --- helpers ------------------------------------------------------------------------------------


def compiled(intent: Path, overlays: list[Path] | None = None) -> tuple[Any, Any]:
    """(plan, secrets) of an intent file (its secrets beside it)."""
    analysis = analyse(intent, overlays or [])
    assert analysis.ok, [str(d) for d in analysis.report.diagnostics]
    return build_plan(analysis.network), analysis.secrets


def record_of(artifacts: list[Artifact]) -> Record:
    """What a compile would remember: each step's files by key."""
    record: Record = {}
    for artifact in artifacts:
        if artifact.recipe is not None:
            record.setdefault(artifact.recipe, {})[artifact.path] = artifact.to_bytes()
    return record


class Remembered:
    """A `reuse` answering from a record (exactly the paths asked, as the lead's stamps prove),
    counting hits."""

    def __init__(self, record: Record) -> None:
        self.record = record
        self.hits = 0

    def __call__(self, key: bytes, paths: tuple[str, ...]) -> dict[str, bytes] | None:
        found = self.record.get(key)
        if found is None or set(found) != set(paths):
            return None
        self.hits += 1
        return dict(found)


def files(artifacts: list[Artifact]) -> dict[str, bytes]:
    result = {a.path: a.to_bytes() for a in artifacts}
    assert len(result) == len(artifacts), "two artifacts share a path"
    return result


def assert_reuse_is_exact(old: tuple[Any, Any], new: tuple[Any, Any]) -> int:
    """The oracle: render `new` reusing what rendering `old` made; returns how many steps were reused."""
    before = render_all(*old)
    reuse = Remembered(record_of(before))
    incremental = render_all(*new, reuse=reuse)
    full = render_all(*new)
    expected, got = files(full), files(incremental)
    assert sorted(got) == sorted(expected)
    stale = [path for path in expected if got[path] != expected[path]]
    assert not stale, f"reused files differ from a full render: {stale}"
    for a, b in zip(incremental, full, strict=True):  # what verify and the kustomizations read
        assert (a.path, a.schema, a.site, a.kustomize) == (b.path, b.schema, b.site, b.kustomize)
        assert a.recipe == b.recipe
    return reuse.hits


def write_intent(folder: Path, intent: dict[str, Any], secrets: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "network.secrets.yaml").write_text(dump(secrets), encoding="utf-8")
    path = folder / "network.yaml"
    path.write_text(dump(intent), encoding="utf-8")
    return path


def try_plan(folder: Path, intent: dict[str, Any], secrets: dict[str, Any]) -> tuple[Any, Any] | None:
    """(plan, secrets) of an edited intent, or None when the edit made it invalid for this network."""
    analysis = analyse(write_intent(folder, intent, secrets), [])
    if not analysis.ok:
        return None
    return build_plan(analysis.network), analysis.secrets


# --- intent edits: each returns the edited (intent, secrets), or None where it does not apply ---

Edit = Callable[[dict[str, Any], dict[str, Any]], tuple[dict[str, Any], dict[str, Any]] | None]


def _first_slice(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["slices"][0]


def change_sd(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    _first_slice(intent["spec"])["sd"] = "0000fe"
    return intent, secrets


def change_sst(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    _first_slice(intent["spec"])["sst"] = 4
    return intent, secrets


def change_subnet(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    _first_slice(intent["spec"])["dnns"][0]["subnet"] = "10.199.0.0/24"
    return intent, secrets


def change_group(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    groups = intent["spec"].get("subscribers") or []
    if not groups:
        return None
    imsi = groups[0]["imsi"]
    imsi["count"] = max(1, imsi["count"] - 1)
    imsi["first"] = imsi["first"][:-1] + ("9" if imsi["first"][-1] != "9" else "8")
    return intent, secrets


def add_slice(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    spec = intent["spec"]
    extra = copy.deepcopy(_first_slice(spec))
    extra.update(name="added", sst=4, sd="0000fd")
    extra["dnns"] = [{"name": "added", "subnet": "10.198.0.0/24"}]
    spec["slices"].append(extra)
    for gnb in spec.get("ran") or []:
        gnb.setdefault("slices", []).append("added")
    return intent, secrets


def remove_slice(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    spec = intent["spec"]
    if len(spec["slices"]) < 2:
        return None
    gone = spec["slices"].pop()["name"]
    for gnb in spec.get("ran") or []:
        gnb["slices"] = [s for s in gnb.get("slices", []) if s != gone]
    groups = []
    for group in spec.get("subscribers") or []:
        group["slices"] = [s for s in group["slices"] if s["slice"] != gone]
        if group["slices"]:
            groups.append(group)
    spec["subscribers"] = groups
    if "smokeTest" in spec and spec["smokeTest"].get("group") not in {g["name"] for g in groups}:
        del spec["smokeTest"]
    return intent, secrets


def rename_gnb(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    spec = intent["spec"]
    if not spec.get("ran"):
        return None
    old = spec["ran"][0]["name"]
    spec["ran"][0]["name"] = "renamed"
    for group in spec.get("subscribers") or []:
        if (group.get("simulate") or {}).get("gnb") == old:
            group["simulate"]["gnb"] = "renamed"
    return json.loads(json.dumps(intent).replace(f'"gnb": "{old}"', '"gnb": "renamed"')), secrets


def change_mcc(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    plmn = intent["spec"]["plmn"]
    prefix = plmn["mcc"] + plmn["mnc"]
    plmn["mcc"] = "002" if plmn["mcc"] != "002" else "003"
    for group in intent["spec"].get("subscribers") or []:
        if group["imsi"]["first"].startswith(prefix):
            group["imsi"]["first"] = plmn["mcc"] + plmn["mnc"] + group["imsi"]["first"][len(prefix) :]
    return intent, secrets


def change_key(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    credentials = secrets.get("credentials") or {}
    if not credentials:
        return None
    first = next(iter(credentials.values()))
    first["k"] = (
        "0123456789ABCDEF0123456789ABCDEF" if first["k"] != "0123456789ABCDEF0123456789ABCDEF" else "F" * 32
    )
    return intent, secrets


def move_user_plane(intent: dict[str, Any], secrets: dict[str, Any]) -> Any:
    sites = intent["spec"]["sites"]
    if len(sites) < 2:
        return None
    first = _first_slice(intent["spec"])
    current = (first.get("userPlane") or {}).get("site", intent["spec"]["core"]["site"])
    other = next(s["name"] for s in sites if s["name"] != current)
    first.setdefault("userPlane", {})["site"] = other
    return intent, secrets


EDITS: dict[str, Edit] = {
    "sd": change_sd,
    "sst": change_sst,
    "subnet": change_subnet,
    "group": change_group,
    "add-slice": add_slice,
    "remove-slice": remove_slice,
    "rename-gnb": rename_gnb,
    "mcc": change_mcc,
    "key": change_key,
    "placement": move_user_plane,
}


def reference_cases() -> Iterator[Any]:
    for network in REFERENCE:
        name = Path(network["output"]).name
        yield pytest.param(network, False, id=name)
        intent = yaml.safe_load((REPO / network["intent"]).read_text(encoding="utf-8"))
        if "gitops" in intent["spec"] or "encryption" in intent["spec"]:
            yield pytest.param(network, True, id=f"{name}-plain")


def base_intent(network: dict[str, Any], plain: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    intent = yaml.safe_load((REPO / network["intent"]).read_text(encoding="utf-8"))
    secrets = yaml.safe_load((REPO / network["secrets"]).read_text(encoding="utf-8"))
    if plain:  # the same network without GitOps and encryption: its steps are reused
        intent["spec"].pop("gitops", None)
        intent["spec"].pop("encryption", None)
    return intent, secrets


# --- 1. the oracle ------------------------------------------------------------------------------


@pytest.mark.parametrize("network, plain", list(reference_cases()))
def test_reuse_after_each_edit_gives_the_bytes_of_a_full_render(
    network: dict[str, Any], plain: bool, tmp_path: Path
) -> None:
    intent, secrets = base_intent(network, plain)
    if plain:
        old = try_plan(tmp_path / "old", intent, secrets)
        assert old is not None, "the network without GitOps and encryption is valid"
    else:  # as n5gc.yaml compiles it, overlays included
        old = compiled(REPO / network["intent"], [REPO / o for o in network.get("overlays", [])])
    # Nothing changed: steps are reused, except with encryption or Flux (passes that follow them).
    hits = assert_reuse_is_exact(old, old)
    gitops = old[0].gitops
    final = not old[0].sops_age and (gitops is None or gitops.engine == "argocd")
    assert (hits > 0) == final, "steps are reused exactly when no pass follows them"
    applied = []
    for name, edit in EDITS.items():
        edited = edit(copy.deepcopy(intent), copy.deepcopy(secrets))
        new = try_plan(tmp_path / name, *edited) if edited is not None else None
        if new is None:
            continue
        base = try_plan(tmp_path / "base", intent, secrets)
        assert base is not None
        assert_reuse_is_exact(base, new)
        assert_reuse_is_exact(new, base)  # and back
        applied.append(name)
    # Most edits apply to every network (the others, e.g. a placement on one site, do not exist).
    assert {"sd", "sst", "subnet", "add-slice", "rename-gnb", "mcc", "key"} <= set(applied), applied


@given(valid_networks())
@examples(15)
def test_reuse_is_exact_on_random_intents_after_an_sd_and_key_edit(network: dict[str, Any]) -> None:
    import tempfile

    secrets = public_secrets(network)
    with tempfile.TemporaryDirectory() as folder:
        old = try_plan(Path(folder) / "old", network, secrets)
        assert old is not None
        for edit in (change_sd, change_key, change_group):
            edited = edit(copy.deepcopy(network), copy.deepcopy(secrets))
            new = try_plan(Path(folder) / edit.__name__, *edited) if edited is not None else None
            if new is not None:
                assert_reuse_is_exact(old, new)


def test_the_oracle_catches_a_key_that_misses_an_input(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Can fail: with keys blind to the arguments, the sd edit reuses a stale SMF file and the
    oracle sees it."""
    intent, secrets = base_intent(next(n for n in REFERENCE if n["output"].endswith("/lab")), False)
    old = try_plan(tmp_path / "old", intent, secrets)
    new = try_plan(tmp_path / "new", *change_sd(copy.deepcopy(intent), secrets))
    assert old is not None and new is not None
    monkeypatch.setattr(recipes, "_keyed_arguments", lambda step, part_digests: ())
    with pytest.raises(AssertionError, match="reused files differ"):
        assert_reuse_is_exact(old, new)


# --- 2. undeclared reads ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lab() -> tuple[Any, Any]:
    return compiled(REPO / "examples/lab.yaml")


def test_a_recipe_reading_an_undeclared_plan_field_fails(monkeypatch: pytest.MonkeyPatch, lab: Any) -> None:
    def nosy(plan: Any, slice_plan: Any) -> list[Artifact]:
        print(plan.tac + 1)  # not declared by the recipe
        return open5gs.build_smf(plan, slice_plan)

    monkeypatch.setattr(open5gs, "SMF_RECIPE", dataclasses.replace(open5gs.SMF_RECIPE, build=nosy))
    with pytest.raises(CompilerBug, match=r"plan \(recipe open5gs.smf\).tac"):
        render_all(*lab)


def test_a_recipe_reading_an_undeclared_field_of_a_narrowed_argument_fails(
    monkeypatch: pytest.MonkeyPatch, lab: Any
) -> None:
    def nosy(plan: Any, group: Any, gnb: Any, credential: Any) -> list[Artifact]:
        len(gnb.slices)  # only gnb.link.dns is declared
        return ueransim.build_ues(plan, group, gnb, credential)

    monkeypatch.setattr(ueransim, "UES_RECIPE", dataclasses.replace(ueransim.UES_RECIPE, build=nosy))
    with pytest.raises(CompilerBug, match=r"gnb.slices"):
        render_all(*lab)


@pytest.mark.parametrize(
    "use",
    [
        lambda p: p.anything,
        lambda p: iter(p),
        lambda p: len(p),
        lambda p: bool(p),
        lambda p: p[0],
        lambda p: p == 1,
        lambda p: hash(p),
        lambda p: 1 in p,
        lambda p: str(p),
        lambda p: repr(p),
        lambda p: f"{p}",
        lambda p: p + 1,
        lambda p: p < 1,
        lambda p: list(p),
        lambda p: dict(p),
        lambda p: copy.deepcopy(p),
        lambda p: hasattr(p, "x"),
    ],
)
def test_every_use_of_a_poison_fails(use: Callable[[Any], Any]) -> None:
    with pytest.raises(CompilerBug, match="did not declare"):
        use(recipes.Poison("plan.tac"))


def test_the_view_keeps_declared_fields_and_poisons_the_rest(lab: Any) -> None:
    plan = lab[0]
    view = recipes.restricted(plan, ("mcc", "core.sbi_entry"), "plan")
    assert view.mcc == plan.mcc and view.core.sbi_entry == plan.core.sbi_entry
    with pytest.raises(CompilerBug):
        view.slice(plan.slices[0].name)  # a method reading an undeclared field goes through the view
    with pytest.raises(CompilerBug):
        view.core.amf_ngap.dns  # noqa: B018


# --- 3. keys ------------------------------------------------------------------------------------


def steps_of(plan: Any, secrets: Any) -> list[recipes.Step]:
    return [
        part
        for target in targets()
        if target.applies(plan) and hasattr(target, "parts")
        for part in target.parts(plan, secrets)
        if isinstance(part, recipes.Step)
    ]


KEYS_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import test_recipes as t
for intent in sys.argv[2:]:
    plan, secrets = t.compiled(Path(intent))
    kitchen = t.recipes.Kitchen(plan, None, final=True)
    print(*(kitchen.key(step).hex() for step in t.steps_of(plan, secrets)))
"""


def test_keys_are_equal_across_processes_with_different_hash_seeds() -> None:
    intents = [
        str(REPO / "examples" / f"{name}.yaml") for name in ("lab", "three-slices", "nsm-edge", "oai-core")
    ]
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", KEYS_SCRIPT, str(Path(__file__).parent), *intents],
            capture_output=True,
            text=True,
            env=env,
            cwd=REPO,
            check=True,
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert len(outputs[0].split()) > 10


def plain_data(value: Any, where: str = "plan") -> Iterator[str]:
    """Places in `value` whose encoding could depend on the process: sets, frozensets, unknown types."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from plain_data(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from plain_data(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from plain_data(key, f"{where} key")
            yield from plain_data(item, f"{where}[{key!r}]")
    elif value is not None and not isinstance(value, (str, int, float, bool)):
        yield f"{where}: {type(value).__name__}"


@pytest.mark.parametrize("network", REFERENCE, ids=lambda n: Path(n["output"]).name)
def test_plans_hold_only_data_with_a_canonical_encoding(network: dict[str, Any]) -> None:
    plan, _secrets = compiled(REPO / network["intent"], [REPO / o for o in network.get("overlays", [])])
    assert list(plain_data(plan)) == []


def mutated(value: Any) -> Any:
    """A different value of the same shape (a leaf changed)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value + "x"
    if value is None:
        return "x"
    if isinstance(value, tuple):
        return (*value[:-1], mutated(value[-1])) if value else ("x",)
    if isinstance(value, dict):
        return {**value, "x": 1}
    if dataclasses.is_dataclass(value):
        first = dataclasses.fields(value)[0].name
        return dataclasses.replace(value, **{first: mutated(getattr(value, first))})
    raise AssertionError(type(value))


def replaced(value: Any, path: str, new: Any) -> Any:
    head, _, rest = path.partition(".")
    inner = replaced(getattr(value, head), rest, new) if rest else new
    return dataclasses.replace(value, **{head: inner})


def test_keys_change_with_every_declared_input(lab: Any) -> None:
    plan, secrets = lab
    steps = steps_of(plan, secrets)
    kitchen = recipes.Kitchen(plan, None, final=True)
    checked = 0
    for step in {s.recipe.name: s for s in steps}.values():  # one step of each recipe
        key = kitchen.key(step)
        for path in step.recipe.reads:  # each plan field it declares
            other = recipes.Kitchen(
                replaced(plan, path, mutated(recipes.declared_values(plan, (path,))[0][1]))
            )
            assert other.key(step) != key, (step.recipe.name, path)
            checked += 1
        for index, (name, value) in enumerate(step.arguments):  # each argument, each declared field of it
            arguments = list(step.arguments)
            if isinstance(value, recipes.Part):
                for path in value.reads:
                    narrowed = replaced(
                        value.value, path, mutated(recipes.declared_values(value.value, (path,))[0][1])
                    )
                    arguments[index] = (name, recipes.Part(narrowed, value.reads))
                    assert kitchen.key(dataclasses.replace(step, arguments=tuple(arguments))) != key, (
                        name,
                        path,
                    )
                    checked += 1
            else:
                arguments[index] = (name, mutated(value))
                assert kitchen.key(dataclasses.replace(step, arguments=tuple(arguments))) != key, name
                checked += 1
        bumped = dataclasses.replace(step, recipe=dataclasses.replace(step.recipe, version="bumped"))
        assert kitchen.key(bumped) != key
    assert checked > 10


def test_a_credentials_key_is_in_the_ue_key_and_undeclared_fields_are_not(lab: Any) -> None:
    plan, secrets = lab
    ues = next(s for s in steps_of(plan, secrets) if s.recipe is ueransim.UES_RECIPE)
    kitchen = recipes.Kitchen(plan)
    key = kitchen.key(ues)
    credential = dict(ues.arguments)["credential"]
    other_k = dataclasses.replace(credential.value, k="0" * 32)
    changed = tuple((n, recipes.Part(other_k, v.reads) if n == "credential" else v) for n, v in ues.arguments)
    assert kitchen.key(dataclasses.replace(ues, arguments=changed)) != key
    # An undeclared plan field (the TAC) and an undeclared gNB field (its slices) leave the key as it is.
    assert recipes.Kitchen(dataclasses.replace(plan, tac=plan.tac + 1)).key(ues) == key
    gnb = dict(ues.arguments)["gnb"]
    wider = tuple(
        (n, recipes.Part(dataclasses.replace(v.value, slices=()), v.reads) if n == "gnb" else v)
        for n, v in ues.arguments
    )
    assert kitchen.key(dataclasses.replace(ues, arguments=wider)) == key
    assert gnb.reads == ("link.dns",)


def test_artifacts_never_print_their_key_or_reused_bytes() -> None:
    artifact = Artifact("a.yaml", recipe=b"\x01" * 32, reused=b"k: 465B5CE8B199B49FAA5F0A2EE238A6BC\n")
    assert "465B" not in repr(artifact) and "01010101" not in repr(artifact)
    assert artifact.to_bytes() == b"k: 465B5CE8B199B49FAA5F0A2EE238A6BC\n"


# --- Secrets and mounts -------------------------------------------------------------------------


def pod(secret: str) -> dict[str, Any]:
    volumes = [{"name": "v", "secret": {"secretName": secret}}]
    return {
        "kind": "Deployment",
        "metadata": {"namespace": "ns"},
        "spec": {"template": {"spec": {"volumes": volumes}}},
    }


def test_a_pod_outside_recipes_mounting_a_recipe_secret_is_a_bug() -> None:
    outside = Artifact("x.yaml", (pod("ues"),))
    with pytest.raises(CompilerBug, match="mounts Secret"):
        recipes.check_secret_mounts([outside], {("ns", "ues"): b"k"})
    recipes.check_secret_mounts([outside], {("ns", "other"): b"k"})  # another Secret: fine


def test_a_recipe_pod_mounting_a_secret_it_does_not_hold_is_a_bug() -> None:
    step = recipes.Step(ueransim.UES_RECIPE, (), (recipes.Output("x.yaml"),), secrets=(("ns", "own"),))
    with pytest.raises(CompilerBug, match="does not hold"):
        recipes.stamp_own_secrets(step, [Artifact("x.yaml", (pod("foreign"),))])


def test_recipe_artifacts_carry_their_keys_digest_as_render_all_would(lab: Any) -> None:
    plan, secrets = lab
    artifacts = render_all(plan, secrets)
    ues = [a for a in artifacts if "/ues-" in a.path]
    assert ues and all(a.recipe is not None for a in ues)
    for artifact in ues:
        deployment = next(d for d in artifact.documents if d["kind"] == "Deployment")
        assert "n5gc.io/keys-digest" in deployment["spec"]["template"]["metadata"]["annotations"]


# --- 4. the 1,000-slice benchmark ---------------------------------------------------------------


@pytest.fixture(scope="module")
def thousand(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from issue13 import write_network

    folder = tmp_path_factory.mktemp("thousand")
    write_network(folder, 1000)
    return compiled(folder / "net.yaml")


def test_with_everything_reused_no_step_is_built(thousand: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    plan, secrets = thousand
    start = time.perf_counter()
    full = render_all(plan, secrets)
    full_time = time.perf_counter() - start
    reuse = Remembered(record_of(full))
    built = []
    real_build = recipes.build_step
    monkeypatch.setattr(recipes, "build_step", lambda *a: built.append(1) or real_build(*a))
    start = time.perf_counter()
    reused = render_all(plan, secrets, reuse=reuse)
    reuse_time = time.perf_counter() - start
    assert built == []
    assert reuse.hits == len(steps_of(plan, secrets)) > 3000
    assert files(reused) == files(full)
    kitchen = recipes.Kitchen(plan, None, final=True)
    steps = steps_of(plan, secrets)
    start = time.perf_counter()
    for step in steps:
        kitchen.key(step)
    keys_time = time.perf_counter() - start
    print(
        f"\n1,000 slices: render_all full {full_time:.3f} s, "
        f"all {reuse.hits} steps reused {reuse_time:.3f} s, "
        f"keys of {len(steps)} steps {keys_time * 1000:.1f} ms"
    )


# --- GitOps ---------------------------------------------------------------------------------------


def test_with_argo_cd_a_step_holding_a_kind_it_marks_is_built_and_unmarked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Argo CD annotates the kinds it names (prepared_kinds): steps holding them are never reused."""
    from n5gc.targets import argocd

    old = compiled(REPO / "examples/three-slices.yaml", [REPO / "overlays/lab/three-slices.yaml"])
    kinds = argocd.TARGET.prepared_kinds(old[0])
    monkeypatch.setattr(type(argocd.TARGET), "prepared_kinds", lambda self, plan: kinds | {"Deployment"})
    hits = assert_reuse_is_exact(old, old)
    artifacts = render_all(*old)
    ran = [a for a in artifacts if "/ran/" in a.path]
    assert ran and all(a.recipe is None for a in ran)  # gNB and UE files hold Deployments
    assert hits > 0 and any(a.recipe is not None for a in artifacts)  # releases still are


def test_an_engine_changing_a_final_steps_artifact_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    from n5gc.targets import argocd

    plan_secrets = compiled(REPO / "examples/three-slices.yaml", [REPO / "overlays/lab/three-slices.yaml"])
    original = type(argocd.TARGET).prepare

    def marking(self: Any, plan: Any, tree: list[Artifact]) -> list[Artifact]:
        tree = original(self, plan, tree)
        return [dataclasses.replace(a) if "/ran/" in a.path else a for a in tree]

    monkeypatch.setattr(type(argocd.TARGET), "prepare", marking)
    with pytest.raises(CompilerBug, match="changed a recipe step's artifact"):
        render_all(*plan_secrets)


def test_flux_and_encryption_never_ask_reuse() -> None:
    asked = []

    def reuse(key: bytes, paths: tuple[str, ...]) -> None:
        asked.append(paths)

    for network in REFERENCE:
        plan, secrets = compiled(REPO / network["intent"], [REPO / o for o in network.get("overlays", [])])
        if plan.sops_age or (plan.gitops is not None and plan.gitops.engine == "flux"):
            artifacts = render_all(plan, secrets, reuse=reuse)
            assert all(a.recipe is None for a in artifacts)
    assert asked == []


def test_a_recipe_making_an_unannounced_kind_or_namespace_is_a_bug(
    monkeypatch: pytest.MonkeyPatch, lab: Any
) -> None:
    monkeypatch.setattr(
        ueransim, "GNB_RECIPE", dataclasses.replace(ueransim.GNB_RECIPE, kinds=("Deployment",))
    )
    with pytest.raises(CompilerBug, match="made kinds"):
        render_all(*lab)
    monkeypatch.undo()
    real_step = ueransim.gnb_step

    def elsewhere(gnb: Any) -> recipes.Step:
        step = real_step(gnb)
        output = dataclasses.replace(step.outputs[0], namespaces=("elsewhere",))
        return dataclasses.replace(step, outputs=(output,))

    monkeypatch.setattr(ueransim, "gnb_step", elsewhere)
    with pytest.raises(CompilerBug, match="announced"):
        render_all(*lab)


@dataclasses.dataclass(frozen=True)
class _Pair:
    a: Any
    b: Any


@dataclasses.dataclass(frozen=True)
class _OtherPair:
    a: Any
    b: Any


@dataclasses.dataclass(frozen=True)
class _One:
    a: Any


def test_the_encoding_tells_every_value_apart_and_ignores_sharing() -> None:
    """Dataclasses are encoded by a memoised marker and their class's name: two classes with the
    same fields, a class itself, a tuple of the same items, a shared or copied value never meet."""
    shared = ("x", 1)
    values = [
        _Pair(1, "x"),
        _OtherPair(1, "x"),
        (f"{__name__}._Pair", 1, "x"),
        ("n5gc", _Pair(1, "x")),
        _Pair(_One(1), "x"),
        _Pair(_One, "x"),
        _Pair(_OtherPair, "x"),
        _One((1, "x")),
        _One(None),
        _One(_One(None)),
        recipes._dataclass_follows,
        (recipes._dataclass_follows, (f"{__name__}._One", None)),
    ]
    encodings = [recipes.encode(value) for value in values]
    assert len(set(encodings)) == len(values)
    assert recipes.encode(_Pair(shared, shared)) == recipes.encode(_Pair(("x", 1), ("x", 1)))
    assert recipes.encode(_Pair(1, "x")) == recipes.encode(dataclasses.replace(_Pair(0, "x"), a=1))


def test_a_reused_step_gives_the_artifacts_its_outputs_announce() -> None:
    outputs = (
        recipes.Output("sites/a/x.yaml", "helm/open5gs", "a", True, ("ns",)),
        recipes.Output("y.yaml"),
    )
    step = recipes.Step(open5gs.SMF_RECIPE, (), outputs)
    found = {"sites/a/x.yaml": b"x: 1\n", "y.yaml": b"y: 2\n"}
    key = b"\x07" * 32
    expected = [
        Artifact(
            o.path, schema=o.schema, site=o.site, kustomize=o.kustomize, recipe=key, reused=found[o.path]
        )
        for o in outputs
    ]
    expected[0] = dataclasses.replace(expected[0], namespaces=("ns",))
    assert recipes.reused_artifacts(step, key, found) == expected
    for wrong in ({"y.yaml": b""}, {**found, "z.yaml": b""}, {"sites/a/x.yaml": b"", "z.yaml": b""}):
        with pytest.raises(CompilerBug):
            recipes.reused_artifacts(step, key, wrong)


def _fresh_encoding(value: Any) -> bytes:
    """`recipes.encode` as it was before its pickler was reused: a new pickler for every value."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=recipes.PICKLE_PROTOCOL)
    pickler.dispatch_table = recipes._REDUCERS
    pickler.fast = True
    pickler.memo = {id(recipes._dataclass_follows): (0, recipes._dataclass_follows)}
    pickler.dump(value)
    return buffer.getvalue()


def test_the_reused_pickler_encodes_each_value_as_a_fresh_one_would() -> None:
    """One pickler serves every key: nothing of a longer value before, of a value that failed
    halfway (a poisoned field, an unpicklable one) or of a shared one may reach the next bytes."""
    shared = _One(("x", 1))
    values: list[Any] = [
        _Pair("a" * 5000, tuple(range(300))),
        _One(1),
        _Pair(shared, shared),
        ("n5gc", _Pair(_One(None), b"\0" * 40)),
        _Pair(shared, shared),
    ]
    failing: list[Any] = [_Pair(1, recipes.Poison("plan.x")), _Pair(_One(1), lambda: None)]
    for failed in failing:
        for value in values:
            assert recipes.encode(value) == _fresh_encoding(value)
        with pytest.raises((CompilerBug, pickle.PicklingError, AttributeError)):
            recipes.encode(failed)
    assert [recipes.encode(v) for v in reversed(values)] == [_fresh_encoding(v) for v in reversed(values)]
