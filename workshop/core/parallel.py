"""Rendering on every core (issue 17): ``ordered_map`` runs a function over many items in a pool of
processes sized to the machine and gives the results back in order as they come, with a bounded
number of chunks in flight, so a 1,000-certificate ZIP streams into its archive with flat memory.

The pool forks the calling process where the system can (Linux): children start at once, already
holding the fonts and modules; they only compute (render PDF bytes) and never touch the database
connections they inherit. Elsewhere it spawns fresh interpreters. One CPU (or few items) renders
in the calling process, as before.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

# Below this many items the pool's start (a fork per process) costs more than it saves.
MIN_ITEMS = 24


def available_cpus() -> int:
    """The CPUs this process may run on (a container's or taskset's limit, not the host's count);
    RENDER_PROCESSES overrides (0 or 1: render in the calling process)."""
    configured = os.environ.get("RENDER_PROCESSES")
    if configured is not None and configured.strip().isdigit():
        return max(1, int(configured))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run_chunk(function: Callable, chunk: list) -> list:
    return [function(item) for item in chunk]


def ordered_map(
    function: Callable,
    items: Iterable,
    *,
    initializer: Callable | None = None,
    initargs: tuple = (),
    chunk_size: int = 8,
    processes: int | None = None,
    min_items: int | None = None,
) -> Iterator:
    """``function(item)`` for every item, in the items' order. ``function`` and ``initializer``
    must be module-level functions (they cross to the child processes by name); the initializer
    runs once in each child (and once here when rendering in this process). At most two chunks
    per process are in flight: memory stays bounded whatever the number of items."""
    processes = processes or available_cpus()
    min_items = MIN_ITEMS if min_items is None else min_items
    iterator = iter(items)
    head = list(islice(iterator, min_items))
    if processes <= 1 or len(head) < min_items:
        if initializer is not None:
            initializer(*initargs)
        yield from map(function, head)
        yield from map(function, iterator)
        return
    chunks = _chunks(head, iterator, chunk_size)
    with ProcessPoolExecutor(
        processes, mp_context=_context(), initializer=_start_child, initargs=(initializer, initargs)
    ) as pool:
        pending: deque = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_run_chunk, function, chunk))
                if len(pending) >= 2 * processes:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:  # stopped early (an error, a closed generator): drop the rest
                future.cancel()


def _start_child(initializer: Callable | None, initargs: tuple) -> None:
    # A forked child first moves everything it inherited out of its collector's reach
    # (gc.freeze: a few pointers, no object touched). Its collections then leave those objects
    # alone, and with them the pages it shares with the parent: a collection writes to the header
    # of every object it visits, which copied 73 of a renderer's 127 MB before. The parent's
    # collector is left as it was.
    gc.freeze()
    if initializer is not None:
        initializer(*initargs)


def _chunks(head: list, rest: Iterator, size: int) -> Iterator[list]:
    for start in range(0, len(head), size):
        yield head[start : start + size]
    while chunk := list(islice(rest, size)):
        yield chunk
