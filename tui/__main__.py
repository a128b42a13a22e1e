"""`python -m tui` does what the `campaign-tui` command does."""

from tui.cli import main

if __name__ == "__main__":
    main()
