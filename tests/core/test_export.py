"""Export: RFC 4180 CSV that is safe in a spreadsheet, written atomically, with a sidecar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pandas as pd
import pytest

from tui.core import atomic
from tui.core.export import (
    ARTICLE_EXPORT_COLUMNS,
    export_view,
    neutralize,
    neutralize_id,
    sidecar_path,
    to_csv_bytes,
    view_frame,
)
from tui.core.index import build_index
from tui.core.models import ExportRequest, FilterState, Measure, View
from tui.core.query import Query
from tui.core.taxonomy import LoadedTaxonomy

BOM = b"\xef\xbb\xbf"


def parse(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- the CSV format ------------------------------------------------------------------------


def test_csv_is_rfc4180_with_crlf_header_and_minimal_quoting():
    frame = pd.DataFrame(
        {
            "name": ["plain", "with, comma", 'say "yes"', "two\nlines", "cr\rinside"],
            "count": [1, 2, 3, 4, 5],
        }
    )
    data = to_csv_bytes(frame)
    assert data == (
        b"name,count\r\n"
        b"plain,1\r\n"
        b'"with, comma",2\r\n'
        b'"say ""yes""",3\r\n'
        b'"two\nlines",4\r\n'
        b'"cr\rinside",5\r\n'
    )
    assert parse(data) == [
        ["name", "count"],
        ["plain", "1"],
        ["with, comma", "2"],
        ['say "yes"', "3"],
        ["two\nlines", "4"],
        ["cr\rinside", "5"],
    ]


def test_csv_is_utf8_with_an_optional_bom():
    frame = pd.DataFrame({"title": ["Ryŏngwŏn — “new” méthode"], "n": [1]})
    plain = to_csv_bytes(frame)
    with_bom = to_csv_bytes(frame, bom=True)
    assert not plain.startswith(BOM)
    assert with_bom == BOM + plain
    assert plain.decode("utf-8") == "title,n\r\nRyŏngwŏn — “new” méthode,1\r\n"


def test_numbers_missing_values_and_flags_are_written_plainly():
    frame = pd.DataFrame(
        {"i": [-3, 0], "f": [-0.25, float("nan")], "b": [True, False], "s": [None, "x"]}
    )
    assert to_csv_bytes(frame) == b"i,f,b,s\r\n-3,-0.250000,true,\r\n0,,false,x\r\n"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("-", "'-"),
        ("-inf", "'-inf"),
        ("-42", "-42"),
        ("-4.5", "-4.5"),
        ("+7", "+7"),
        ("harmless = text", "harmless = text"),
        ("", ""),
    ],
)
def test_formula_neutralisation(value: str, written: str):
    assert neutralize(value) == written
    frame = pd.DataFrame({"v": [value]})
    assert parse(to_csv_bytes(frame))[1] == [written]


def test_header_cells_are_neutralised_too():
    frame = pd.DataFrame({"=bad": [1]})
    assert to_csv_bytes(frame).startswith(b"'=bad\r\n")


# -- views ---------------------------------------------------------------------------------


def test_view_frame_of_each_view(query: Query):
    sectors = view_frame(query, ExportRequest(view=View.theme_by_sector))
    assert list(sectors.columns) == [
        "theme",
        "coal_mining",
        "metallurgy",
        "agriculture",
        "(none)",
        "total",
    ]
    assert list(sectors["theme"]) == [
        "socialist_emulation",
        "speed_campaign",
        "production_increase",
        "(none)",
    ]
    regions = view_frame(query, ExportRequest(view=View.theme_by_region))
    assert regions.columns[0] == "theme" and regions.columns[-1] == "total"
    timeline = view_frame(query, ExportRequest(view=View.timeline))
    assert list(timeline["period"]) == ["2024-01", "2024-02", "2024-03"]
    articles = view_frame(query, ExportRequest(view=View.articles))
    assert list(articles.columns) == ARTICLE_EXPORT_COLUMNS
    assert list(articles["id"]) == ["a4", "a3", "a2", "a1", "a5"]


def test_export_of_counts_matches_the_table(query: Query, tmp_path: Path):
    out = tmp_path / "out" / "sectors.csv"
    rows = export_view(query, ExportRequest(view=View.theme_by_sector), out)
    assert rows == 4
    assert parse(out.read_bytes()) == [
        ["theme", "coal_mining", "metallurgy", "agriculture", "(none)", "total"],
        ["socialist_emulation", "1", "1", "1", "0", "2"],
        ["speed_campaign", "0", "0", "1", "0", "1"],
        ["production_increase", "1", "1", "1", "0", "2"],
        ["(none)", "1", "0", "0", "0", "1"],
    ]


def test_share_is_written_with_six_decimals(query: Query):
    request = ExportRequest(view=View.theme_by_sector, filters=FilterState(share=True))
    rows = parse(to_csv_bytes(view_frame(query, request)))
    assert rows[1] == [
        "socialist_emulation",
        "0.200000",
        "0.200000",
        "0.200000",
        "0.000000",
        "0.400000",
    ]


