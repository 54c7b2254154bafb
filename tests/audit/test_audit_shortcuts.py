"""Shortcuts of the audit's cross-file pass held against the slow paths they stand for: the Services
of releases made only when a name asks for one (`ProvidedServices` against `provided_services`),
the cluster domains counted without a Reference per name (the N5G811 messages unchanged), and what
a compile's audit keeps after it ends (n5gc.compiler: one audit's worth, the same findings)."""

from __future__ import annotations

import gc
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_audit import BERLIN, EMBB_SMF, NETWORKS, OUT, SUBSCRIBERS

from n5gc import compiler, startup
from n5gc.audit import audit_files, lock_sealed, tree_files
from n5gc.audit.facts import Facts, SubscriberGroup, _decode_group
from n5gc.audit.services import CHART_SERVICES, ProvidedServices, Service, provided_services, references
from n5gc.audit.summary import audit_bodies, summarise
from n5gc.audit.views import SummaryTree
from n5gc.diagnostics import CompilerBug
from n5gc.report import format_text


def summary_tree(files: dict[str, bytes]) -> SummaryTree:
    return SummaryTree({path: summarise(path, data).body for path, data in files.items()}, "tree")


def asked_names(tree: SummaryTree, eager: dict[tuple[str, str], Service]) -> set[tuple[str, str]]:
    """Every name the tree provides or writes, and names next to them (other keys, prefixes)."""
    names = set(eager) | {(ref.name, ref.namespace) for ref in references(tree)}
    for name, namespace in list(names):
        names |= {(name + "-sbi", namespace), (name.rpartition("-")[0], namespace), (name, namespace + "x")}
    return names


def assert_lookups_agree(files: dict[str, bytes]) -> None:
    tree = summary_tree(files)
    eager, lazy = provided_services(tree), ProvidedServices(tree)
    for name in asked_names(tree, eager):
        assert lazy.get(name) == eager.get(name), name


@pytest.mark.parametrize("network", NETWORKS)
def test_services_made_when_asked_are_the_ones_every_release_renders(network: str) -> None:
    assert_lookups_agree(tree_files(OUT / network)[0])


def test_a_chart_services_key_holds_no_dash() -> None:
    """ProvidedServices finds a release from `<fullname>-<key>` by the last "-"."""
    assert all("-" not in key for keys in CHART_SERVICES.values() for key in keys)


def three_slices_bodies() -> dict[str, dict[str, Any]]:
    files, _ = tree_files(OUT / "three-slices")
    return {path: dict(summarise(path, data).body) for path, data in files.items()}


def copied_release(
    bodies: dict[str, dict[str, Any]], release: str, to: str, namespace: str, fullname: str
) -> None:
    """A copy of the release folder `release` at `to` (sites/berlin/helm/<to>/), in `namespace`,
    with fullnameOverride `fullname`."""
    meta = dict(bodies[f"{BERLIN}/helm/{release}/release.yaml"]["meta"])
    meta["d"] = [meta["d"][0], to, namespace, *meta["d"][3:]]
    bodies[f"{BERLIN}/helm/{to}/release.yaml"] = {"meta": meta}
    values = dict(bodies[f"{BERLIN}/helm/{release}/values.yaml"])
    values["fo"] = [fullname, 7, 8]
    bodies[f"{BERLIN}/helm/{to}/values.yaml"] = values


def assert_bodies_agree(bodies: dict[str, dict[str, Any]], name: tuple[str, str], shown_path: str) -> None:
    tree = SummaryTree(bodies, "tree")
    eager, lazy = provided_services(tree), ProvidedServices(tree)
    for asked in asked_names(tree, eager):
        assert lazy.get(asked) == eager.get(asked), asked
    found = lazy.get(name)
    assert found is not None and found.where.file == f"tree/{shown_path}", found


EMBB = ("three-slices-embb-smf-sbi", "three-slices-embb")
AMF = ("three-slices-amf-sbi", "three-slices-core")


def test_a_service_object_comes_before_a_release_rendering_its_name() -> None:
    bodies = three_slices_bodies()
    bodies[f"{BERLIN}/zz.yaml"] = {"svc": [[*EMBB, 3, 4]]}
    assert_bodies_agree(bodies, EMBB, f"{BERLIN}/zz.yaml")


@pytest.mark.parametrize(("to", "first"), [("a-smf", "a-smf"), ("zz-smf", "three-slices-embb-smf")])
def test_of_two_releases_rendering_a_name_the_first_one_written_wins(to: str, first: str) -> None:
    bodies = three_slices_bodies()
    copied_release(bodies, "three-slices-embb-smf", to, EMBB[1], "three-slices-embb-smf")
    assert_bodies_agree(bodies, EMBB, f"{BERLIN}/helm/{first}/values.yaml")


