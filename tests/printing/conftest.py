"""A stand-in `lp` for the printing tests: CUPS itself is not on a test machine."""

import stat

import pytest


@pytest.fixture
def lp(tmp_path, monkeypatch):
    """Put an `lp` on PATH that keeps what it was sent and how; it fails when LP_FAIL is set."""
    spool = tmp_path / "spool"
    spool.mkdir()
    script = tmp_path / "bin" / "lp"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        'if [ -n "$LP_FAIL" ]; then echo "lp: Error - The printer or class does not exist." >&2; exit 1; fi\n'
        f'n=$(ls {spool} | wc -l); echo "$@" > {spool}/job$n.args; cat > {spool}/job$n.pdf\n'
        'echo "request id is office-$n (1 file(s))"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin:/bin")
    return spool
