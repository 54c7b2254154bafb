"""No-op recompiles: skip plan, render, verify, audit and the write when provably nothing changed.

A compile whose output folder already holds exactly what compiling the same inputs with the same
n5gc would write has nothing to do, and proving it is far cheaper than the work (at 1,000 slices
about a tenth: the front half still runs, so every diagnostic is the same). The proof has two parts:

1. **The stamp** (`stamp`): after every compile that leaves the folder holding its tree, the lock
   file gets an extended attribute `user.n5gc.recompile` = a random salt and
   `sha256(domain, salt, material, sha256(lock bytes))`. `material` (`recompile_material`, in
   memory only) digests everything that can change the output: the bytes of the intent, the
   overlays (in order) and the secrets file, which files those are and where the output goes
   (resolved paths, its repository path, the lock's root), n5gc's version, every file of the
   installed n5gc package, blueprints and schemas, the Python version, whether PyYAML has libyaml,
   and the name and version of every installed distribution (PyYAML, ruamel.yaml, Jinja2,
   kubernetes-validate and its schemas, jsonschema-rs, pydantic, ...). So the stamp says
   "compiling these inputs with this n5gc gives this lock", and nothing else.
2. **The check** (`unchanged_tree`): the stamp matches the material recomputed now and the lock on
   disk, and every file the lock lists is a regular file with the lock's sha256, read one folder at
   a time with O_NOFOLLOW (a link anywhere, a FIFO, a hand edit, a deleted file: the full compile
   runs). Any doubt (no stamp, an unreadable folder, a damaged lock, an entry that is not a plain
   relative path, a leftover staging folder of a killed compile) also means the full compile.

Why an extended attribute of the lock file and not a field of the lock:
- the lock is committed to Git and must be the same bytes on every machine and in every fresh
  compile; a digest of n5gc's code and of library versions would make it differ between machines
  (and change with every n5gc commit), and a random salt would make fresh compiles differ;
- a key recorded in a committed file is a claim anyone can commit: a pull request that edits a
  generated file and its lock hash would pass `compile --check` if a committed key were trusted.
  Git does not carry extended attributes, so a clone, a checkout or a pulled change never has a
  stamp: `--check` in CI always does the full work, and only the machine that compiled trusts it;
- nothing is written outside the output folder, and the attribute dies with the lock file's inode
  (any rewrite of the lock drops it; a changed lock no longer matches its digest anyway).
File systems without user extended attributes simply never get the fast path.

Why salted: the material covers the secrets file, so an unsalted digest would let whoever reads the
attribute (a backup, a tarball with xattrs) test a guessed secrets file against it offline without
precomputation shared across trees. The salt is drawn anew whenever a stamp is written; a guess
still has to be the whole secrets file byte for byte together with every other input. A keyed HMAC
would need a key stored outside the output folder, which n5gc never writes to.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from n5gc import __version__
from n5gc.emit import LOCK_FILE, STAGING_MARK
from n5gc.records import record

if TYPE_CHECKING:
    from n5gc.emit.paths import Tree
    from n5gc.model import Network
    from n5gc.repo_config import Job

STAMP_ATTRIBUTE = "user.n5gc.recompile"
_DOMAIN = b"n5gc-recompile-v1\0"
_SALT_BYTES = 32
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def recompile_material(job: Job, input_files: list[Path], repo_path: str | None, lock_root: Path) -> bytes:
    """The digest of everything that can change a compile's output (in memory only: it covers the
    secrets file, so it is never written anywhere unsalted)."""
    digest = hashlib.sha256(_DOMAIN)
    _update(digest, __version__, environment_digest())
    _update(digest, os.path.realpath(job.output), repo_path or "\0none", os.path.realpath(lock_root))
    _update(digest, os.path.realpath(job.intent), *(os.path.realpath(p) for p in job.overlays))
    _update(digest, os.path.realpath(job.secrets) if job.secrets is not None else "\0default")
    for path in input_files:
        _update(digest, os.path.realpath(path), hashlib.sha256(path.read_bytes()).hexdigest())
    return digest.digest()


def _update(digest: hashlib._Hash, *parts: str) -> None:
    """Length-prefixed parts, so no two different sequences feed the same bytes."""
    for part in parts:
        data = part.encode("utf-8", "surrogateescape")
        digest.update(len(data).to_bytes(8, "big") + data)


@cache
def environment_digest() -> str:
    """n5gc's installed files (package, blueprints, schemas), Python and the libraries' versions."""
    from n5gc.resources import data_dir

    return installation_digest((Path(__file__).parent, data_dir("blueprints"), data_dir("schemas")))


def installation_digest(roots: Iterable[Path]) -> str:
    """Every file below `roots` (bytecode caches aside), Python's version, whether PyYAML has
    libyaml, and the name and version of every installed distribution (any install or upgrade,
    whichever library it touches, means one full compile: simpler than knowing which can matter)."""
    digest = hashlib.sha256()
    _update(digest, sys.version, sys.implementation.cache_tag or "", str(has_libyaml()))
    _update(digest, *_installed_distributions())
    for root in roots:
        for relative, content in _files_below(root):
            _update(digest, relative, hashlib.sha256(content).hexdigest())
    return digest.hexdigest()


def has_libyaml() -> bool:
    """Whether PyYAML has its libyaml binding (`yaml.__with_libyaml__`), found without importing
    yaml (about 13 ms a no-op compile never pays otherwise): PyYAML sets that flag when its binding
    `yaml._yaml` imports (tests/emit/test_fastpath.py holds the two answers equal). A binding
    whose file is there but cannot load (its libyaml.so gone) counts as present: the digest still
    changes whenever the binding's file comes or goes, and the distributions' list covers upgrades."""
    from importlib.machinery import PathFinder
    from importlib.util import find_spec

    package = find_spec("yaml")  # a top-level name: found as an import would, without importing it
    folders = package.submodule_search_locations if package is not None else None
    return bool(folders) and PathFinder.find_spec("_yaml", list(folders)) is not None


def _installed_distributions() -> list[str]:
    """The `<name>-<version>.dist-info` (and `.egg-info`) folders on the import path, with where
    they are (without importlib.metadata, which costs more than the rest of the digest)."""
    found: list[str] = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as names:
                found.extend(
                    os.path.join(entry, n.name) for n in names if n.name.endswith((".dist-info", ".egg-info"))
                )
        except OSError:
            continue  # a zip file, or a folder that is gone
    return sorted(found)


def _files_below(root: Path) -> Iterable[tuple[str, bytes]]:
    """Every file below `root` but bytecode caches, sorted by path (the same on every machine).
    Plain string paths and os-level reads: this runs on every compile, no-op ones included."""
    base = os.fspath(root)
    cut = len(base) + 1
    found: list[str] = []
    for folder, subfolders, names in os.walk(base):
        subfolders[:] = [s for s in subfolders if s != "__pycache__"]
        found.extend(os.path.join(folder, n) for n in names)
    found.sort()  # one prefix: the order of the paths relative to `root`
    for path in found:
        yield f"{root.name}/{path[cut:]}", _whole(path)


def _whole(path: str) -> bytes:
    """The bytes of the file at `path`."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = [os.read(fd, os.fstat(fd).st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 16))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _stamp_digest(salt: bytes, material: bytes, lock: bytes) -> str:
    return hashlib.sha256(_DOMAIN + salt + material + hashlib.sha256(lock).digest()).hexdigest()


