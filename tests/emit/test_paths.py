"""`clean_relative` (n5gc.emit.paths): exactly the relative POSIX paths of named components."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from n5gc.emit.paths import clean_relative


def _by_components(path: str) -> str | None:
    """The definition: no NUL or backslash, not absolute, no empty, "." or ".." component."""
    if not path or "\0" in path or "\\" in path or path.startswith("/"):
        return None
    return None if any(part in ("", ".", "..") for part in path.split("/")) else path


@given(st.lists(st.sampled_from(["", ".", "..", "...", "a", ".a", "a.", "b.yaml", "\\", "\0"]), max_size=5))
def test_clean_relative_is_the_component_definition(parts: list[str]) -> None:
    for path in ("/".join(parts), "/" + "/".join(parts), "/".join(parts) + "/"):
        assert clean_relative(path) == _by_components(path)


@given(st.text(alphabet="/.a\\\0", max_size=12))
def test_clean_relative_on_any_text(path: str) -> None:
    assert clean_relative(path) == _by_components(path)


def test_clean_relative_refuses_what_is_not_a_string() -> None:
    assert clean_relative(None) is None and clean_relative(b"a") is None and clean_relative(["a"]) is None
