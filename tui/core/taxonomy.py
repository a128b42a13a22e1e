"""Loading, validating and navigating a taxonomy file (TOML or YAML)."""

from __future__ import annotations

import hashlib
import sys
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tui.core.models import KINDS, ContextRule, Label, LabelKind, Taxonomy
from tui.core.normalize import normalize_phrase
from tui.core.paths import default_taxonomy_path
from tui.core.patterns import Expanded, PatternError, expand, is_pattern

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; the message names the file, label and problem."""


RESERVED_IDS: frozenset[str] = frozenset(
    {
        # Columns of the exported views (and --sort names): a label with one of these ids
        # would collide with a column of its own table.
        "theme",
        "total",
        "period",
        "date",
        "title",
        "themes",
        "sectors",
        "regions",
        "mentions",
        "id",
        # Words of --cell ("sector:(none)") and of the counting axes.
        "sector",
        "region",
        "none",
    }
)
"""Label ids a taxonomy may not use."""

MAX_LABELS = 32_000
"""Labels in all: label numbers are stored in 16 bits."""
MAX_AXIS_LABELS = 4_000
"""Themes, sectors or first-level regions: a count axis numbers its labels (and "(none)")
below 4,096."""
MAX_PHRASE_CHARS = 500
"""A phrase, alias, exclusion or context phrase (the longest bundled phrase has 42)."""


class LoadedTaxonomy:
    """A validated taxonomy with the look-ups the tagger and the counts need."""

    def __init__(self, model: Taxonomy, source: str = "<memory>", digest: str = "") -> None:
        self.model = model
        self.source = source
        self.digest = digest or hashlib.sha256(model.model_dump_json().encode()).hexdigest()
        self.labels: dict[str, Label] = {label.id: label for label in model.labels}
        self._expanded: dict[str, Expanded] = {}

    def expand(self, phrase: str) -> Expanded:
        """A phrase of the file as segments of plain phrases (see tui.core.patterns)."""
        found = self._expanded.get(phrase)
        if found is None:
            found = self._expanded[phrase] = expand(phrase, self.model.families)
        return found

    def plain(self, phrase: str) -> list[str]:
        """The plain phrases of a phrase that may not have gaps (exclusions, context words)."""
        found = self.expand(phrase)
        if found.gapped:
            raise PatternError(f"pattern {phrase!r}: gaps ('...') are not allowed here")
        return list(found.segments[0])

    @property
    def version(self) -> str:
        return self.model.version

    def of_kind(self, kind: LabelKind) -> list[Label]:
        return [label for label in self.model.labels if label.kind == kind]

    @cached_property
    def top_regions(self) -> list[str]:
        """First-level region ids in file order (the spec's provinces and `national`)."""
        return [lab.id for lab in self.model.labels if lab.kind == "region" and not lab.parent]

    def axis(self, kind: LabelKind) -> list[str]:
        """The ids a count axis shows for a kind: regions roll up to the first level."""
        if kind == "region":
            return self.top_regions
        return [label.id for label in self.of_kind(kind)]

    def root(self, label_id: str) -> str:
        """The first-level region a region label rolls up to (itself for others)."""
        seen: set[str] = set()
        current = label_id
        while True:
            parent = self.labels[current].parent
            if not parent or current in seen:
                return current
            seen.add(current)
            current = parent

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for label in self.model.labels:
            if label.parent:
                children.setdefault(label.parent, []).append(label.id)
        return children

    def descendants(self, label_id: str) -> set[str]:
        """The label and every region below it (a province with its cities and counties)."""
        found = {label_id}
        stack = [label_id]
        while stack:
            for child in self._children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def name(self, label_id: str) -> str:
        """The display name; of a column of several regions ("a;b"), theirs joined."""
        if ";" in label_id:
            return " + ".join(self.name(part) for part in label_id.split(";"))
        label = self.labels.get(label_id)
        return label.name if label else label_id


def _check_phrase(phrase: str, where: str, what: str = "phrase") -> None:
    if len(phrase) > MAX_PHRASE_CHARS:
        raise TaxonomyError(
            f"{where}: a {what} of {len(phrase):,} characters (at most {MAX_PHRASE_CHARS:,}): "
            f"{_shown(phrase)}"
        )
    if not is_pattern(phrase) and not normalize_phrase(phrase):
        raise TaxonomyError(f"{where}: the {what} {_shown(phrase)} is empty once normalised")


def _check_context(rule: ContextRule | None, where: str) -> None:
    # A context phrase that normalises to nothing would cancel every mention (unless) or
    # none (requires): a label or a whole kind zeroed, silently.
    if rule is None:
        return
    for phrase in rule.unless_sentence_has:
        _check_phrase(phrase, where, "unless_sentence_has phrase")
    for phrase in rule.requires_sentence_has:
        _check_phrase(phrase, where, "requires_sentence_has phrase")


def _shown(text: str) -> str:
    """A phrase quoted for a message: escapes visible, long ones cut."""
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _check_patterns(loaded: LoadedTaxonomy, source: str) -> None:
    """Every phrase, exclusion and rule word expands; the error names where it is."""
    model = loaded.model
    for name, members in model.families.items():
        try:
            loaded.plain(f"@{name}")
        except PatternError as error:
            raise TaxonomyError(f"{source}: family {name!r}: {error}") from None
        if not members:
            raise TaxonomyError(f"{source}: family {name!r} is empty")
    for label in model.labels:
        where = f"{source}: label {label.id!r}"
        for field in ("phrases", "aliases", "exclude"):
            for phrase in getattr(label, field):
                try:
                    if field == "exclude":
                        loaded.plain(phrase)
                    else:
                        loaded.expand(phrase)
                except PatternError as error:
                    singular = {"phrases": "phrase", "aliases": "alias", "exclude": "exclusion"}
                    raise TaxonomyError(f"{where}: {singular[field]} {phrase!r}: {error}") from None
        if label.context is not None:
            _check_words(
                loaded,
                f"{where}: context",
                [*label.context.unless_sentence_has, *label.context.requires_sentence_has],
            )
    for kind, rule in model.context.items():
        _check_words(
            loaded,
            f"{source}: context.{kind}",
            [*rule.unless_sentence_has, *rule.requires_sentence_has],
        )
    if model.frame is not None:
        _check_words(loaded, f"{source}: frame", [*model.frame.foreign, *model.frame.home])
    if model.history is not None:
        _check_words(loaded, f"{source}: history", [*model.history.cues, *model.history.present])
    if model.names is not None:
        names = model.names
        _check_words(loaded, f"{source}: names", [*names.list_cues, *names.activity_cues])
        for field, words in (
            ("heads", names.heads),
            ("titles", names.titles),
            ("products", names.products),
        ):
            for word in words:
                if not word.strip() or any(not c.isalnum() and c not in "-'" for c in word):
                    raise TaxonomyError(f"{source}: names.{field}: {word!r} must be one word")
        unknown = [label_id for label_id in names.keep if label_id not in loaded.labels]
        if unknown:
            raise TaxonomyError(f"{source}: names.keep: {', '.join(unknown)} are not labels")


def _check_words(loaded: LoadedTaxonomy, where: str, phrases: list[str]) -> None:
    for phrase in phrases:
        try:
            loaded.plain(phrase)
        except PatternError as error:
            raise TaxonomyError(f"{where}: {phrase!r}: {error}") from None


def _validate(model: Taxonomy, source: str) -> None:
    if len(model.labels) > MAX_LABELS:
        raise TaxonomyError(f"{source}: {len(model.labels):,} labels (at most {MAX_LABELS:,})")
    for kind, rule in model.context.items():
        _check_context(rule, f"{source}: context rule for every {kind}")
    seen: set[str] = set()
    for label in model.labels:
        where = f"{source}: label {label.id!r}"
        if label.id in seen:
            raise TaxonomyError(f"{where}: the id is used twice")
        if label.id in RESERVED_IDS:
            raise TaxonomyError(
                f"{where}: the id is reserved (a column of the exports or a word of --cell: "
                + ", ".join(sorted(RESERVED_IDS))
                + ")"
            )
        seen.add(label.id)
        patterns = [*label.phrases, *label.aliases]
        if not patterns:
            raise TaxonomyError(f"{where}: it has no phrases or aliases, so it can never match")
        for phrase in [*patterns, *label.exclude]:
            _check_phrase(phrase, where)
        _check_context(label.context, where)
        if label.parent is not None and label.kind != "region":
            raise TaxonomyError(f"{where}: only regions have a parent (kind is {label.kind})")
    by_id = {label.id: label for label in model.labels}
    for label in model.labels:
        if not label.parent:
            continue
        where = f"{source}: label {label.id!r}"
        parent = by_id.get(label.parent)
        if parent is None:
            raise TaxonomyError(f"{where}: parent {label.parent!r} is not a label of the file")
        if parent.kind != "region":
            raise TaxonomyError(f"{where}: parent {label.parent!r} is a {parent.kind}")
        chain = {label.id}
        current: Label | None = parent
        while current is not None:
            if current.id in chain:
                raise TaxonomyError(f"{where}: its parents form a cycle through {current.id!r}")
            chain.add(current.id)
            current = by_id.get(current.parent) if current.parent else None
    kinds = {label.kind for label in model.labels}
    for kind in KINDS:
        on_axis = [
            label
            for label in model.labels
            if label.kind == kind and (kind != "region" or not label.parent)
        ]
        if len(on_axis) > MAX_AXIS_LABELS:
            what = "first-level regions" if kind == "region" else f"{kind}s"
            raise TaxonomyError(f"{source}: {len(on_axis):,} {what} (at most {MAX_AXIS_LABELS:,})")
    missing = [kind for kind in KINDS if kind not in kinds]
    if missing:
        raise TaxonomyError(f"{source}: no labels of kind {', '.join(missing)}")


def _format_validation_error(error: ValidationError, data: Any, source: str) -> str:
    first = error.errors()[0]
    loc = list(first.get("loc", ()))
    label_part = ""
    if len(loc) >= 2 and loc[0] == "labels" and isinstance(loc[1], int):
        labels = data.get("labels", []) if isinstance(data, dict) else []
        entry = labels[loc[1]] if loc[1] < len(labels) else {}
        label_id = entry.get("id", f"#{loc[1] + 1}") if isinstance(entry, dict) else loc[1]
        label_part = f" label {label_id!r}:"
        loc = loc[2:]
    field = ".".join(str(part) for part in loc)
    field_part = f" field {field!r}:" if field else ""
    return f"{source}:{label_part}{field_part} {first.get('msg', 'invalid')}"


def parse_taxonomy(data: Any, source: str = "<memory>", digest: str = "") -> LoadedTaxonomy:
    """Validate already-parsed taxonomy data."""
    if not isinstance(data, dict):
        raise TaxonomyError(f"{source}: the file must hold a table with 'version' and 'labels'")
    try:
        model = Taxonomy.model_validate(data)
    except ValidationError as error:
        raise TaxonomyError(_format_validation_error(error, data, source)) from None
    _validate(model, source)
    loaded = LoadedTaxonomy(model, source, digest)
    _check_patterns(loaded, source)
    return loaded


def load_taxonomy(path: str | Path | None = None) -> LoadedTaxonomy:
    """Read and validate a taxonomy file; the bundled default when ``path`` is None."""
    file = Path(path) if path is not None else default_taxonomy_path()
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise TaxonomyError(f"{file}: cannot read the taxonomy file ({error.strerror})") from None
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TaxonomyError(f"{file}: the taxonomy file is not UTF-8 text") from None
    data: Any
    if file.suffix.lower() in {".yaml", ".yml"}:
        try:
            import yaml
        except ImportError:
            raise TaxonomyError(f"{file}: YAML taxonomies need PyYAML installed") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise TaxonomyError(f"{file}: not valid YAML ({error})") from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise TaxonomyError(f"{file}: not valid TOML ({error})") from None
    return parse_taxonomy(data, str(file), digest)
