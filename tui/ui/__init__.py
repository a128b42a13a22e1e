"""The Textual dashboard. It asks the core's query layer for data frames and shows them."""

import os

# Textual paints what changed at most MAX_FPS times a second: a table filled just after a
# paint waits up to a whole frame (17 ms at the default 60) before it is drawn. At 120 it
# waits at most 8 ms; paints still happen only when something changed. Read when Textual is
# first imported, which is after this for every entry point (the user's own setting wins).
os.environ.setdefault("TEXTUAL_FPS", "120")
