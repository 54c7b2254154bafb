"""verify: strict Kubernetes schemas, project schemas, and the typed round trip catch compiler bugs."""

from __future__ import annotations

import pytest

from n5gc import verify as verify_module
from n5gc.diagnostics import CompilerBug
from n5gc.targets.base import Artifact
from n5gc.verify import document_problems, typed_roundtrip_problems, verify

NAMESPACE = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}


def test_valid_namespace_passes():
    verify([Artifact("sites/a/namespaces.yaml", (NAMESPACE,), site="a", kustomize=True)])


def test_unknown_kubernetes_field_is_a_compiler_bug():
    broken = {**NAMESPACE, "spec": {"finalizerz": []}}
    with pytest.raises(CompilerBug, match="finalizerz"):
        verify([Artifact("sites/a/namespaces.yaml", (broken,))])


def test_project_schema_rejects_a_bad_kustomization():
    problems = document_problems(
        "kustomization",
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "resources": ["../escape.yaml"],
        },
    )
    assert problems


def test_missing_schema_is_reported():
    with pytest.raises(CompilerBug, match="no schema"):
        document_problems("no-such-schema", {})


def test_same_path_from_two_targets_is_a_compiler_bug():
    artifact = Artifact("README.md", text="x", schema="none")
    with pytest.raises(CompilerBug, match="two targets"):
        verify([artifact, artifact])


def test_typed_round_trip_catches_an_unquoting_dumper(monkeypatch):
    import n5gc.yamlio as yamlio

    assert typed_roundtrip_problems({"mnc": "01"}) == []
    # A dumper that forgets to quote "01" would make YAML 1.1 readers see the integer 1.
    monkeypatch.setattr(yamlio, "dump", lambda doc: "".join(f"{k}: {v}\n" for k, v in doc.items()))
    assert typed_roundtrip_problems({"mnc": "01"})


def test_embedded_documents_are_verified():
    artifact = Artifact("sites/a/x.yaml", (NAMESPACE,), embedded=(("kustomization", {"kind": "nope"}),))
    with pytest.raises(CompilerBug, match="embedded kustomization"):
        verify([artifact])


def test_kubernetes_version_is_pinned():
    assert verify_module.KUBERNETES_VERSION.count(".") == 1


@pytest.mark.parametrize(
    "items",
    [
        [{"a": 1}, {"a": 1}],
        [{"a": 1, "b": [1, 2]}, {"b": [1, 2], "a": 1}],
        [1, 1.0],
        [[1, {"x": None}], [1, {"x": None}]],
        [{"a": 1}, {"a": True}],
        [0, False],
        [1, True],
        ["1", 1],
        [{"a": [1]}, {"a": [True]}],
        [float("nan"), float("nan")],
        [],
        [{"a": 1}, {"a": 2}, {"b": 1}],
    ],
)
def test_linear_unique_items_agrees_with_jsonschema(items: list) -> None:
    """n5gc's uniqueItems (hashing, linear) gives jsonschema's verdict and message on every kind of item."""
    from jsonschema import Draft202012Validator

    from n5gc.verify import _validator_class

    schema = {"type": "array", "uniqueItems": True}
    theirs = [e.message for e in Draft202012Validator(schema).iter_errors(items)]
    ours = [e.message for e in _validator_class()(schema).iter_errors(items)]
    assert ours == theirs


def test_a_compile_pauses_the_cyclic_collector_only_while_it_runs(monkeypatch):
    """n5gc.compiler.compile_job runs without the cyclic GC and leaves it as it found it, also when
    the compile fails, and with it already disabled by the caller."""
    import gc

    from n5gc import compiler

    seen: list[bool] = []

    def failing(*args, **kwargs):
        seen.append(gc.isenabled())
        raise RuntimeError("boom")

    monkeypatch.setattr(compiler, "_compile_job", failing)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        compiler.compile_job(None)  # type: ignore[arg-type]
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(RuntimeError):
            compiler.compile_job(None)  # type: ignore[arg-type]
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
