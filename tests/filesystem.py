"""What the test machine's file system can do (shared by tests that depend on it)."""

from __future__ import annotations

import os
from pathlib import Path


def user_xattrs(folder: Path) -> bool:
    """Whether files in `folder` take user extended attributes (n5gc's local stamps live there)."""
    probe = folder / ".xattr-probe"
    probe.write_bytes(b"")
    try:
        os.setxattr(probe, "user.n5gc.probe", b"1")
        return True
    except OSError:
        return False
    finally:
        probe.unlink()
