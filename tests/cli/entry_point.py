"""Running the real ``sovereignty`` entry point in-process, as the shell would."""

from __future__ import annotations

import pytest

from sovereignty.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of ``sovereignty ARGS...``."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err
