"""Writing corpora: the demo folder (wire JSON Lines, seed-format .txt, README) and one big
JSON Lines file for benchmarks."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tui.demo.articles import unique_articles
from tui.demo.readme import readme

_DATELINE_RE = re.compile(r"^Pyongyang, [A-Z][a-z]+ \d{1,2} \(KCNA\) --\s?")


@dataclass
class _Record:
    id: str
    day: date
    title: str
    body: str
    topic: str
    dated: bool = True
    as_text: bool = False
    report_day: date | None = None


def _build(
    rng: random.Random, articles: int, start_year: int, years: int, txt_share: float
) -> list[_Record]:
    n_dup = min(12, max(1, articles // 400)) if articles >= 20 else 0
    n_unique = articles - n_dup
    first = date(start_year, 1, 1).toordinal()
    last = date(start_year + years - 1, 12, 31).toordinal()
    days = sorted(date.fromordinal(rng.randint(first, last)) for _ in range(n_unique))
    records = [
        _Record("", d, t, b, tp)
        for d, (t, b, tp) in zip(days, unique_articles(rng, days), strict=True)
    ]
    for rec in records:
        roll = rng.random()
        if roll < 0.01:
            rec.dated = False  # scrapers lose dates; the dateline still says the day
        elif roll < 0.01 + txt_share:
            rec.as_text = True
            if rng.random() < 0.4:
                rec.report_day = rec.day - timedelta(days=rng.randint(1, 3))
    # Exact duplicates of wire stories, filed again under another topic as archives do.
    wire = [i for i, r in enumerate(records) if not r.as_text and r.dated]
    for i in sorted(rng.sample(wire, min(n_dup, len(wire))), reverse=True):
        orig = records[i]
        topic = "Latest News" if orig.topic != "Latest News" else "Home News"
        records.insert(i + 1, _Record("", orig.day, orig.title, orig.body, topic))
    serial: dict[int, int] = {}
    for rec in records:
        serial[rec.day.year] = serial.get(rec.day.year, 0) + 1
        rec.id = f"demo-{rec.day.year}-{serial[rec.day.year]:06d}"
    return records


def _json_line(rec_id: str, day: str, title: str, body: str, topic: str) -> str:
    return (
        json.dumps({"id": rec_id, "date": day, "title": title, "body": body, "topic": topic}) + "\n"
    )


def _seed_text(rec: _Record) -> str:
    """A record in the seed text format: title line, body, maybe the original report's date."""
    body = rec.body
    lines = [f"date {rec.day.isoformat()} {rec.title}"]
    if rec.report_day is not None:
        # Newspaper reprints carry the original report's date, not a dateline.
        body = _DATELINE_RE.sub("", body)
    lines.append(body)
    if rec.report_day is not None:
        lines.append(rec.report_day.isoformat())
    return "\n".join(lines) + "\n"


def _write_records(records: list[_Record], wire_dir: Path, seed_dir: Path) -> dict[str, int]:
    """Write wire files (one per year) and seed files; return the counts."""
    by_year: dict[int, list[str]] = {}
    seen_bodies: set[str] = set()
    counts = {
        "articles": len(records),
        "wire_records": 0,
        "wire_files": 0,
        "seed_files": 0,
        "report_dates": 0,
        "duplicates": 0,
        "undated": 0,
    }
    for rec in records:
        counts["duplicates"] += rec.body in seen_bodies
        seen_bodies.add(rec.body)
        if rec.as_text:
            counts["report_dates"] += rec.report_day is not None
            (seed_dir / f"{rec.id}.txt").write_text(_seed_text(rec), encoding="utf-8", newline="\n")
            counts["seed_files"] += 1
            continue
        counts["undated"] += not rec.dated
        day = rec.day.isoformat() if rec.dated else ""
        by_year.setdefault(rec.day.year, []).append(
            _json_line(rec.id, day, rec.title, rec.body, rec.topic)
        )
    for year, lines in sorted(by_year.items()):
        (wire_dir / f"demo-{year}.jsonl").write_text("".join(lines), encoding="utf-8", newline="\n")
        counts["wire_files"] += 1
        counts["wire_records"] += len(lines)
    return counts


def generate(
    out_dir: Path,
    *,
    articles: int = 3000,
    seed: int = 7,
    start_year: int = 2015,
    years: int = 10,
    txt_share: float = 0.25,
) -> dict[str, int]:
    """Write the synthetic demo corpus under `out_dir` and return what was written.

    Deterministic: the same arguments give byte-identical files. Returns the counts
    articles (all records), wire_records, wire_files, seed_files, report_dates, duplicates,
    undated and years.
    """
    if articles < 1 or years < 1 or not 0.0 <= txt_share <= 1.0:
        raise ValueError("need articles >= 1, years >= 1 and 0 <= txt_share <= 1")
    rng = random.Random(seed)
    records = _build(rng, articles, start_year, years, txt_share)
    out_dir = Path(out_dir)
    wire_dir, seed_dir = out_dir / "wire", out_dir / "seed"
    for folder, pattern in ((wire_dir, "demo-*.jsonl"), (seed_dir, "demo-*.txt")):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(pattern):  # a smaller rerun must not leave old articles
            stale.unlink()
    counts = _write_records(records, wire_dir, seed_dir)
    counts["years"] = years
    # A fixed --out keeps the README byte-identical wherever the corpus is written.
    command = f"python -m tui.demo --out data/demo --articles {articles} --seed {seed}"
    if (start_year, years, txt_share) != (2015, 10, 0.25):
        command += f" --start-year {start_year} --years {years} --txt-share {txt_share}"
    (out_dir / "README.md").write_text(
        readme(articles, seed, start_year, years, counts, command), encoding="utf-8", newline="\n"
    )
    return counts


def write_jsonl_corpus(path: Path, articles: int, seed: int) -> int:
    """Stream `articles` synthetic records to one JSONL file for benchmarks; return the count.

    A pool of invented stories is generated once and cycled through; each record gets its
    own id and a serial sentence, so every body is distinct while memory stays flat.
    """
    if articles < 0:
        raise ValueError("articles must be >= 0")
    rng = random.Random(seed)
    pool_size = max(1, min(articles, 4000))
    first, last = date(2015, 1, 1).toordinal(), date(2024, 12, 31).toordinal()
    days = sorted(date.fromordinal(rng.randint(first, last)) for _ in range(pool_size))
    # Pre-encode everything but the serial: json.dumps per record would dominate the run time.
    heads: list[str] = []
    tails: list[str] = []
    for day, (title, body, topic) in zip(days, unique_articles(rng, days), strict=True):
        marker = ""
        if body.endswith(" -0-"):
            body, marker = body[:-4], " -0-"
        head = (
            f'", "date": "{day.isoformat()}", "title": {json.dumps(title)}, "body": '
            + json.dumps(body)[:-1]
            + "\\n"
        )
        heads.append(head)
        tails.append(marker + '", "topic": ' + json.dumps(topic) + "}\n")
    order = list(range(pool_size))
    rng.shuffle(order)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    chunk: list[str] = []
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for i in range(articles):
            k = order[i % pool_size]
            serial = f"{i + 1:07d}"
            chunk.append(
                f'{{"id": "bench-{serial}{heads[k]}This is item {serial} of the'
                f" synthetic benchmark wire.{tails[k]}"
            )
            if len(chunk) >= 10000:
                fh.write("".join(chunk))
                chunk.clear()
        fh.write("".join(chunk))
    return articles
