"""A corpus path that does not exist is refused before the dashboard opens, as the headless
commands refuse it: one line on stderr, exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each dashboard the command would have started (none is really run)."""
    from tui.ui.app import CampaignApp

    started: list[object] = []
    monkeypatch.setattr(CampaignApp, "run", lambda self, *args, **kwargs: started.append(self))
    return started


@pytest.mark.parametrize("command", [[], ["open"]], ids=["default", "open"])
def test_a_missing_path_is_refused_before_the_dashboard_starts(
    capsysbinary: pytest.CaptureFixture[bytes],
    tmp_path: Path,
    opened: list[object],
    command: list[str],
) -> None:
    missing = tmp_path / "no" / "such" / "folder"
    code, out, err = run_cli(capsysbinary, [*command, str(missing), "--no-cache"])
    assert opened == []
    assert code == 2
    assert out == b""
    assert err.splitlines() == [f"error: {missing}: no such file or folder"]


def test_the_headless_commands_say_the_same(
    capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path, opened: list[object]
) -> None:
    missing = tmp_path / "nowhere"
    _, _, dashboard = run_cli(capsysbinary, [str(missing), "--no-cache"])
    for command in ("index", "tags", "export"):
        code, _, headless = run_cli(capsysbinary, [command, str(missing), "--no-cache"])
        assert code == 2
        assert headless == dashboard


def test_an_existing_path_still_opens_the_dashboard(
    capsysbinary: pytest.CaptureFixture[bytes], corpus: Path, opened: list[object]
) -> None:
    code, _, _ = run_cli(capsysbinary, [str(corpus), "--no-cache", "--no-watch"])
    assert code == 0
    assert len(opened) == 1
