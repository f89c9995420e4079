"""One team member coding hard on a server project, for tests/server/test_concurrency.py.

``python -m tests.server.concurrency_worker URL ROLE ACTIONS OUT.json``: a coder applies
ACTIONS codings (passages shared with the other coders: the same starts, their own coder); a
lead alternates applying their own and removing other coders' codings. Every action is one
short transaction through lgcoder's core (:meth:`Project.run`, which retries conflicts).
What it did is written to OUT.json: created and removed guids, the one-line refusals it met,
and any traceback (there must be none).
"""

from __future__ import annotations

import json
import sys
import traceback
from typing import Any

from sqlalchemy import select

from lgcoder.core.db import Project
from lgcoder.core.errors import LgcoderError
from lgcoder.core.models import Code, Coding, Document
from lgcoder.core.ops import codings
from lgcoder.core.ops.project import default_coder


def main(url: str, role: str, actions: int, out: str) -> int:
    done: dict[str, Any] = {"created": [], "removed": [], "refused": [], "tracebacks": []}
    with Project.open(url) as project:
        with project.reading() as s:
            me = default_coder(s)
            assert me is not None, "the login has no coder"
            my_id = me.id
            doc_id = s.scalar(select(Document.id))
            code_ids = list(s.scalars(select(Code.id).order_by(Code.id)))

        def apply(k: int) -> Any:
            start = (k * 3) % 1980
            code = code_ids[k % len(code_ids)]

            def action(session: Any) -> Any:
                return codings.apply_coding_ids(session, doc_id, code, my_id, start, start + 9)

            return project.run(action)

        def remove_one(k: int) -> str | None:
            def action(session: Any) -> str | None:
                victim = session.scalar(
                    select(Coding.guid)
                    .where(Coding.deleted.is_(False), Coding.coder_id != my_id)
                    .order_by(Coding.id.desc())
                    .offset(k % 7)
                    .limit(1)
                )
                if victim is None:
                    return None
                codings.remove_coding(session, victim)
                return str(victim)

            return project.run(action)

        for k in range(actions):
            try:
                if role == "lead" and k % 2:
                    removed = remove_one(k)
                    if removed:
                        done["removed"].append(removed)
                else:
                    made = apply(k + (10_000 if role == "lead" else 0))
                    if made:
                        done["created"].append(made[0])
            except LgcoderError as exc:
                done["refused"].append(str(exc))
            except Exception:  # a traceback a user would have seen: the test fails on it
                done["tracebacks"].append(traceback.format_exc())
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(done, fh)
    return 0


if __name__ == "__main__":
    url_, role_, actions_, out_ = sys.argv[1:5]
    sys.exit(main(url_, role_, int(actions_), out_))
