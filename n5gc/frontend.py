"""The front half of the compiler: load -> overlays -> model -> checks (what `validate` runs).

Kept free of heavy imports (no jsonschema, jinja2, kubernetes-validate): it runs on every commit.
"""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from n5gc.checks import run_checks
from n5gc.checks.context import CheckContext
from n5gc.diagnostics import InputError, Location, Report, error
from n5gc.load import Document, Origin, load_file
from n5gc.model import Network, Secrets, parse_network, parse_secrets
from n5gc.overlay import apply_overlays, load_overlays
from n5gc.records import record
from n5gc.startup import without_cyclic_collection

if TYPE_CHECKING:  # the lenient parse is pydantic's: imported only for an invalid document
    from n5gc.model.lenient import Pruned

SECRETS_SUFFIX = ".secrets.yaml"


@record(frozen=False)
class Analysis:
    """What the front half learned about one intent: the model (if valid) and every diagnostic."""

    intent: Path
    report: Report = field(default_factory=Report)
    network: Network | None = None
    secrets: Secrets | None = None
    input_files: list[Path] = field(default_factory=list)  # everything read (for the lock's input digest)
    origin: Origin | None = None  # where each node of the merged intent was written (compile-time checks)

    @property
    def ok(self) -> bool:
        return self.network is not None and not self.report.has_errors


def display_path(path: Path) -> str:
    """A path as diagnostics show it: relative to the working directory when below it, POSIX style."""
    try:
        return Path(os.path.relpath(path)).as_posix() if path.is_absolute() else path.as_posix()
    except ValueError:
        return path.as_posix()


def default_secrets_path(intent: Path) -> Path:
    """`network.yaml` -> `network.secrets.yaml` beside it (INTENT.md: "or next to the intent")."""
    stem = intent.name[: -len(intent.suffix)] if intent.suffix in (".yaml", ".yml") else intent.name
    return intent.with_name(stem + SECRETS_SUFFIX)


def analyse(
    intent: Path,
    overlays: list[Path] | None = None,
    secrets: Path | None = None,
    *,
    require_secrets: bool = False,
) -> Analysis:
    """Load, merge, validate and check one intent; never raises for bad input.

    Every check family runs even when the model does not validate: the checks then see the intent
    minus its failing parts (n5gc.model.lenient), so one run reports every problem.
    """
    with without_cyclic_collection():
        return _analyse(intent, list(overlays or []), secrets, require_secrets)


def _analyse(intent: Path, overlays: list[Path], secrets: Path | None, require_secrets: bool) -> Analysis:
    analysis = Analysis(intent)
    document = _load_intent(intent, overlays, analysis)
    if document is None:
        return analysis
    network, problems = parse_network(document)
    analysis.report.extend(problems)
    analysis.network = network
    analysis.origin = document.origin if network is not None else None
    prunings: list[Pruned] = []
    origin = document.origin
    if network is None and not any(p.code == "N5G010" for p in problems):  # N5G010: not an intent
        from n5gc.model.lenient import parse_pruned

        partial, pruned = parse_pruned(document.data, document.origin, Network)
        network, origin = (partial, pruned.origin) if isinstance(partial, Network) else (None, origin)
        prunings.append(pruned)
    secrets_path = secrets if secrets is not None else default_secrets_path(intent)
    checked_secrets = None
    if secrets is not None or secrets_path.exists():
        checked_secrets = _load_secrets(secrets_path, analysis, prunings)
    elif require_secrets and network is not None and network.spec.subscribers:
        analysis.report.add(
            error(
                "N5G208",
                "subscriber keys are needed to compile, and no secrets file was given",
                Location(display_path(intent)),
                f"pass --secrets FILE or put a kind: Secrets file at {display_path(secrets_path)}",
            )
        )
    if network is not None:
        found = run_checks(CheckContext(network, origin, checked_secrets))
        analysis.report.extend(d for d in found if not any(p.follows_from_removal(d) for p in prunings))
    return analysis


def _load_intent(intent: Path, overlays: list[Path], analysis: Analysis) -> Document | None:
    """The intent with its overlays merged, or None (with the reasons in the report)."""
    try:
        document = load_file(intent, display_path(intent))
        analysis.input_files.append(intent)
        overlay_docs = load_overlays(overlays, display_path)
        analysis.input_files.extend(Path(d.path) for d in overlay_docs)
        return apply_overlays(document, overlay_docs)
    except InputError as exc:
        analysis.report.extend(exc.diagnostics)
        return None


def _load_secrets(path: Path, analysis: Analysis, prunings: list[Pruned]) -> Secrets | None:
    """Load the secrets file into `analysis.secrets`; returns the secrets the checks may use: those,
    or when some credentials are broken, the others (the pruning is added to `prunings`)."""
    try:
        document = load_file(path, display_path(path), sensitive=True)
    except InputError as exc:
        analysis.report.extend(exc.diagnostics)
        return None
    analysis.input_files.append(path)
    secrets, problems = parse_secrets(document)
    analysis.report.extend(problems)
    analysis.secrets = secrets
    if secrets is not None or any(p.code == "N5G010" for p in problems):
        return secrets
    from n5gc.model.lenient import parse_pruned

    partial, pruned = parse_pruned(document.data, document.origin, Secrets)
    prunings.append(pruned)
    return partial if isinstance(partial, Secrets) else None
