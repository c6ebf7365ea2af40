"""``kpi-extract corpus -n 2`` killed from outside: its worker processes end with it.

Each test starts ``python -m kpi_extract corpus`` on a folder of copies of the seed call,
waits until both worker processes run, kills the command and then looks for the workers
(``/proc``, or psutil where there is no ``/proc``). Outputs go to files, not pipes, so that
a surviving worker cannot hold the test up; survivors are killed at the end either way.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "kingsoft_cloud_2022q4.txt"
#: copies of the seed call: enough work that the run is still going when it is killed
COPIES = 150
OLD_OUTPUT = "doc_id,value\nold,1\n"


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    if not Path("/proc").is_dir():
        import psutil

        return [c.pid for c in psutil.Process(pid).children()]
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def alive(pid: int) -> bool:
    """``pid`` runs (a zombie waiting for its parent does not count)."""
    if not Path("/proc").is_dir():
        import psutil

        return psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "calls"
    folder.mkdir()
    text = SEED.read_bytes()
    for i in range(COPIES):
        (folder / f"call_{i:03d}.txt").write_bytes(text)
    return folder


@pytest.mark.parametrize("sig, status", [
    (signal.SIGTERM, 143),            # the command ends cleanly and takes its workers with it
    (signal.SIGKILL, -signal.SIGKILL),  # no clean-up at all: the workers end by themselves
    (signal.SIGINT, 130),
])
def test_killed_corpus_run_leaves_no_worker(corpus, tmp_path, sig, status):
    out = tmp_path / "kpis.csv"
    out.write_text(OLD_OUTPUT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with open(tmp_path / "stdout", "wb") as stdout, open(tmp_path / "stderr", "wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "kpi_extract", "corpus", str(corpus), "-o", str(out),
                                 "-n", "2", "--no-progress"], stdout=stdout, stderr=stderr, env=env, cwd=tmp_path)
    workers: list[int] = []
    try:
        assert wait_for(lambda: len(children(proc.pid)) >= 2, 120), "the two workers never started"
        workers = children(proc.pid)
        time.sleep(0.5)  # at work
        assert proc.poll() is None, "the run ended before it was killed: make the corpus bigger"
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
        err = (tmp_path / "stderr").read_text(encoding="utf-8", errors="replace")
        assert code == status, err
        survivors = [pid for pid in workers if not wait_for(lambda pid=pid: not alive(pid), 10)]
        assert survivors == [], err
        assert out.read_text(encoding="utf-8") == OLD_OUTPUT  # the old output untouched
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
        assert "Traceback" not in err, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
