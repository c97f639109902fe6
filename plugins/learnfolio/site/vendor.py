"""Third-party scripts the site ships, fetched from the npm registry, never committed.

The Review page schedules cards with ts-fsrs, the maintained FSRS implementation
in JavaScript. Its release is pinned here with the registry's own integrity
hash; the first build that needs it downloads the package once into the user's
cache (``$XDG_CACHE_HOME/learnfolio``, else ``~/.cache/learnfolio``), checks the
hash, and every site copies the script from there, so the published site loads
it from itself, never from another host.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class NpmScript:
    """One file of a pinned npm package."""

    package: str
    version: str
    integrity: str
    """The registry's ``dist.integrity`` of the tarball (``sha512-...``)."""
    member: str
    """The file inside the tarball: ``package/dist/index.umd.js``."""

    @property
    def tarball(self) -> str:
        name = self.package.rsplit("/", 1)[-1]
        return f"https://registry.npmjs.org/{self.package}/-/{name}-{self.version}.tgz"


TS_FSRS = NpmScript(
    "ts-fsrs",
    "5.4.2",
    "sha512-z4qop4pzTcyTzuJ566d9EaX/4bZZzhYfeaPImfVr+xcYT65c5oBgFDijUhCE/D+C78eaolHIhKRZ04/RwF+v2g==",
    "package/dist/index.umd.js",
)


class VendorError(Exception):
    """A pinned script could not be fetched or did not match its hash."""


def user_cache() -> Path:
    """Where downloads are kept across sites and builds."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "learnfolio"


def vendored(script: NpmScript, cache: Path | None = None) -> Path:
    """The local copy of ``script``, downloaded (and checked) on first use.

    Raises :class:`VendorError` naming the package and the reason when it can
    be neither found nor fetched.
    """
    folder = (cache or user_cache()) / "vendor" / f"{script.package}-{script.version}"
    target = folder / Path(script.member).name
    license_file = folder / "LICENSE"
    if target.is_file() and license_file.is_file():
        return target
    try:
        with urllib.request.urlopen(script.tarball, timeout=60) as response:
            data = response.read()
    except OSError as exc:
        raise VendorError(
            f"could not download {script.package} {script.version} from the npm registry "
            f"({exc}); a build with network access fetches it once into {folder}"
        ) from None
    algorithm, _, expected = script.integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if digest != expected:
        raise VendorError(
            f"{script.package} {script.version} from {script.tarball} does not match its "
            "pinned integrity hash; nothing was used"
        )
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        script_bytes = _member(archive, script.member)
        license_bytes = _member(archive, "package/LICENSE")
    folder.mkdir(parents=True, exist_ok=True)
    license_file.write_bytes(license_bytes)
    partial = target.with_suffix(".part")
    partial.write_bytes(script_bytes)
    partial.replace(target)
    return target


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    found = archive.extractfile(name)
    if found is None:
        raise VendorError(f"the package has no {name}")
    return found.read()
