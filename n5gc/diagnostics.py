"""Diagnostics: how n5gc reports what is wrong with an input.

User mistakes never become exceptions that reach the user: every stage turns them into
`Diagnostic` objects collected in a `Report`, and the CLI prints them all at once,
compiler style (``file:line:col: error CODE message``).

The typed exception hierarchy is for control flow between stages only:
`InputError` carries diagnostics out of a stage that cannot go on (e.g. a YAML syntax
error), `CompilerBug` marks a failure that is n5gc's fault (exit code 3).
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field, replace
from typing import Any

from n5gc.patterns import LazyPattern
from n5gc.records import record

# A name a diagnostic about a secrets file may show: a plain identifier that cannot hold key
# material (no run of 16 hex digits; no '+', '/' or '=' of base64).
_PLAIN_NAME = LazyPattern(r"[A-Za-z0-9!][A-Za-z0-9_.!-]{0,62}")
_KEY_LIKE = LazyPattern(r"[0-9A-Fa-f]{16}")
REDACTED = "<redacted>"


def shown_name(name: object, sensitive: bool) -> str:
    """A key, tag or name as a message may quote it: as is, or for a secrets file (`sensitive`) only
    when it cannot be a subscriber key (`credentials`, `k`, `lab-keys` yes; a 32-hex-digit K no)."""
    text = str(name)
    if not sensitive or (_PLAIN_NAME.fullmatch(text) and not _KEY_LIKE.search(text)):
        return text
    return REDACTED


class Severity(enum.IntEnum):
    """How bad a diagnostic is; errors make validate/compile fail (exit 1)."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


def _ordered_by_fields(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    """A comparison method as `dataclass(order=True)` makes it: the fields as tuples, between
    objects of the same class only."""

    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare((self.file, self.line, self.col), (other.file, other.line, other.col))
        return NotImplemented

    return method


@record
class Location:
    """A position in an input file; line and col are 1-based (as editors show them).

    A record ordered as `dataclass(frozen=True, order=True)` orders (that dataclass compiles nine
    methods on every import)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"

    __lt__ = _ordered_by_fields(operator.lt)
    __le__ = _ordered_by_fields(operator.le)
    __gt__ = _ordered_by_fields(operator.gt)
    __ge__ = _ordered_by_fields(operator.ge)


@record
class Diagnostic:
    """One problem found in the input, with a stable code and a hint on what to do."""

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location or Location("")
        return (loc.file, loc.line, loc.col, self.code, self.message)

    def at(self, location: Location | None) -> Diagnostic:
        """The same diagnostic at another location (used when a stage learns the position later)."""
        return replace(self, location=location)

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "file": loc.file if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
            "hint": self.hint,
        }


def error(code: str, message: str, location: Location | None = None, hint: str | None = None) -> Diagnostic:
    """Shorthand for an error diagnostic."""
    return Diagnostic(code, Severity.ERROR, message, location, hint)


def warning(code: str, message: str, location: Location | None = None, hint: str | None = None) -> Diagnostic:
    """Shorthand for a warning diagnostic."""
    return Diagnostic(code, Severity.WARNING, message, location, hint)


@record(frozen=False)
class Report:
    """All diagnostics of one run, in a stable order."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics ordered by file, line, column and code; exact duplicates dropped."""
        return sorted(set(self.diagnostics), key=Diagnostic.sort_key)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.sorted() if d.severity is severity)


class N5gcError(Exception):
    """Base of n5gc's exceptions."""


class InputError(N5gcError):
    """A stage cannot continue because of bad input; carries the diagnostics that say why."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("; ".join(d.message for d in self.diagnostics))


class CompilerBug(N5gcError):
    """Something n5gc produced is wrong (e.g. an artifact fails verification): n5gc's fault, exit 3.

    The CLI prints only the exception type and where it was raised, since a message may quote input
    (a key in a schema error). `shareable=True` marks a message n5gc wrote from parts that never hold
    input values a user must not see (the audit's findings), which the CLI then prints as well.
    """

    def __init__(self, message: str, *, shareable: bool = False):
        super().__init__(message)
        self.shareable = shareable
