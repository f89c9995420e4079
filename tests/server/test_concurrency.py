"""Eight people coding one server project at once (issue 13): nothing lost, nothing twice.

Six coders apply 500 codings each on passages they share (each their own coding of the same
start), while two leads apply their own and remove the coders' codings. Every action is a
short transaction of its own; conflicts are retried. Afterwards every coding any process made
is there, every removal holds, no passage is coded twice by one coder, no process met a
traceback, and ``lgcoder check`` passes.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lgcoder.core.db import Project
from lgcoder.core.ops import codes, documents
from lgcoder.server.roles import add_member, init_server
from tests.helpers import make_doc, run_cli

pytestmark = pytest.mark.slow

ACTIONS = 500
TEXT = "".join(f"Passage {i:04d} on services.\n" for i in range(80))  # 2,000 characters


def test_eight_processes_code_one_server_project_at_once(tmp_path: Path, pg_server: Any) -> None:
    assert len(TEXT) >= 2000
    db = pg_server.new_database("busy")
    owner = pg_server.url(db)
    init_server(owner, title="Busy")
    with Project.open(owner) as p, p.transaction() as s:
        documents.add_document(s, make_doc(TEXT, "minutes.txt"))
        for name in ("housing", "budget", "staff"):
            codes.add_code(s, name)
    workers = [("coder", i) for i in range(6)] + [("lead", i) for i in range(2)]
    procs = []
    for role, i in workers:
        login = f"{role}{i}_{db}"
        password = secrets.token_urlsafe(12)
        add_member(owner, login, role, coder_name=f"{role.title()} {i}", password=password)
        pg_server.remember_password(login, password)
        out = tmp_path / f"{login}.json"
        procs.append(
            (
                out,
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "tests.server.concurrency_worker",
                        pg_server.url(db, login),
                        role,
                        str(ACTIONS),
                        str(out),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    results = []
    for out, proc in procs:
        _out, stderr = proc.communicate(timeout=900)
        assert proc.returncode == 0, stderr
        assert "Traceback" not in stderr, stderr
        results.append(json.loads(out.read_text()))
    assert [r["tracebacks"] for r in results] == [[]] * len(workers)
    created = [g for r in results for g in r["created"]]
    removed = {g for r in results for g in r["removed"]}
    # coders never meet a refusal; leads only "already removed" races, in one line each
    for r in results[:6]:
        assert r["refused"] == [] and len(r["created"]) == ACTIONS
    for r in results[6:]:
        assert all("\n" not in m for m in r["refused"])
    assert len(created) == len(set(created)), "a coding was made twice"
    with pg_server.connect(db) as conn:
        rows = dict(conn.execute("SELECT guid, deleted FROM coding").fetchall())
        twins = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM coding WHERE NOT deleted GROUP BY document_id, "
            'code_id, coder_id, start, "end" HAVING count(*) > 1) t'
        ).fetchone()
    assert twins == (0,)
    lost = [g for g in created if g not in rows]
    assert lost == [], f"{len(lost)} codings lost"
    assert all(rows[g] for g in removed), "a removal was undone"
    assert not any(rows[g] for g in created if g not in removed), "a coding vanished"
    assert len(removed) > 100
    assert run_cli("check", owner, check=True).stdout.strip().endswith("ok")