def unchanged_tree(out_dir: Path, material: bytes) -> dict[str, bytes] | None:
    """The files of `out_dir` (lock included) when they are provably what compiling `material`
    writes (see the module's docstring); None whenever that is not certain."""
    from n5gc.emit.paths import Tree, clean_relative

    if _staging_left(out_dir):
        return None  # the full compile removes it
    try:
        with Tree(out_dir) as tree:
            lock = _read_regular(tree, LOCK_FILE)
            if not _stamp_matches(tree, material, lock):
                return None
            listed = json.loads(lock.decode("utf-8"))["files"]
            files: dict[str, bytes] = {}
            for path, expected in listed.items():
                if clean_relative(path) is None or path == LOCK_FILE or not isinstance(expected, str):
                    return None
                data = _read_regular(tree, path)
                if hashlib.sha256(data).hexdigest() != expected:
                    return None
                files[path] = data
            files[LOCK_FILE] = lock
            return files
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _staging_left(out_dir: Path) -> bool:
    """Whether a staging folder of a compile of `out_dir` is beside it (a killed compile's)."""
    prefix = f".{out_dir.name}{STAGING_MARK}"
    try:
        with os.scandir(out_dir.parent) as entries:
            return any(e.name.startswith(prefix) for e in entries)
    except OSError:
        return True


