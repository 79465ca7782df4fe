"""The benchmarks' artificial CPU load: it stops by itself, and its owner can stop it at once."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import textwrap

from bench.support.cpu_load import CpuLoad


def test_a_load_ends_by_itself_when_its_time_is_up() -> None:
    with CpuLoad(cores=None, seconds=0.2) as load:
        assert len(load.processes_started) == 1
        assert load.join(timeout_s=60), "the load outlived its duration"
        assert [process.returncode for process in load.processes_started] == [0]


def test_leaving_the_block_ends_the_load_at_once() -> None:
    core = min(os.sched_getaffinity(0))
    with CpuLoad(cores={core}, seconds=600, processes=2) as load:
        started = load.processes_started
        assert len(started) == 2
        assert all(process.poll() is None for process in started), "spinning"
    assert all(process.returncode is not None for process in started)


def test_a_load_ends_when_the_process_that_started_it_is_gone() -> None:
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import json, sys
                from bench.support.cpu_load import CpuLoad
                load = CpuLoad(cores=None, seconds=600).__enter__()
                print(json.dumps([p.pid for p in load.processes_started]), flush=True)
                sys.stdin.read()  # until the test kills this process
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout is not None
    (pid,) = json.loads(owner.stdout.readline())
    watch = os.pidfd_open(pid)
    try:
        owner.kill()
        owner.wait(timeout=60)
        readable, _, _ = select.select([watch], [], [], 60)
        assert readable, "the orphaned load kept spinning"
    finally:
        os.close(watch)
        assert owner.stdin is not None and owner.stdout is not None
        owner.stdin.close()
        owner.stdout.close()
