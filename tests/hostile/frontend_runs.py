"""Helpers of the hostile front-end tests: run the CLI in-process, and every way a key can be printed.

Test files load this module with ``sys.path.insert(0, <this folder>)`` + ``import frontend_runs``
(pytest runs with --import-mode=importlib, so test modules cannot import each other).
"""

from __future__ import annotations

import base64
import contextlib
import io
from dataclasses import dataclass

from n5gc.cli import main


@dataclass(frozen=True)
class Run:
    """One in-process `n5gc` run: its arguments, exit code and both streams."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    @property
    def streams(self) -> str:
        return self.out + self.err

    def __str__(self) -> str:
        return f"n5gc {' '.join(self.args)} -> exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


def run(*args: str) -> Run:
    """`n5gc ARGS` in this process (a process per run is far too slow for a fuzz), streams captured."""
    out, err = io.StringIO(), io.StringIO()
    code: object = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code
    assert isinstance(code, int), f"n5gc {args} ended without an exit code: {code!r}"
    return Run(tuple(args), code, out.getvalue(), err.getvalue())


def printed_forms(key_hex: str) -> set[str]:
    """Every way a 128-bit key could be printed: hex in both cases, base64 of its raw bytes, base64 of
    its hex text in both cases (with and without padding)."""
    raw = bytes.fromhex(key_hex)
    forms = {key_hex.upper(), key_hex.lower()}
    encoded = [base64.b64encode(raw).decode()]
    encoded += [base64.b64encode(text.encode()).decode() for text in (key_hex.upper(), key_hex.lower())]
    forms.update(encoded)
    forms.update(e.rstrip("=") for e in encoded)
    return forms


def leaks(runs: list[Run], keys: list[str], extra: tuple[str, ...] = ()) -> list[str]:
    """The (run, form) pairs where a key appears in a stream; empty when nothing leaked."""
    forms = {form for key in keys for form in printed_forms(key)} | set(extra)
    return [f"{form!r} in:\n{r}" for r in runs for form in forms if form in r.streams]