@pytest.mark.parametrize(
    "request_",
    [
        ExportRequest(view=View.theme_by_sector),
        ExportRequest(view=View.theme_by_region, filters=FilterState(measure=Measure.mentions)),
        ExportRequest(view=View.timeline),
        ExportRequest(view=View.articles),
        ExportRequest(view=View.articles, limit=2),
        ExportRequest(view=View.articles, sort="date", limit=3),
        ExportRequest(
            view=View.articles, theme="socialist_emulation", other="metallurgy", other_kind="sector"
        ),
        ExportRequest(
            view=View.theme_by_sector, filters=FilterState(date_from=dt.date(2030, 1, 1))
        ),
    ],
)
def test_export_view_writes_as_many_rows_as_the_view_has(
    query: Query, tmp_path: Path, request_: ExportRequest
):
    out = tmp_path / "view.csv"
    frame = view_frame(query, request_)
    rows = export_view(query, request_, out)
    assert rows == len(frame)
    assert out.read_bytes() == to_csv_bytes(frame)
    assert len(parse(out.read_bytes())) == len(frame) + 1


def test_sort_option(query: Query):
    frame = view_frame(query, ExportRequest(view=View.theme_by_sector, sort="-total"))
    # Ties (2, 2 and 1, 1) keep the table's natural order.
    assert list(frame["theme"]) == [
        "socialist_emulation",
        "production_increase",
        "speed_campaign",
        "(none)",
    ]
    frame = view_frame(query, ExportRequest(view=View.theme_by_sector, sort="theme"))
    assert list(frame["theme"]) == sorted(frame["theme"])
    frame = view_frame(query, ExportRequest(view=View.articles, sort="title", limit=2))
    assert list(frame["title"]) == ["Emulation drive at coal mine", "Farm news"]
    with pytest.raises(ValueError, match="nope"):
        view_frame(query, ExportRequest(view=View.theme_by_sector, sort="nope"))


def test_titles_are_neutralised_in_the_articles_view(tmp_path: Path, mini_taxonomy: LoadedTaxonomy):
    path = tmp_path / "evil.jsonl"
    stories = [
        {"id": "e1", "date": "2024-05-01", "title": "=1+2", "body": "A coal mine report."},
        {"id": "e2", "date": "2024-05-02", "title": '@here, "quoted"', "body": "A farm."},
        {"id": "e3", "date": "2024-05-03", "title": "-1500", "body": "A steel complex."},
        {"id": "=e4", "date": "2024-05-04", "title": "+ plus", "body": "Nothing."},
    ]
    path.write_text("".join(json.dumps(s) + "\n" for s in stories), "utf-8")
    query = Query(build_index([path], mini_taxonomy))
    out = tmp_path / "articles.csv"
    export_view(query, ExportRequest(view=View.articles), out)
    rows = parse(out.read_bytes())
    titles = {row[-1]: row[1] for row in rows[1:]}
    assert titles == {"'=e4": "'+ plus", "e3": "-1500", "e2": '\'@here, "quoted"', "e1": "'=1+2"}


# -- atomic writes and the sidecar ---------------------------------------------------------


def test_export_replaces_the_previous_file_and_leaves_no_temp_files(query: Query, tmp_path: Path):
    out = tmp_path / "exports" / "table.csv"
    out.parent.mkdir()
    out.write_bytes(b"old contents that are much longer than nothing\r\n" * 50)
    export_view(query, ExportRequest(view=View.theme_by_region), out)
    assert out.read_bytes() == to_csv_bytes(
        view_frame(query, ExportRequest(view=View.theme_by_region))
    )
    export_view(query, ExportRequest(view=View.timeline, limit=1), out)
    assert len(parse(out.read_bytes())) == 2
    assert sorted(p.name for p in out.parent.iterdir()) == ["table.csv", "table.csv.json"]


def test_a_failed_write_keeps_the_old_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    out = tmp_path / "keep.csv"
    out.write_bytes(b"previous\r\n")

    def refuse(src: str, dst: str) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OSError):
        atomic.write_bytes_atomic(out, b"new\r\n")
    monkeypatch.undo()
    assert out.read_bytes() == b"previous\r\n"
    assert os.listdir(tmp_path) == ["keep.csv"]


