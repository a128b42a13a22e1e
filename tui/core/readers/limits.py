"""The size limits every reader keeps to; tests lower them (read as ``limits.NAME``,
so a patched value is the one used)."""

from __future__ import annotations

MAX_BODY_CHARS = 5 * 1024 * 1024
"""Bodies longer than this are not news stories but dumps or glued files: skipped."""

# JSON escaping can make a line up to six times longer than the text it holds (\uXXXX),
# so a line over this cannot hold an acceptable body; it is skipped without being decoded,
# which keeps memory bounded on a runaway line. A CSV row (all the lines of its quoted
# fields) has the same limit.
MAX_LINE_BYTES = 6 * MAX_BODY_CHARS + 64 * 1024

MAX_TXT_BYTES = 4 * MAX_BODY_CHARS + 64 * 1024
"""A seed text file is one article: over this (UTF-8 takes at most four bytes a character)
it cannot hold an acceptable body, and it is skipped unread."""

MAX_JSON_BYTES = 256 * 1024 * 1024
"""A .json file is parsed whole (about twice its size in memory): a larger one, or a gzipped
one that expands past this, is skipped unread. JSON Lines files have no such limit."""
