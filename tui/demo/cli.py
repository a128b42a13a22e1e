"""`python -m tui.demo`: write the demo corpus folder or a benchmark JSON Lines file."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from tui.demo.corpus import generate, write_jsonl_corpus


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tui.demo",
        description="Write the SYNTHETIC demo corpus (invented KCNA-style text).",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--out",
        type=Path,
        default=Path("data/demo"),
        help="folder for the demo corpus (wire/, seed/, README.md)",
    )
    target.add_argument(
        "--jsonl", type=Path, help="instead: stream a benchmark corpus to this one JSONL file"
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=None,
        help="number of records (default 3000; 1000000 with --jsonl)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start-year", type=int, default=2015)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument(
        "--txt-share",
        type=float,
        default=0.25,
        help="share of articles written as seed-format .txt files",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.jsonl is not None:
        n = write_jsonl_corpus(
            args.jsonl, 1_000_000 if args.articles is None else args.articles, args.seed
        )
        print(f"wrote {n} records to {args.jsonl} in {time.perf_counter() - started:.1f}s")
        return 0
    counts = generate(
        args.out,
        articles=3000 if args.articles is None else args.articles,
        seed=args.seed,
        start_year=args.start_year,
        years=args.years,
        txt_share=args.txt_share,
    )
    summary = ", ".join(f"{k}={v}" for k, v in counts.items())
    print(f"wrote {args.out}: {summary} in {time.perf_counter() - started:.1f}s")
    return 0
