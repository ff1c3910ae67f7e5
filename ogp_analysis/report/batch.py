"""Batch runs: every plan of each member plus its cross-cycle report, N at once, failures collected not fatal.

With `--jobs N` the batch process runs reports itself beside N - 1 worker processes, forked
from it on Linux (they start with its imports and its loaded tables) and spawned elsewhere.

Workers die with the batch: a kill -9 of the batch process runs no handler, so each worker
asks Linux to kill it when its parent dies (`prctl(PR_SET_PDEATHSIG)`) and, on any OS, watches
its parent's pid from a thread and exits within half a second of a change. The report kernels
a worker starts watch it the same way (ipykernel's parent poller, `JPY_PARENT_PID`).
"""

from __future__ import annotations

import contextlib
import contextvars
import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from ogp_analysis.errors import OGPAnalysisError
from ogp_analysis.paths import Paths
from ogp_analysis.report.kernel import WarmKernel
from ogp_analysis.report.params import plans_in_data, resolve_report_member
from ogp_analysis.report.runner import check_reports_out, run_report
from ogp_analysis.storage import load_tables


@dataclass(frozen=True)
class Job:
    """One report to run."""

    kind: str
    parameters: dict

    @property
    def label(self) -> str:
        """The job as a reader names it (`united-kingdom self-assessment 2013`)."""
        cycle = self.parameters.get("cycle")
        return f"{self.parameters['member']} {self.kind}" + (f" {cycle}" if cycle else "")


@dataclass
class Outcome:
    """How one job went: the files written, or the error."""

    job: Job
    ok: bool
    seconds: float
    files: list[Path] = field(default_factory=list)
    error: str = ""


@dataclass
class BatchResult:
    """Every job's outcome, in the order the jobs were planned."""

    outcomes: list[Outcome]
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        """The outcomes of the jobs that failed."""
        return [o for o in self.outcomes if not o.ok]


def plan_jobs(tables: dict, members: list[str] | None = None, assessor: str = "both") -> list[Job]:
    """The reports a batch writes: a self-assessment per plan, then a cross-cycle report, per member.

    Args:
        tables: the processed tables.
        members: slugs or names (None: every member with a plan in the data).
        assessor: the self-assessment reports' assessor.
    """
    plans = plans_in_data(tables)
    slugs = ([resolve_report_member(tables, m) for m in members] if members
             else sorted(plans["member"].unique()))
    jobs = []
    for slug in dict.fromkeys(slugs):  # keep order, drop repeats
        for cycle in plans.loc[plans["member"] == slug, "cycle"]:
            jobs.append(Job("self-assessment", {"member": slug, "cycle": int(cycle), "assessor": assessor}))
        jobs.append(Job("cross-cycle", {"member": slug}))
    return jobs


PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_POLL_SECONDS = 0.5


