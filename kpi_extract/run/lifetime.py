"""The lifetime of worker processes: they end with the run that started them.

A run killed with SIGTERM (or SIGKILL, or by the OOM killer) does not get to shut its
``ProcessPoolExecutor`` down, and its workers, each with a copy of the pipeline, would
live on with PPID 1. Two guards:

* :func:`die_with_parent`, in each worker as it starts: on Linux the kernel sends the
  worker SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)`` through ``ctypes``);
  elsewhere a daemon thread polls ``os.getppid()`` once a second and exits the worker
  when it changes. The worker also drops a SIGTERM handler inherited from the parent
  under ``fork`` (the command line's, which raises), so a SIGTERM ends it at once.
* :func:`stop`, in the parent when the run ends by an exception (``KeyboardInterrupt``,
  the command line's SIGTERM, a failing document under ``on_error="raise"``, a consumer
  that stops reading): the tasks not started are cancelled and the workers terminated,
  instead of waiting for the tasks they are running.

Hand-written: neither ``concurrent.futures`` nor ``multiprocessing`` offers either guard
(``ProcessPoolExecutor.terminate_workers`` comes with Python 3.14, and is used there).
"""
from __future__ import annotations

import concurrent.futures.process
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["die_with_parent", "forget_closed_wakeups", "stop", "PR_SET_PDEATHSIG"]

#: from <sys/prctl.h>
PR_SET_PDEATHSIG = 1
#: seconds between two looks at the parent where prctl is not available
POLL_SECONDS = 1.0


def _watch(parent: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def _pdeathsig() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; whether that worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def die_with_parent(parent: int) -> None:
    """Make this (worker) process end when the process ``parent`` does (see the module
    docstring); it ends at once when that has already happened."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not _pdeathsig():
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="kpi-extract-parent-watch").start()
    if os.getppid() != parent:  # the parent died before the guard was set
        os._exit(1)


def stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the pool's waiting tasks and terminate its workers now, without waiting for
    the running tasks."""
    if hasattr(pool, "terminate_workers"):  # Python >= 3.14
        pool.terminate_workers()
        return
    # the executor's worker table: no public accessor before 3.14; read before shutdown clears it
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
    # let the executor's manager thread finish closing its wakeup pipe now: at interpreter exit
    # concurrent.futures wakes it, and a close racing that wakeup prints an OSError traceback
    # (Python < 3.12)
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None and manager.is_alive():
        manager.join(timeout=5)
    forget_closed_wakeups()


def forget_closed_wakeups() -> None:
    """Drop from the table that concurrent.futures' exit hook wakes (a private table of
    Python < 3.14: absent, nothing to do) every executor manager thread that has finished or
    whose wakeup pipe is closed: waking one at interpreter exit prints an ``OSError`` traceback
    (Bad file descriptor) after a run was stopped by a signal."""
    wakeups = getattr(concurrent.futures.process, "_threads_wakeups", None)
    if wakeups is None:
        return
    for thread, wakeup in list(wakeups.items()):
        writer = getattr(wakeup, "_writer", None)
        try:
            if writer is not None and not getattr(wakeup, "_closed", False):
                os.fstat(writer.fileno())
        except (OSError, ValueError):
            wakeups.pop(thread, None)  # the pipe is gone: nothing to wake
            continue
        if not thread.is_alive():
            wakeups.pop(thread, None)
