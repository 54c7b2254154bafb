"""The front half of the compiler: load -> overlays -> model -> checks (what `validate` runs).

Kept free of heavy imports (no jsonschema, jinja2, kubernetes-validate): it runs on every commit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from n5gc.checks import run_checks
from n5gc.checks.context import CheckContext
from n5gc.diagnostics import InputError, Location, Report, error
from n5gc.load import load_file
from n5gc.model import Network, Secrets, parse_network, parse_secrets
from n5gc.overlay import apply_overlays, load_overlays

SECRETS_SUFFIX = ".secrets.yaml"


@dataclass
class Analysis:
    """What the front half learned about one intent: the model (if valid) and every diagnostic."""

    intent: Path
    report: Report = field(default_factory=Report)
    network: Network | None = None
    secrets: Secrets | None = None
    input_files: list[Path] = field(default_factory=list)  # everything read (for the lock's input digest)

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
    """Load, merge, validate and check one intent; never raises for bad input."""
    analysis = Analysis(intent)
    try:
        document = load_file(intent, display_path(intent))
        analysis.input_files.append(intent)
        overlay_docs = load_overlays(list(overlays or []), display_path)
        analysis.input_files.extend(Path(d.path) for d in overlay_docs)
        document = apply_overlays(document, overlay_docs)
    except InputError as exc:
        analysis.report.extend(exc.diagnostics)
        return analysis
    network, problems = parse_network(document)
    analysis.report.extend(problems)
    secrets_path = secrets if secrets is not None else default_secrets_path(intent)
    if secrets is not None or secrets_path.exists():
        analysis.secrets = _load_secrets(secrets_path, analysis)
    elif require_secrets and network is not None and network.spec.subscribers:
        analysis.report.add(
            error(
                "N5G208",
                "subscriber keys are needed to compile, and no secrets file was given",
                Location(display_path(intent)),
                f"pass --secrets FILE or put a kind: Secrets file at {display_path(secrets_path)}",
            )
        )
    if network is None:
        return analysis
    analysis.network = network
    context = CheckContext(network, document.origin, analysis.secrets)
    analysis.report.extend(run_checks(context))
    return analysis


def _load_secrets(path: Path, analysis: Analysis) -> Secrets | None:
    try:
        document = load_file(path, display_path(path), sensitive=True)
    except InputError as exc:
        analysis.report.extend(exc.diagnostics)
        return None
    analysis.input_files.append(path)
    secrets, problems = parse_secrets(document)
    analysis.report.extend(problems)
    return secrets