def test_sidecar_records_view_filters_taxonomy_and_corpus(
    query: Query, tmp_path: Path, mini_taxonomy: LoadedTaxonomy, corpus: Path
):
    out = tmp_path / "cells.csv"
    filters = FilterState(
        themes=("socialist_emulation",), date_from=dt.date(2024, 1, 1), search="drive"
    )
    request = ExportRequest(
        view=View.articles,
        filters=filters,
        theme="socialist_emulation",
        other="south_hamgyong",
        other_kind="region",
        sort="-date",
    )
    rows = export_view(query, request, out)
    assert sidecar_path(out) == tmp_path / "cells.csv.json"
    record = json.loads(sidecar_path(out).read_text("utf-8"))
    assert record["view"] == "articles"
    assert record["rows"] == rows == 2
    assert record["sort"] == "-date"
    assert record["cell"] == {
        "theme": "socialist_emulation",
        "other": "south_hamgyong",
        "kind": "region",
    }
    assert record["filters"]["themes"] == ["socialist_emulation"]
    assert record["filters"]["date_from"] == "2024-01-01"
    assert record["filters"]["search"] == "drive"
    assert record["scope"] == "article"
    assert record["taxonomy"]["version"] == "test.1"
    assert record["taxonomy"]["sha256"] == mini_taxonomy.digest
    assert record["taxonomy"]["file"] == mini_taxonomy.source
    assert record["corpus"]["files"] == [str(corpus)]
    assert record["corpus"]["articles"] == 5 and record["corpus"]["duplicates"] == 1
    assert dt.datetime.fromisoformat(record["written"]).tzinfo is not None


def test_export_without_sidecar(query: Query, tmp_path: Path):
    out = tmp_path / "exports" / "bare.csv"
    export_view(query, ExportRequest(view=View.timeline), out, sidecar=False)
    assert os.listdir(out.parent) == ["bare.csv"]


def test_bom_request_is_honoured_by_export_view(query: Query, tmp_path: Path):
    out = tmp_path / "excel.csv"
    export_view(query, ExportRequest(view=View.theme_by_sector, bom=True), out)
    assert out.read_bytes().startswith(BOM + b"theme,")


def test_leftovers_of_killed_writes_are_cleaned_up(tmp_path: Path):
    import os
    import time

    from tui.core.atomic import STALE_SECONDS, write_bytes_atomic

    target = tmp_path / "view.csv"
    old = tmp_path / ".view.csv.abc123.tmp"
    fresh = tmp_path / ".view.csv.def456.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written right now")
    past = time.time() - STALE_SECONDS - 60
    os.utime(old, (past, past))
    write_bytes_atomic(target, b"a,b\r\n")
    assert target.read_bytes() == b"a,b\r\n"
    assert not old.exists()
    assert fresh.exists()  # another process may still be writing it


# -- ids join back to the corpus -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (
            "http://www.kcna.kp/en/article/q/5f1e.kcmsf",
            "http://www.kcna.kp/en/article/q/5f1e.kcmsf",
        ),
        ("-0042-a", "-0042-a"),
        ("@kcna/2024/17", "@kcna/2024/17"),
        ("+abc", "+abc"),
        ("-", "-"),
        ("=e4", "'=e4"),
        ("\te1", "'\te1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("-42", "-42"),
    ],
)
def test_ids_are_neutralised_only_where_a_spreadsheet_would_run_them(
    value: str, written: str
) -> None:
    assert neutralize_id(value) == written


def test_an_id_column_is_written_plain_and_other_columns_as_before() -> None:
    frame = pd.DataFrame({"title": ["-2 new"], "id": ["-2 new"], "other": ["@kcna/1"]})
    frame2 = pd.DataFrame({"title": ["-x"], "id": ["@kcna/1"], "other": ["@kcna/1"]})
    assert to_csv_bytes(frame).splitlines()[1] == b"'-2 new,'-2 new,'@kcna/1"
    assert to_csv_bytes(frame2).splitlines()[1] == b"'-x,@kcna/1,'@kcna/1"


def test_new_files_get_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    fresh, kept = tmp_path / "fresh.csv", tmp_path / "kept.csv"
    kept.write_bytes(b"old")
    kept.chmod(0o640)
    old = os.umask(0o027)
    try:
        atomic.write_bytes_atomic(fresh, b"new")
        atomic.write_pair_atomic(kept, b"new", tmp_path / "kept.csv.json", b"{}")
    finally:
        os.umask(old)
    assert os.stat(fresh).st_mode & 0o777 == 0o640
    assert os.stat(kept).st_mode & 0o777 == 0o640
    assert os.stat(tmp_path / "kept.csv.json").st_mode & 0o777 == 0o640
    os.umask(0o022)
    try:
        atomic.write_bytes_atomic(tmp_path / "b.csv", b"x")
    finally:
        os.umask(old)
    assert os.stat(tmp_path / "b.csv").st_mode & 0o777 == 0o644


def test_a_nul_in_a_cell_is_written_as_it_is_on_every_python():
    # Python 3.10's csv writer refuses a NUL; 3.11 and later write it unquoted. The export
    # must not fail on 3.10 and must be the same bytes everywhere.
    frame = pd.DataFrame(
        {"title": ["a\x00b", 'say "\x00"', "\x00,\x00", "\ue000 and \ue0000"], "n": [1, 2, 3, 4]}
    )
    assert to_csv_bytes(frame) == (
        'title,n\r\na\x00b,1\r\n"say ""\x00""",2\r\n"\x00,\x00",3\r\n\ue000 and \ue0000,4\r\n'
    ).encode("utf-8")
