"""The Textual dashboard. It asks the core's query layer for data frames and shows them."""
