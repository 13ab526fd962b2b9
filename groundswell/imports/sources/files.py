"""Opening export files: plain files, or the members of a zip archive, by name."""

import zipfile
from collections.abc import Iterator
from pathlib import Path

from groundswell.imports.errors import UnreadableFile

# A zip member larger than this is refused (a zip bomb, or not an export).
MAX_MEMBER_BYTES = 200 * 1024 * 1024


def read_files(paths: list[str | Path]) -> Iterator[tuple[str, bytes]]:
    """(file name, content) for each path, and for each file inside each zip."""
    for path in map(Path, paths):
        if not path.is_file():
            raise UnreadableFile(f"{path}: no such file.")
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.infolist():
                    if member.is_dir():
                        continue
                    if member.file_size > MAX_MEMBER_BYTES:
                        raise UnreadableFile(f"{path}: {member.filename} is too large to import.")
                    yield member.filename, archive.read(member)
        else:
            yield path.name, path.read_bytes()
