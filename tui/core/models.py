"""Pydantic models at the boundaries of the core: articles, problems, taxonomy, filters, exports."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

LabelKind = Literal["theme", "sector", "region"]
KINDS: tuple[LabelKind, ...] = ("theme", "sector", "region")
NONE_LABEL = "(none)"
"""The pseudo-label paired with a theme that has no sector/region in scope (and vice versa)."""


class Article(BaseModel):
    """One article as read from a corpus file, before tagging."""

    model_config = ConfigDict(frozen=True)

    id: str
    """The record's own id or URL; the file stem for a seed file; else a content hash."""
    title: str = ""
    body: str
    date: dt.date | None = None
    """Publication date; None when missing or impossible (the article is kept, undated)."""
    report_date: dt.date | None = None
    """Second date: the date of the original report (seed format's last line)."""
    source: str = ""
    """The file the article was read from."""
    line: int = 0
    """Line (JSONL, CSV, seed) or record number (JSON array) within the source, 1-based."""
    topic: str = ""


class Problem(BaseModel):
    """A record or file that could not be read (or was read with a caveat)."""

    model_config = ConfigDict(frozen=True)

    source: str
    line: int | None = None
    """Line or record number, 1-based; None when the whole file is concerned."""
    reason: str
    severity: Literal["error", "warning", "skipped"] = "error"
    """error: the record could not be read; warning: the record was kept (e.g. undated);
    skipped: a record left out on purpose, as it is no article (a headline with no story)."""
    unit: Literal["line", "record"] = "line"
    """What ``line`` counts: lines of the file, or records of a JSON array."""

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"


class ContextRule(BaseModel):
    """Cancels a label's mention when the sentence holding it also holds one of these words."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unless_sentence_has: list[str] = Field(default_factory=list)
    """Phrases that, anywhere in the same sentence, cancel the mention (e.g. foreign names)."""
    requires_sentence_has: list[str] = Field(default_factory=list)
    """When non-empty, the mention only counts if the sentence holds one of these phrases."""


def _themes_and_sectors() -> list[LabelKind]:
    return ["theme", "sector"]


def _themes() -> list[LabelKind]:
    return ["theme"]


def _sectors() -> list[LabelKind]:
    return ["sector"]


class FrameRule(BaseModel):
    """A story about another country: its title or first paragraph names one (``foreign``),
    and the theme and sector words of the sentences after it are that country's until a
    sentence names the DPRK (``home``) without naming another country."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: list[LabelKind] = Field(default_factory=_themes_and_sectors)
    foreign: list[str] = Field(default_factory=list)
    home: list[str] = Field(default_factory=list)
    home_regions: bool = True
    """Whether a DPRK place (any region label but ``national``) is a home word too."""
    here: list[str] = Field(default_factory=list)
    """Words placing the foreigners a story names in the DPRK ("the Chinese embassy here"):
    a title or lead sentence holding one and a foreign word sets no frame."""
    through: list[str] = Field(default_factory=list)
    """Words of a sentence that names the DPRK only in people's titles ("he was accompanied
    by ..., member of the Political Bureau of the WPK"): its home words end no frame."""


