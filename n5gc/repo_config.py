"""The repository config (`n5gc.yaml` at the repo root): the networks a GitOps repository builds.

`n5gc compile` and `n5gc compile --check` with no arguments read it; so does the `n5gc-check`
pre-commit hook. Paths in it are relative to the file's folder.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Annotated, Literal

from n5gc.diagnostics import Diagnostic, InputError, error
from n5gc.load import Document, load_file
from n5gc.model import validate_model
from n5gc.model.fields import Field, intent_model
from n5gc.model.types import Pattern
from n5gc.records import record

CONFIG_FILE = "n5gc.yaml"


@intent_model()
class NetworkEntry:
    intent: str = Field(description="intent file, relative to n5gc.yaml, e.g. examples/lab.yaml")
    overlays: list[str] = Field(
        default_factory=list,
        description="overlay files or folders applied in order, e.g. [overlays/lab/lab.yaml]",
    )
    secrets: str | None = Field(
        None, description="secrets file, e.g. examples/lab.secrets.yaml; default: <intent>.secrets.yaml"
    )
    output: str = Field(description="output folder of this network, e.g. out/three-slices")


@intent_model(title="n5gc Repository (n5gc.io/v1alpha1)")
class RepositoryConfig:
    """The networks a GitOps repository builds (n5gc.yaml, kind: Repository)."""

    api_version: Literal["n5gc.io/v1alpha1"] = Field(
        alias="apiVersion", description="always n5gc.io/v1alpha1"
    )
    kind: Literal["Repository"] = Field(description="always Repository")
    networks: list[NetworkEntry] = Field(
        min_length=1, description="the networks to compile: intent, overlays, secrets, output folder"
    )
    ignore: list[Annotated[str, Pattern(r"^N5G\d{3}$")]] = Field(
        default_factory=list,
        description="warning codes n5gc does not report for this repository, e.g. [N5G209]; "
        "errors are always reported",
    )
    require_encryption: bool = Field(
        False,
        description="true: compiling a network with subscribers but no spec.encryption.sops.age is an "
        "error (N5G241), as with `n5gc compile --require-encryption`; for production repositories",
    )


@record
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
    from n5gc.frontend import display_path

    document = load_file(config_path, display_path(config_path))
    config, problems = validate_model(document, RepositoryConfig)
    if config is None:
        raise InputError(problems)
    base = config_path.parent
    problems = [*_path_problems(config, document), *_output_problems(config, document, base)]
    if problems:
        raise InputError(problems)
    return [
        Job(
            _rel(base, e.intent),
            tuple(_rel(base, o) for o in e.overlays),
            _rel(base, e.secrets) if e.secrets else None,
            _rel(base, e.output),
        )
        for e in config.networks
    ]


def configured_ignores(start: Path) -> tuple[str, ...]:
    """The `ignore:` codes of the n5gc.yaml found from `start` (none when there is no valid one:
    `n5gc compile` without INTENT reports a broken n5gc.yaml, validate of one intent does not need it)."""
    config = _valid_config(start)
    return tuple(config.ignore) if config is not None else ()


def configured_require_encryption(start: Path) -> bool:
    """`requireEncryption:` of the n5gc.yaml found from `start` (false without a valid one)."""
    config = _valid_config(start)
    return config is not None and config.require_encryption


def _valid_config(start: Path) -> RepositoryConfig | None:
    config_path = find_config(start)
    if config_path is None:
        return None
    try:
        config, _ = validate_model(load_file(config_path), RepositoryConfig)
    except InputError:
        return None
    return config


def _path_problems(config: RepositoryConfig, document: Document) -> list[Diagnostic]:
    """Paths with a NUL character (no file system accepts them)."""
    problems = []
    for index, entry in enumerate(config.networks):
        fields: list[tuple[list[str | int], str | None]] = [
            (["intent"], entry.intent),
            (["secrets"], entry.secrets),
            *((["overlays", i], o) for i, o in enumerate(entry.overlays)),
        ]
        for where, value in fields:
            if value is not None and "\0" in value:
                problems.append(
                    error(
                        "N5G011",
                        "a path holds a NUL character",
                        document.origin.locate(["networks", index, *where]),
                        "write the file's path relative to n5gc.yaml",
                    )
                )
    return problems


def output_problem(raw: str, base: Path) -> str | None:
    """Why `raw` (an output folder from n5gc.yaml, relative to `base`) is refused, or None."""
    if "\0" in raw:
        return "holds a NUL character"
    if os.path.isabs(raw):
        return "is an absolute path"
    if ".." in PurePosixPath(raw).parts:
        return "leaves the repository ('..')"
    if not raw.strip() or os.path.realpath(base / raw) == os.path.realpath(base):
        return "is the repository folder itself"
    return None


def _output_problems(config: RepositoryConfig, document: Document, base: Path) -> list[Diagnostic]:
    """Each output must be a folder below the repository, and no two may be the same or nested
    (compared by resolved path, so out/lab and ./out/lab/ are one folder)."""
    problems = []
    seen: list[tuple[str, str]] = []  # (resolved, as written)
    for index, entry in enumerate(config.networks):
        where = document.origin.locate(["networks", index, "output"])
        reason = output_problem(entry.output, base)
        if reason:
            problems.append(
                error(
                    "N5G011",
                    f"output {entry.output!r} {reason}",
                    where,
                    "give each network its own folder below the repository, e.g. out/<network>",
                )
            )
            continue
        resolved = os.path.realpath(base / entry.output)
        for other, written in seen:
            if os.path.commonpath([resolved, other]) in (resolved, other):
                relation = "the same folder as" if resolved == other else "nested with"
                problems.append(
                    error(
                        "N5G011",
                        f"two networks write to {entry.output!r}, {relation} {written!r}",
                        where,
                        "give each network its own output folder",
                    )
                )
        seen.append((resolved, entry.output))
    return problems


def _rel(base: Path, path: str) -> Path:
    joined = base / path
    try:
        return joined.relative_to(Path.cwd())
    except ValueError:
        return joined
