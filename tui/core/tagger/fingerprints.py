"""Per-article keys of the body in matching form, for finding duplicate stories: worked out
from the normalised text that tagging makes anyway."""

from __future__ import annotations

import hashlib

import numpy as np

from tui.core.normalize import as_text


def _fingerprints(
    form: np.ndarray, position: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """Per article: a 63-bit key of the normalised text between ``starts`` and ``ends``
    (positions in the original text), hashed as UTF-8 whatever else the batch holds."""
    first = np.searchsorted(position, starts).tolist()
    last = np.searchsorted(position, ends).tolist()
    wide = np.flatnonzero(form >= 128)
    # ASCII articles (nearly all) are hashed straight from one byte copy of the batch.
    data = memoryview(form.astype(np.uint8).tobytes())
    has_wide = (np.searchsorted(wide, last) - np.searchsorted(wide, first)) > 0
    digests = b"".join(
        hashlib.blake2b(
            as_text(form[a:b]).encode("utf-8") if is_wide else data[a:b], digest_size=8
        ).digest()
        for a, b, is_wide in zip(first, last, has_wide.tolist(), strict=True)
    )
    keys: np.ndarray = (np.frombuffer(digests, dtype=">u8") >> np.uint64(1)).astype(np.int64)
    return keys
