"""Regular expressions compiled on first use.

Compiling a pattern costs 0.1-0.5 ms, and every n5gc run imports the modules declaring them: a
pattern that only a rare field, a secrets file or an error path uses (a chart URL, a Git
revision, an age recipient) is a `LazyPattern`, compiled when first matched. Its methods are then
the compiled pattern's own (bound once into the instance), so a match costs what it costs on the
`re.Pattern`.
"""

from __future__ import annotations

import re
from typing import Any

# The methods of re.Pattern a LazyPattern hands on.
_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class LazyPattern:
    """`re.compile(pattern, flags)`, compiled when a method is first used; `.pattern` and `.flags`
    as given (what JSON Schema hints read at import)."""

    def __init__(self, pattern: Any, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        """Called for the methods of re.Pattern until the first one compiles the pattern."""
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
