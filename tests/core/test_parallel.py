"""Rendering on every core (issue 17): results in order, the initializer in every process, and a
certificate ZIP made by the pool holding each certificate under its own name."""

from __future__ import annotations

import io
import os
import zipfile

from workshop.core.parallel import ordered_map

_STATE = {}


def _start(tag):
    _STATE["tag"] = tag


def _work(n):
    return (n * n, _STATE.get("tag"), os.getpid())


def test_ordered_map_keeps_the_order_and_runs_the_initializer_in_each_process():
    results = list(
        ordered_map(_work, range(200), initializer=_start, initargs=("ready",), chunk_size=3, processes=2)
    )
    assert [square for square, _tag, _pid in results] == [n * n for n in range(200)]
    assert {tag for _square, tag, _pid in results} == {"ready"}
    assert os.getpid() not in {pid for _s, _t, pid in results}  # rendered in the pool


def test_few_items_or_one_cpu_stay_in_this_process():
    for items, processes in ((range(5), 2), (range(100), 1)):
        results = list(ordered_map(_work, items, initializer=_start, initargs=("here",), processes=processes))
        assert {pid for _s, _t, pid in results} == {os.getpid()}
        assert [s for s, _t, _p in results] == [n * n for n in items]


def test_stopping_early_leaves_no_work_behind():
    stream = ordered_map(_work, range(1000), initializer=_start, initargs=("x",), chunk_size=2, processes=2)
    assert next(stream)[0] == 0
    stream.close()  # the pool shuts down with the generator


def _private_dirty() -> float:
    """This process's private dirty memory in MB (Linux)."""
    with open(f"/proc/{os.getpid()}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _own_copies_after_a_collection(_n):
    import gc

    gc.collect()
    return _private_dirty()


def test_the_pool_keeps_sharing_the_memory_of_this_process():
    if not os.path.exists(f"/proc/{os.getpid()}/smaps_rollup"):
        return  # Linux only; elsewhere the pool may spawn instead of fork
    import gc

    before = _private_dirty()
    objects = [[n] for n in range(400_000)]  # about 40 MB of small objects the collector tracks
    grown = _private_dirty() - before
    assert grown > 25
    # Each child runs a full collection: without gc.freeze it would write to every object's
    # header and so copy nearly all of their pages.
    copies = list(ordered_map(_own_copies_after_a_collection, range(40), chunk_size=20, processes=2))
    assert max(copies) < grown / 2, (grown, copies)
    assert gc.get_freeze_count() == 0  # this process's collector left as it was
    del objects


def test_the_certificate_zip_from_the_pool_matches_each_name_to_its_certificate(ctx, monkeypatch):
    from datetime import date

    from tests.demo_snapshot import seed_demo
    from tests.pdf_read import pdf_text
    from workshop.certificates import services
    from workshop.core.audit import acting_as

    monkeypatch.setenv("RENDER_PROCESSES", "2")
    monkeypatch.setattr("workshop.core.parallel.MIN_ITEMS", 4)
    with acting_as("test"):
        event, _ = seed_demo(today=date(2026, 11, 18))
    certificates = [c for c in services.issued(event) if c.is_valid]
    assert len(certificates) >= 8
    target = io.BytesIO()
    assert services.write_zip(event, target, "https://bintek.example/") == len(certificates)
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names == [services.file_name(c) for c in certificates]
        for certificate in (certificates[0], certificates[len(certificates) // 2], certificates[-1]):
            text = " ".join(pdf_text(archive.read(services.file_name(certificate)))[0].split())
            assert certificate.number in text and certificate.data["name"] in text
