"""Benchmarks never drop or fill a database they did not create: bench/bench_groups.py once
dropped and recreated whatever DATABASE_URL named (issue 16)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_groups  # noqa: E402


def test_only_its_own_scratch_database_counts_as_its_own(tmp_path):
    folder = tmp_path / "bench-groups-x"
    folder.mkdir()
    assert bench_groups.own_database(f"sqlite:///{folder}/bench.db", str(folder))
    assert bench_groups.own_database(
        "postgresql+psycopg://postgres@127.0.0.1/bintek_bench_groups_1a2b", str(folder)
    )
    for foreign in (
        f"sqlite:///{tmp_path}/bintek.db",  # beside, not inside, its folder
        "sqlite://",
        "postgresql+psycopg://postgres@127.0.0.1:5432/bintek",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        "postgresql+psycopg://postgres@127.0.0.1:5432/bench",
        "mysql://root@localhost/bintek_bench_groups_1",
        "not a url",
    ):
        assert not bench_groups.own_database(foreign, str(folder)), foreign


def test_a_database_that_is_not_its_own_is_refused_and_left_as_it_was(tmp_path):
    precious = tmp_path / "production.db"
    with sqlite3.connect(precious) as connection:
        connection.execute("CREATE TABLE attendees (id INTEGER PRIMARY KEY, full_name TEXT)")
        connection.execute("INSERT INTO attendees (full_name) VALUES ('Siti Aminah')")
    folder = tmp_path / "bench-groups-y"
    folder.mkdir()
    with pytest.raises(SystemExit, match="refusing"):
        bench_groups.bench_app(f"sqlite:///{precious}", str(folder))
    with sqlite3.connect(precious) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"attendees"}
        assert connection.execute("SELECT full_name FROM attendees").fetchall() == [("Siti Aminah",)]


def test_its_own_scratch_database_is_used(tmp_path):
    folder = tmp_path / "bench-groups-z"
    folder.mkdir()
    app = bench_groups.bench_app(f"sqlite:///{folder}/bench.db", str(folder))
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("bench.db")
    assert (folder / "bench.db").exists()
