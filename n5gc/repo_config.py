"""The repository config (`n5gc.yaml` at the repo root): the networks a GitOps repository builds.

`n5gc compile` and `n5gc compile --check` with no arguments read it; so does the `n5gc-check`
pre-commit hook. Paths in it are relative to the file's folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from n5gc.diagnostics import InputError, error
from n5gc.load import load_file
from n5gc.model.errors import diagnostics_from_validation
from n5gc.model.network import Strict

CONFIG_FILE = "n5gc.yaml"


class NetworkEntry(Strict):
    intent: str = Field(description="intent file")
    overlays: list[str] = Field(default_factory=list, description="overlay files or folders, in order")
    secrets: str | None = Field(None, description="secrets file; default: <intent>.secrets.yaml")
    output: str = Field(description="output folder of this network, e.g. out/three-slices")


class RepositoryConfig(Strict):
    api_version: Literal["n5gc.io/v1alpha1"] = Field(alias="apiVersion")
    kind: Literal["Repository"]
    networks: list[NetworkEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Job:
    """One network to compile: its inputs and output folder."""

    intent: Path
    overlays: tuple[Path, ...]
    secrets: Path | None
    output: Path


def find_config(start: Path) -> Path | None:
    """n5gc.yaml in `start` or the nearest parent folder."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
    return None


def load_jobs(config_path: Path) -> list[Job]:
    """The compile jobs of a repository config; raises InputError with diagnostics when it is invalid."""
    from pydantic import ValidationError

    from n5gc.frontend import display_path

    document = load_file(config_path, display_path(config_path))
    try:
        config = RepositoryConfig.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(
            list(diagnostics_from_validation(exc, document.data, document.origin, RepositoryConfig))
        ) from exc
    base = config_path.parent
    outputs = [entry.output for entry in config.networks]
    duplicates = {o for o in outputs if outputs.count(o) > 1}
    if duplicates:
        raise InputError(
            [
                error(
                    "N5G011",
                    f"two networks write to {sorted(duplicates)[0]}",
                    document.origin.locate(["networks"]),
                    "give each network its own output folder",
                )
            ]
        )
    return [
        Job(
            _rel(base, e.intent),
            tuple(_rel(base, o) for o in e.overlays),
            _rel(base, e.secrets) if e.secrets else None,
            _rel(base, e.output),
        )
        for e in config.networks
    ]


def _rel(base: Path, path: str) -> Path:
    joined = base / path
    try:
        return joined.relative_to(Path.cwd())
    except ValueError:
        return joined
