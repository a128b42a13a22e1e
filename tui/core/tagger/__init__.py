"""Tagging: Aho-Corasick passes over many articles at once find every phrase of every label.

Each mention keeps the label, the character span in the article's document text (title, a
newline, then the body), the sentence and paragraph it sits in and the words matched, so
every count can be explained by the text behind it.

A batch of articles is tagged as one text (the articles joined by NUL, which no phrase,
sentence break or dateline crosses): normalisation, matching, whole-word checks, merging,
exclusions and sentence rules all run as array operations over the batch, and Python code
runs per batch rather than per article or per match. One article is a batch of one, so a
single article and a corpus are tagged by the same code.

Phrases may be patterns (tui.core.patterns): their plain phrases are matched as they are,
and a pattern with gaps is found from its first part (an anchor) and a bounded look at the
words after it. After matching, per-mention rules (tui.core.rules) drop what the words do
not mean: other countries' sentences and stories, words inside proper names and titles, unit
names and lists that report no activity, history.

The modules, from the Tagger down: facade (Tagger: tag, tag_article, tag_batch, rule_text),
compiled (what a Tagger builds from its taxonomy) with vocabulary (the automata's words,
label by label), chunk (tagging one chunk, in stages), matcher (the automata), gaps
(patterns with gaps), context, frame, history and names (the per-mention rules), sentences,
boilerplate (datelines, end markers), fingerprints, spans, chars (character tables, word
boundaries) and mentions (what tagging returns). Names with a leading underscore are the
package's own: modules share them, nothing outside uses them.
"""

from tui.core.tagger.chunk import SEPARATOR
from tui.core.tagger.facade import BATCH_CHARS, Tagger
from tui.core.tagger.mentions import (
    FRAME_ENDED,
    GAPPED,
    NAME_OUTSIDE_LIST,
    OWN_COUNTRY,
    REQUIRED_WORD,
    Mention,
    Mentions,
    Source,
    document_text,
)
from tui.core.tagger.sentences import sentence_starts

TAGGER_VERSION = "7"
"""Bumped whenever a change to this package alters the mentions found, so cached indexes are rebuilt."""

__all__ = [
    "BATCH_CHARS",
    "FRAME_ENDED",
    "GAPPED",
    "NAME_OUTSIDE_LIST",
    "OWN_COUNTRY",
    "REQUIRED_WORD",
    "SEPARATOR",
    "TAGGER_VERSION",
    "Mention",
    "Mentions",
    "Source",
    "Tagger",
    "document_text",
    "sentence_starts",
]
