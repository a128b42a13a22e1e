"""The member files of a shard (one-article files of a folder) as its entry records them.

Kept as a table of its own in the entry (an Arrow file, one column per field), not in the
entry's JSON: a hundred thousand members load in a few tens of milliseconds, checked by
their CRC-32 like every other table of an entry.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pyarrow as pa

MEMBERS_FILE = "members.arrow"
NAMES_FILE = "member-names.bin"
"""The members' names, as bytes, one after the other with a NUL between (which no file name
holds): decoded in one call, where a column of names would be decoded name by name."""

_INTS = ("sizes", "mtimes", "ctimes", "inodes", "rows")


class Stamp(NamedTuple):
    """A file as a stat sees it, and the CRC-32 of its bytes."""

    size: int
    mtime: int
    ctime: int
    inode: int
    content: str

    @classmethod
    def of(cls, stat: os.stat_result, content: str) -> Stamp:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, content)


def stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What of a stat decides whether a member is taken as it is: size, times and inode."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


@dataclass
class Members:
    """The shard's files, column by column (the form its entry keeps them in)."""

    names: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)
    ctimes: list[int] = field(default_factory=list)
    inodes: list[int] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    """How many articles each file gave, in order."""
    problems: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, name: str, stamp: Stamp, rows: int, problems: list[Any]) -> None:
        if problems:
            self.problems[len(self.names)] = problems
        self.names.append(name)
        self.sizes.append(stamp.size)
        self.mtimes.append(stamp.mtime)
        self.ctimes.append(stamp.ctime)
        self.inodes.append(stamp.inode)
        self.contents.append(stamp.content)
        self.rows.append(rows)

    def stamp(self, number: int) -> Stamp:
        return Stamp(
            self.sizes[number],
            self.mtimes[number],
            self.ctimes[number],
            self.inodes[number],
            self.contents[number],
        )

    def stat_keys(self) -> list[tuple[int, int, int, int]]:
        return list(zip(self.sizes, self.mtimes, self.ctimes, self.inodes, strict=True))

    def table(self) -> pa.Table:
        """The members as a table, but for their names (``names_blob``)."""
        columns: dict[str, pa.Array] = {"contents": pa.array(self.contents, type=pa.string())}
        for name in _INTS:
            columns[name] = pa.array(getattr(self, name), type=pa.int64())
        return pa.table(columns)

    def names_blob(self) -> bytes:
        # fsencode: a file name need not be UTF-8 (its str then holds surrogate escapes).
        return os.fsencode("\0".join(self.names))

    def problems_record(self) -> dict[str, Any]:
        return {str(k): v for k, v in self.problems.items()}

    @classmethod
    def load(cls, table: pa.Table, names: bytes, problems: dict[str, Any]) -> Members:
        if set(table.column_names) != {"contents", *_INTS}:
            raise ValueError("the shard's member table has unexpected columns")
        listed = os.fsdecode(names).split("\0") if table.num_rows else []
        if len(listed) != table.num_rows:
            raise ValueError("the shard's member names do not match its member table")
        ints = {name: table.column(name).to_pylist() for name in _INTS}
        return cls(
            listed,
            ints["sizes"],
            ints["mtimes"],
            ints["ctimes"],
            ints["inodes"],
            table.column("contents").to_pylist(),
            ints["rows"],
            {int(k): v for k, v in problems.items()},
        )


def write_members(table: pa.Table, path: os.PathLike[str] | str) -> None:
    with pa.OSFile(os.fspath(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def read_members(data: bytes) -> pa.Table:
    return pa.ipc.open_file(pa.BufferReader(data)).read_all()