@pytest.mark.parametrize(("to", "first"), [("a-smf", "a-smf"), ("zz-smf", "three-slices-core")])
def test_an_umbrella_subchart_and_a_release_rendering_a_name_the_first_one_written_wins(
    to: str, first: str
) -> None:
    bodies = three_slices_bodies()
    copied_release(bodies, "three-slices-embb-smf", to, AMF[1], "three-slices-amf")
    assert_bodies_agree(bodies, AMF, f"{BERLIN}/helm/{first}/values.yaml")


def test_a_name_written_with_another_domain_is_reported_as_before() -> None:
    files, _ = tree_files(OUT / "three-slices")
    name = "three-slices-embb-upf1-pfcp.three-slices-embb.svc"
    files[EMBB_SMF] = files[EMBB_SMF].replace(
        f"{name}.cluster.local".encode(), f"{name}.other.local".encode(), 1
    )
    found = [format_text(d) for d in audit_files(files, "tree") if d.code == "N5G811"]
    assert len(found) == 1
    assert f"tree/{EMBB_SMF}:" in found[0]
    assert "named with cluster domain other.local" in found[0]
    assert "whose Services are named with cluster.local (e.g. tree/" in found[0]


def test_the_view_and_facts_kept_are_the_ones_the_checks_read() -> None:
    files = edited_files()
    bodies = {path: summarise(path, data).body for path, data in files.items()}
    kept: list[object] = []
    found = audit_bodies(bodies, "tree", lock_sealed(OUT / "three-slices"), files.__getitem__, kept=kept)
    assert [format_text(d) for d in found] == [
        format_text(d) for d in audit_files(files, "tree", lock_sealed(OUT / "three-slices"))
    ]
    assert found, "the edit is found"
    tree, facts = kept
    assert isinstance(tree, SummaryTree) and tree.bodies is bodies
    assert isinstance(facts, Facts) and len(facts.ues) == len([p for p, _, f in tree.items("f") if "ue" in f])


def edited_files() -> dict[str, bytes]:
    files, _ = tree_files(OUT / "three-slices")
    files[EMBB_SMF] = files[EMBB_SMF].replace(b'subnet: "10.45.0.0/16"', b'subnet: "10.99.0.0/16"', 1)
    return files


def test_an_audit_leaves_its_view_for_the_exit_only_where_n5gc_leaves_by_os_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files, _ = tree_files(OUT / "three-slices")
    views: list[weakref.ref[SummaryTree]] = []
    real = SummaryTree.__init__

    def watched(self: SummaryTree, *args: object, **kwargs: object) -> None:
        real(self, *args, **kwargs)
        views.append(weakref.ref(self))

    monkeypatch.setattr(SummaryTree, "__init__", watched)
    compiler.audit(dict(files), "tree")  # a library caller: freed when the audit returns
    gc.collect()
    assert len(views) == 1 and views[0]() is None
    monkeypatch.setattr(startup, "_LEFT_FOR_EXIT", None)
    startup.leave_for_exit()  # what n5gc.cli.run does
    compiler.audit(dict(files), "tree")
    gc.collect()
    assert views[1]() is not None, "the view of the last audit is left for the exit"
    compiler.audit(dict(files), "tree")
    gc.collect()
    assert views[1]() is None and views[2]() is not None, "the next audit holds only its own"


def test_a_kept_audit_changes_no_finding_of_the_next() -> None:
    files, _ = tree_files(OUT / "three-slices")
    compiler.audit(dict(files), "tree")
    with pytest.raises(CompilerBug, match="N5G808"):
        compiler.audit(edited_files(), "tree")
    compiler.audit(dict(files), "tree")  # and the clean tree again: nothing left of the bad one


def test_a_subscriber_group_read_back_is_the_record_its_fields_make() -> None:
    files, _ = tree_files(OUT / "three-slices")
    body = summarise(SUBSCRIBERS, files[SUBSCRIBERS]).body
    records = body["f"]["sub"]
    assert records
    for record in records:
        group = _decode_group(record, "tree/x")
        name, place, first, last, _ = record
        made = SubscriberGroup(name, ("tree/x", place), first, last, list(group.slices))
        assert group == made and vars(group) == vars(made) and list(vars(group)) == list(vars(made))
        assert repr(group) == repr(made)
        assert [at.where for at in group.slices] == [made.where] * len(group.slices)
