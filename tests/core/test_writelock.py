"""The SQLite writer lock of the check-in hot path (workshop/core/writelock.py): one holder at a
time across processes, a forked process not sharing its parent's hold, nothing on PostgreSQL or in
memory."""

import multiprocessing
import time

from sqlalchemy import create_engine

from workshop.core.writelock import lock_path, writer_lock


def _hold_then_report(url: str, started, queue) -> None:
    engine = create_engine(url)
    started.set()
    with writer_lock(engine):
        queue.put(time.monotonic())


def test_a_second_process_waits_until_the_holder_lets_go(tmp_path):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    engine = create_engine(url)
    context = multiprocessing.get_context("fork")
    started, queue = context.Event(), context.Queue()
    with writer_lock(engine):  # the parent holds it, then forks: the child opens its own lock
        child = context.Process(target=_hold_then_report, args=(url, started, queue))
        child.start()
        assert started.wait(30)
        time.sleep(0.4)
        released = time.monotonic()
    acquired = queue.get(timeout=30)
    child.join(30)
    assert child.exitcode == 0
    assert acquired >= released


def test_threads_of_one_process_take_turns(tmp_path):
    import threading

    engine = create_engine(f"sqlite:///{tmp_path / 'app.db'}")
    inside, overlaps = [], []

    def work():
        for _ in range(20):
            with writer_lock(engine):
                if inside:
                    overlaps.append(1)
                inside.append(1)
                time.sleep(0.001)
                inside.pop()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == []


def test_only_sqlite_files_have_a_lock(tmp_path):
    assert (
        lock_path(create_engine(f"sqlite:///{tmp_path / 'app.db'}"))
        == str(tmp_path / "app.db") + "-writer.lock"
    )
    assert lock_path(create_engine("sqlite://")) is None
    assert lock_path(create_engine("sqlite:///:memory:")) is None
    assert lock_path(create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/nothing")) is None
    with writer_lock(create_engine("sqlite://")):  # does nothing, and does not fail
        pass