class NamesRule(BaseModel):
    """Words inside proper names, and unit names that report nothing.

    Theme words (kinds ``always``) never count inside a proper name: a run of capitalised
    words (with the joining words ``of``, ``and``, ``the``, ``for``) that holds one of
    ``heads`` (District, Complex, Administration, ...), a person's title opened by one of
    ``titles`` (Minister, ...), or a capitalised word followed by one of ``products`` ("Chollima
    tractor" is a make of tractor): "Chollima" in the Chollima Steel Complex is not the speed
    campaign.

    Sector words (kinds ``activity``) count inside a unit's name (a capitalised word inside a
    sentence, outside the title line) only when their sentence reports activity (holds one of
    ``activity_cues``), and so do all sector words of a sentence that lists units (holds one
    of ``list_cues``: attendance, greetings, wreaths, condolences, delegates); they never count
    inside a person's title."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    heads: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    products: list[str] = Field(default_factory=list)
    always: list[LabelKind] = Field(default_factory=_themes)
    activity: list[LabelKind] = Field(default_factory=_sectors)
    activity_cues: list[str] = Field(default_factory=list)
    list_cues: list[str] = Field(default_factory=list)
    keep: list[str] = Field(default_factory=list)
    """Label ids whose words count inside names (a red-flag title is the movement's)."""


class HistoryRule(BaseModel):
    """History and anecdote: a sentence holding one of ``cues`` (a year of the last century,
    "one day in ...") and none of ``present`` tells of the past, and so do the sentences
    after it in its paragraph until one holds a word of ``present``. A cue that opens the
    first sentence of an article's title line or first paragraph ("One day in May 2014, ...")
    opens an anecdote: it holds for the whole article, its title included. Their theme and sector words (kinds
    ``kinds``) do not count."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: list[LabelKind] = Field(default_factory=_themes_and_sectors)
    cues: list[str] = Field(default_factory=list)
    present: list[str] = Field(default_factory=list)


class Label(BaseModel):
    """One taxonomy label: a theme, a sector, or a region (province, city, county...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: LabelKind
    name: str
    """Display name."""
    phrases: list[str] = Field(default_factory=list)
    """Phrases (any case, hyphen/space and quote variants are equivalent) that mention it;
    each may be a pattern (inflections, alternatives, families, gaps: tui.core.patterns)."""
    aliases: list[str] = Field(default_factory=list)
    """Other names or spellings; matched exactly like phrases."""
    exclude: list[str] = Field(default_factory=list)
    """Longer phrases that contain a phrase of this label but do not mention it
    (e.g. 'Kim Chaek University' for the city Kimchaek): a match inside one is dropped."""
    context: ContextRule | None = None
    needs_activity: bool = False
    """Its words are also used in passing ("the right to education"): a mention counts only
    in a sentence that reports activity (the taxonomy's names.activity_cues)."""
    parent: str | None = None
    """For regions: the id of the enclosing region; top-level regions have none."""
    description: str = ""

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, value: str) -> str:
        import re

        if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", value):
            raise ValueError(f"id {value!r} must be lower-case letters, digits and underscores")
        return value


class Taxonomy(BaseModel):
    """A taxonomy file: its version and its labels."""

    model_config = ConfigDict(extra="forbid")

    name: str = "campaign-tui taxonomy"
    version: str
    description: str = ""
    credits: list[str] = Field(default_factory=list)
    context: dict[LabelKind, ContextRule] = Field(default_factory=dict)
    """Context rules applied to every label of a kind (e.g. foreign names cancel sectors)."""
    families: dict[str, list[str]] = Field(default_factory=dict)
    """Named lists of phrases that patterns use as ``@name`` (see tui.core.patterns)."""
    frame: FrameRule | None = None
    names: NamesRule | None = None
    history: HistoryRule | None = None
    labels: list[Label]


class Scope(str, Enum):
    """How close a theme and a sector/region must be to be counted together."""

    article = "article"
    paragraph = "paragraph"
    sentence = "sentence"


class Measure(str, Enum):
    articles = "articles"
    mentions = "mentions"


class ShareBasis(str, Enum):
    """What a share is a share of (see tui.core.shares)."""

    all = "all"
    column = "column"
    row = "row"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class View(str, Enum):
    theme_by_sector = "theme-by-sector"
    theme_by_region = "theme-by-region"
    timeline = "timeline"
    articles = "articles"
    rising = "rising"


class FilterState(BaseModel):
    """Everything that selects and shapes what the dashboard and `export` show."""

    model_config = ConfigDict(frozen=True)

    themes: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    """Any region id; a province includes its cities and counties."""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    """Inclusive."""
    search: str = ""
    """Case-insensitive text that the title or body must hold."""
    measure: Measure = Measure.articles
    share: bool = False
    """Counts as a share of all articles in the period instead of raw counts."""
    period: Period = Period.month
    share_basis: ShareBasis = ShareBasis.all
    """With ``share``: of all articles, of each column, or of each row (the count tables;
    the plots show shares of all articles)."""


class ExportRequest(BaseModel):
    """What to export: one view under one filter state."""

    view: View
    filters: FilterState = Field(default_factory=FilterState)
    theme: str | None = None
    """For the articles view: the cell's theme (drill-down)."""
    other: str | None = None
    """For the articles view: the cell's sector or region (drill-down)."""
    other_kind: Literal["sector", "region"] | None = None
    sort: str | None = None
    """Column to sort rows by; a leading '-' sorts descending. None keeps the natural order."""
    limit: int | None = None
    compare_from: dt.date | None = None
    compare_to: dt.date | None = None
    """For the theme tables: a second date range (B) shown beside the filters' own (A)."""
    baseline: int = Field(default=8, ge=1, le=120)
    """For the rising view: how many periods before the current one make its baseline."""
    bom: bool = False
    """Prefix a UTF-8 byte-order mark so Excel reads the file as UTF-8."""