def _read_regular(tree: Tree, relative: str) -> bytes:
    """The bytes of a regular file below `tree`; OSError for a link on the way, a link, a FIFO or
    a device (opened without blocking, then refused)."""
    folder, name = tree.split(relative)
    fd = os.open(name, _READ_FLAGS, dir_fd=folder)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{relative} is not a regular file")
        return handle.read()


def _stamp_matches(tree: Tree, material: bytes, lock: bytes) -> bool:
    entry = _read_stamp(tree)
    if entry is None:
        return False
    salt, recorded = entry
    return hmac.compare_digest(_stamp_digest(salt, material, lock), recorded)


def _read_stamp(tree: Tree) -> tuple[bytes, str] | None:
    """(salt, digest) of the lock file's stamp, or None without a readable one."""
    folder, name = tree.split(LOCK_FILE)
    fd = os.open(name, _READ_FLAGS, dir_fd=folder)
    try:
        entry = json.loads(os.getxattr(fd, STAMP_ATTRIBUTE).decode("ascii"))
        return bytes.fromhex(entry["salt"]), str(entry["sha256"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    finally:
        os.close(fd)


def stamp(out_dir: Path, files: dict[str, bytes], material: bytes) -> None:
    """Record on the lock file just written that it is what compiling `material` gives. Only when
    the lock on disk is that lock; an existing stamp that already says so is left alone (a no-op
    changes nothing on disk). Failing is harmless: the next compile then does the full work."""
    from n5gc.emit.paths import Tree

    lock = files.get(LOCK_FILE)
    if lock is None:
        return
    try:
        with Tree(out_dir) as tree:
            if _read_regular(tree, LOCK_FILE) != lock or _stamp_matches(tree, material, lock):
                return
            salt = os.urandom(_SALT_BYTES)
            value = json.dumps({"salt": salt.hex(), "sha256": _stamp_digest(salt, material, lock)})
            folder, name = tree.split(LOCK_FILE)
            fd = os.open(name, _READ_FLAGS, dir_fd=folder)
            try:
                os.setxattr(fd, STAMP_ATTRIBUTE, value.encode("ascii"))
            finally:
                os.close(fd)
    except OSError:
        return  # no user extended attributes here (or the folder changed): no fast path next time


@record
class PlaintextFacts:
    """What `n5gc.sops.stage.plaintext_diagnostics` reads of a plan, taken from the network (the
    no-op path builds no plan; tests/emit/test_fastpath.py holds these equal to the plan's)."""

    network: str
    sops_age: tuple[str, ...]
    subscribers: tuple[str, ...]


def plaintext_facts(network: Network) -> PlaintextFacts:
    """The plan's network name, age recipients and subscriber groups (by name)."""
    spec = network.spec
    return PlaintextFacts(
        network=network.metadata.name,
        sops_age=tuple(spec.encryption.sops.age) if spec.encryption else (),
        subscribers=tuple(group.name for group in spec.subscribers),
    )
