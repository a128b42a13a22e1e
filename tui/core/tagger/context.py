"""The taxonomy's sentence rules (``unless_sentence_has``, ``requires_sentence_has``): which
matches the context words of their sentence let through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tui.core.tagger.mentions import OWN_COUNTRY, REQUIRED_WORD, _Context, _Raw


@dataclass(frozen=True, slots=True)
class _Rule:
    unless: np.ndarray
    """Per context phrase: whether its presence in the sentence cancels the mention."""
    requires: np.ndarray | None
    """Per context phrase: one of these must be in the sentence (None: no requirement)."""


@dataclass(frozen=True)
class _ContextRules:
    """The distinct rules, and per label the one it follows (-1: none)."""

    rules: list[_Rule]
    rule_of_label: np.ndarray

    @classmethod
    def of(
        cls,
        raw_rules: list[tuple[set[int], set[int]] | None],
        mask: Callable[[set[int]], np.ndarray],
    ) -> _ContextRules:
        """From each label's (unless, requires) context word ids, or None."""
        # Labels sharing a rule (every sector has the kind's rule) are checked together.
        rules: list[_Rule] = []
        rule_of_label = np.full(len(raw_rules), -1, dtype=np.int64)
        seen: dict[tuple[frozenset[int], frozenset[int]], int] = {}
        for index, raw in enumerate(raw_rules):
            if raw is None:
                continue
            rule_key = (frozenset(raw[0]), frozenset(raw[1]))
            if rule_key not in seen:
                seen[rule_key] = len(rules)
                requires_mask = mask(raw[1]) if raw[1] else None
                rules.append(_Rule(mask(raw[0]), requires_mask))
            rule_of_label[index] = seen[rule_key]
        return cls(rules, rule_of_label)

    def allowed(self, raw: _Raw, sentence: np.ndarray, context: _Context) -> np.ndarray:
        """Which matches their sentence's context phrases let through (and why, in flags)."""
        allowed = np.ones(len(raw), dtype=bool)
        rule_of = self.rule_of_label[raw.label]
        for number in np.unique(rule_of[rule_of >= 0]).tolist():
            rule = self.rules[number]
            chosen = rule_of == number
            cancelling = np.unique(context.sentence[rule.unless[context.index]])
            allowed[chosen] &= ~np.isin(sentence[chosen], cancelling)
            if rule.unless.any():
                raw.flags[chosen] |= OWN_COUNTRY
            if rule.requires is not None:
                needed = np.unique(context.sentence[rule.requires[context.index]])
                allowed[chosen] &= np.isin(sentence[chosen], needed)
                raw.flags[chosen] |= REQUIRED_WORD
        return allowed