def _watch_parent(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(1)  # the batch is gone: nothing would read what this worker writes
        time.sleep(PARENT_POLL_SECONDS)


def die_with_parent(parent_pid: int) -> None:
    """End this process when the batch process `parent_pid` dies (part of a worker's initializer).

    Args:
        parent_pid: the batch process (the pool's creator).
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # died before the request above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), name="watch-parent",
                     daemon=True).start()


# The kernel this process runs its batch reports in, reused from one report to the next.
_KERNEL: WarmKernel | None = None
# A forked worker's tables: the batch process's, handed over by the fork (read-only).
_TABLES: dict | None = None


def _close_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        _KERNEL.close()
        _KERNEL = None


def _run_job(job: Job, options: dict) -> Outcome:
    """Run one job and report, never raise: one failing report must not stop the batch."""
    if _WORKER_CONTEXT is not None:
        return _WORKER_CONTEXT.run(_run_job_here, job, options)
    return _run_job_here(job, options)


def _run_job_here(job: Job, options: dict) -> Outcome:
    global _KERNEL
    start = time.perf_counter()
    if _KERNEL is None:
        _KERNEL = WarmKernel(reset_early=True)
        # A pool worker ends through os._exit, which runs no atexit handler: its kernel is
        # shut down here (multiprocessing's finalizers do run), not left to notice it is alone.
        multiprocessing.util.Finalize(None, _close_kernel, exitpriority=10)
    if "tables" not in options and _TABLES is not None:
        options = {**options, "tables": _TABLES}
    try:
        result = run_report(job.kind, job.parameters, kernel=_KERNEL, **options)
    except OGPAnalysisError as exc:
        return Outcome(job, False, time.perf_counter() - start, error=str(exc))
    except Exception as exc:  # a bug in one report: reported with its traceback, the batch goes on
        detail = "".join(traceback.format_exception(exc)).strip()
        return Outcome(job, False, time.perf_counter() - start, error=detail)
    return Outcome(job, True, time.perf_counter() - start, files=result.files)


def run_batch(members: list[str] | None = None, *, jobs: int = 1, data_dir: Path | str | None = None,
              reports_dir: Path | str | None = None, fmt: str = "pdf",
              notebooks_dir: Path | str | None = None, assessor: str = "both",
              progress: bool = True) -> BatchResult:
    """Run every report of the given members (all members by default).

    Unknown members are refused before any report runs. A report that fails is recorded
    in the result and the others go on.

    Args:
        members: member slugs or names (None: every member in the data).
        jobs: reports run at once: this process and `jobs - 1` worker processes.
        data_dir: the processed tables (default `data/processed/`).
        reports_dir: the reports folder (default `reports/`).
        fmt: "pdf", "html" or "ipynb".
        notebooks_dir: the report notebooks (default `notebooks/`).
        assessor: the self-assessment reports' assessor (irm, government, both).
        progress: show a tqdm bar on stderr.
    """
    if jobs < 1:
        raise OGPAnalysisError(f"--jobs must be at least 1 (got {jobs})")
    paths_ = Paths.default()
    check_reports_out(reports_dir or paths_.reports, paths_)  # before any report runs
    data = Path(data_dir or paths_.processed).resolve()
    tables = load_tables(data)
    return run_jobs(plan_jobs(tables, members, assessor), jobs=jobs, data_dir=data,
                    reports_dir=reports_dir, fmt=fmt, notebooks_dir=notebooks_dir,
                    progress=progress, tables=tables)


def _longest_first(planned: list[Job], tables: dict) -> list[int]:
    """The jobs' positions, longest first.

    Cross-cycle reports first (they read every plan of a member), then self-assessments by
    their plan's number of commitments (ties in plan order).
    """
    com = tables["commitments"]
    size = com.groupby(["member", "cycle"], observed=True).size().to_dict() if len(com) else {}

    def cost(i: int) -> tuple:
        job = planned[i]
        if job.kind != "self-assessment":
            return (0, 0, i)
        key = (job.parameters.get("member"), job.parameters.get("cycle"))
        return (1, -size.get(key, 0), i)

    return sorted(range(len(planned)), key=cost)


def run_jobs(planned: list[Job], *, jobs: int = 1, data_dir: Path | str | None = None,
             reports_dir: Path | str | None = None, fmt: str = "pdf",
             notebooks_dir: Path | str | None = None, progress: bool = True,
             tables: dict | None = None) -> BatchResult:
    """Run some planned reports, `jobs` at a time; a failing report does not stop the others.

    The longest reports start first (`_longest_first`), so with several workers none of
    them runs alone at the end. With `jobs` > 1 this process runs reports too, beside
    `jobs - 1` worker processes (`_run_shared`).

    Args:
        planned: the reports (`plan_jobs`), in the order their results are returned.
        jobs: reports run at once: this process and `jobs - 1` worker processes.
        data_dir: the processed tables (default `data/processed/`).
        reports_dir: the reports folder (default `reports/`).
        fmt: "pdf", "html" or "ipynb".
        notebooks_dir: the report notebooks (default `notebooks/`).
        progress: show a tqdm bar on stderr.
        tables: the loaded tables (this process's reports use them; loaded from `data_dir` when None).
    """
    if jobs < 1:
        raise OGPAnalysisError(f"--jobs must be at least 1 (got {jobs})")
    start = time.perf_counter()
    paths_ = Paths.default()
    data = Path(data_dir or paths_.processed).resolve()
    options = {"data_dir": data, "reports_dir": Path(reports_dir or paths_.reports).resolve(),
               "fmt": fmt, "notebooks_dir": Path(notebooks_dir or paths_.notebooks).resolve()}
    tables = tables if tables is not None else load_tables(data)
    order = _longest_first(planned, tables)
    # The workers start first, while this process has no thread but its main one (see _start_pool).
    pool = _start_pool(jobs - 1, tables) if jobs > 1 else None
    bar = tqdm(total=len(planned), desc="reports", unit="report", disable=not progress)
    run = _SharedRun(planned, order, options, bar)
    try:
        if pool is None:
            run.run_here({**options, "tables": tables})
        else:
            _run_shared(run, pool, jobs, tables)
    finally:
        bar.close()
    return BatchResult([run.outcomes[i] for i in range(len(planned))], time.perf_counter() - start)


def _start_pool(workers: int, tables: dict) -> ProcessPoolExecutor:
    """Start `workers` worker processes now, forked from this one where the OS allows it.

    A forked worker has this process's imports and its loaded `tables` (copy on write) from
    its first instant: a spawned one spent ~2.5 s of a core importing and loading them
    again, which on two cores is time taken from the reports. It is forked before this
    batch starts any thread (the progress bar's, the dispatcher, its kernel's ZeroMQ), so
    none of them holds a lock the worker would copy half-held; what an earlier batch of the
    same process left (its kernel, its event loop) is set aside by `_init_worker`.
    Elsewhere than Linux, workers are spawned.
    """
    forked = sys.platform.startswith("linux")
    ctx = multiprocessing.get_context("fork" if forked else "spawn")
    # A fork hands the initializer's arguments over as they are; a spawned worker would get
    # them pickled, so it loads the tables itself instead.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(os.getpid(), tables if forked else None))
    if forked:  # a pool of forked workers launches all of them at its first submission: now
        pool.submit(os.getpid).result()
    return pool


# The context a worker runs its jobs in (see _init_worker); None in the batch process itself.
_WORKER_CONTEXT: contextvars.Context | None = None


def _init_worker(parent_pid: int, tables: dict | None) -> None:
    """Worker initializer: die with the batch process, keep its `tables`, and own nothing of its kernel.

    A forked worker starts with copies of the batch process's module state. Its kernel (if
    an earlier batch in the same process started one) is not this worker's to use or close;
    and jupyter_core keeps the asyncio loop of a thread in a context variable, which would
    hand this worker the parent's loop (and its epoll descriptor, shared across the fork).
    The worker's jobs run in a context of their own, where that variable is unset.
    """
    global _KERNEL, _TABLES, _WORKER_CONTEXT
    die_with_parent(parent_pid)
    _KERNEL, _TABLES = None, tables
    _WORKER_CONTEXT = contextvars.Context()


def _run_shared(run: _SharedRun, pool: ProcessPoolExecutor, jobs: int, tables: dict) -> None:
    """Run the jobs in this process and `jobs - 1` worker processes, each taking the next job when free.

    This process has its imports done and the tables loaded, and its kernel starts at once: it
    takes a share of the reports while the workers start (a worker that only waited would cost
    a core's worth of start-up, ~2.5 s, for nothing). A thread hands each worker its next job
    the moment it finishes one. If a worker process dies, the reports it was running are
    recorded as failed and this process runs what is left.
    """
    run.pool = pool
    dispatcher = threading.Thread(target=run.dispatch, args=(jobs - 1,), name="batch-dispatch",
                                  daemon=True)
    dispatcher.start()
    here = {**run.options, "tables": tables}
    try:
        run.run_here(here)
        dispatcher.join()
        run.run_here(here)  # jobs handed back by a pool that broke after this process ran out of work
    except BaseException:
        run.stop()  # nothing more is handed out; running workers end with this process
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


class _SharedRun:
    """The jobs still to run and the outcomes so far, shared by this process and the thread that feeds the workers.

    `options` are `run_report`'s for the workers (they load the tables themselves); `pool`
    is the workers' (None: this process runs every job).
    """

    def __init__(self, planned: list[Job], order: list[int], options: dict, bar):
        self.planned, self.options, self.bar = planned, options, bar
        self.pool: ProcessPoolExecutor | None = None
        self.todo = deque(order)
        self.lock = threading.Lock()
        self.outcomes: dict[int, Outcome] = {}

    def take(self) -> int | None:
        """The next job's position, or None when every job is handed out."""
        with self.lock:
            return self.todo.popleft() if self.todo else None

    def stop(self) -> None:
        """Hand out nothing more."""
        with self.lock:
            self.todo.clear()

    def finish(self, i: int, outcome: Outcome) -> None:
        """Record job `i`'s outcome and move the progress bar."""
        with self.lock:
            self.outcomes[i] = outcome
            self.bar.set_postfix_str(self.planned[i].label)
            self.bar.update()

    def run_here(self, options: dict) -> None:
        """Run jobs in this process (with its `options`) until none is left to hand out."""
        while (i := self.take()) is not None:
            self.finish(i, _run_job(self.planned[i], options))

    def _feed(self, running: dict) -> None:
        i = self.take()
        if i is None:
            return
        try:
            running[self.pool.submit(_run_job, self.planned[i], self.options)] = i
        except BrokenProcessPool:
            with self.lock:
                self.todo.appendleft(i)  # this process runs it

    def dispatch(self, workers: int) -> None:
        """Keep `workers` jobs in the pool, each replaced by the next as soon as it ends."""
        running: dict = {}
        for _ in range(workers):
            self._feed(running)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in done:
                i = running.pop(fut)
                try:
                    outcome = fut.result()
                except Exception as exc:  # noqa: BLE001 - the worker died: its report failed
                    outcome = Outcome(self.planned[i], False, 0.0,
                                      error=f"the worker process running it died ({exc})")
                self.finish(i, outcome)
                self._feed(running)
