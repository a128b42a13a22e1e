"""Synthetic KCNA-style demo corpus: invented wire copy for the dashboard's demo and benchmarks.

Every sentence is produced from invented templates in ``vocabulary.json``; nothing is real KCNA
copy. Place names are the DPRK's administrative divisions (cross-checked against Open Admin
Data, openadmindata.org, CC BY 4.0), respelled the way KCNA writes them. Enterprise and farm
names are either well-known public names or invented.

    python -m tui.demo --out data/demo --articles 3000 --seed 7
    python -m tui.demo --jsonl /tmp/bench.jsonl --articles 1000000 --seed 7

Layout: ``vocabulary`` loads the word tables; ``text`` fills templates; ``places`` and
``timeline`` name places, units and the plan of the day; ``story`` holds what all story kinds
share, and ``economy``, ``rural``, ``events`` and ``society`` the kinds themselves;
``articles`` picks a kind per day and dresses it as wire copy; ``corpus`` writes the files;
``cli`` is the command. The dashboard never imports this package (only `bench` and the CLI).
"""

from __future__ import annotations

from tui.demo.cli import main
from tui.demo.corpus import generate, write_jsonl_corpus

__all__ = ["generate", "main", "write_jsonl_corpus"]
