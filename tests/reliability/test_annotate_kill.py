"""Two partners label through the real web app while it is SIGKILLed 20 times at random moments (400 labels).

Every label whose call returned (the partner saw the next card) must be in the database afterwards,
exactly as meant, the database must pass PRAGMA integrity_check, and after each restart each partner
continues at the first item they have not answered.
"""

from __future__ import annotations

import random
import threading
import time

import pytest

from studio.annotate import projects as A
from studio.core import db
from studio.core.workspace import Workspace

pytestmark = pytest.mark.ui

TOTAL = 400  # acknowledged labels, both partners together: enough for 20 kills mid-write (1,000 took 80 s more)
KILLS = 20
CALL_TIMEOUT_S = 20  # a call on a killed server fails fast; this only guards against a hang
SCREEN = ("left", "right", "tie", "both_bad")


class Partner:
    """One browser session: opens the card from the token and labels card after card."""

    def __init__(self, name: str, token: str, seed: int):
        self.name, self.token = name, token
        self.rng = random.Random(seed)
        self.acks: list[tuple[int, str, str]] = []  # (item id, screen choice, note) of calls that returned
        self.sent = 0

    def call(self, client, *args, api_name: str) -> dict:
        return client.submit("zh", self.token, *args, api_name=api_name).result(timeout=CALL_TIMEOUT_S)[-1]

    def work(self, url: str, budget: Budget, round_: int, opened: list) -> None:
        from gradio_client import Client

        try:
            client = Client(url, verbose=False)
            state = self.call(client, api_name="/annotate_open")
            opened.append((self.name, state))
            while state["item"] is not None and budget.take():
                choice = self.rng.choice(SCREEN)
                note = f"{self.name}-{round_}-{self.sent}"
                self.sent += 1
                try:
                    nxt = self.call(client, str(state["item"]), choice, "", note, api_name="/annotate_confirm")
                except BaseException:
                    budget.give_back()
                    raise
                self.acks.append((state["item"], choice, note))  # the call returned: acknowledged
                budget.acked()
                state = nxt
        except Exception:
            return  # the server was killed under us; the next round reconnects


class Budget:
    """Shared count of labels, so that exactly TOTAL are acknowledged over all rounds."""

    def __init__(self, total: int):
        self.lock = threading.Lock()
        self.left = total
        self.round_acks = 0

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True

    def give_back(self) -> None:
        with self.lock:
            self.left += 1

    def acked(self) -> None:
        with self.lock:
            self.round_acks += 1


def test_acknowledged_labels_survive_sigkill(tmp_path, studio_server):
    ws = Workspace.open(tmp_path / "ws")
    con = db.connect(ws.db_path)
    items = [A.Item(f"第 {i} 句：今天想你了。", f"温柔的回复 {i}", f"冷淡的回复 {i}") for i in range(600)]
    project = A.create_project(con, "kill", items=items)
    partners = []
    for k, name in enumerate(("小红", "小明")):
        a, token = A.add_annotator(con, project, name)
        partners.append((a, Partner(name, token, seed=k)))
    con.close()

    rng = random.Random(20240807)
    budget = Budget(TOTAL)
    started = time.monotonic()
    startup_s = 0.0
    kills = 0
    round_ = 0
    while kills < KILLS or budget.left > 0:
        round_ += 1
        check = db.connect(ws.db_path)
        before = {a.id: A.progress(check, project, a).labelled for a, _ in partners}
        check.close()
        server = studio_server(ws.root)
        startup_s += server.startup_s
        budget.round_acks = 0
        opened: list = []
        threads = [threading.Thread(target=p.work, args=(server.url, budget, round_, opened)) for _, p in partners]
        for t in threads:
            t.start()
        if kills < KILLS:
            # A random moment while both are writing: after 8 to 25 acknowledged labels this round
            # (20 rounds of that stay within the 400 labels).
            kill_at = rng.randint(8, 25)
            while budget.round_acks < kill_at and any(t.is_alive() for t in threads):
                time.sleep(0.002)
            server.kill()
            kills += 1
        for t in threads:
            t.join(CALL_TIMEOUT_S * 2)
            assert not t.is_alive()
        server.stop()

        check = db.connect(ws.db_path)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            # After the restart each partner's card opened at the first item they had not answered.
            for name, state in opened:
                a = next(a for a, p in partners if p.name == name)
                assert (state["labelled"], state["position"]) == (before[a.id], before[a.id] + 1)
        finally:
            check.close()

    con = db.connect(ws.db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        acked = 0
        for a, p in partners:
            for item_id, choice, note in p.acks:
                row = con.execute(
                    "SELECT item_id, annotator_id, choice FROM annotate_current WHERE note = ?", (note,)
                ).fetchone()
                assert row is not None, f"acknowledged label {note} is missing"
                assert (row["item_id"], row["annotator_id"]) == (item_id, a.id)
                assert row["choice"] == A.to_reply_choice(choice, item_id, a.id)
            acked += len(p.acks)
            # Continuing where they left off means every item was answered once, in order.
            stored = [
                r[0]
                for r in con.execute(
                    "SELECT i.position FROM annotate_events e JOIN annotate_items i ON i.id = e.item_id"
                    " WHERE e.annotator_id = ? ORDER BY e.id",
                    (a.id,),
                )
            ]
            assert stored == list(range(1, len(stored) + 1))
            assert A.next_item(con, project, a).position == len(stored) + 1
        assert acked == TOTAL
        events = con.execute("SELECT COUNT(*) FROM annotate_events").fetchone()[0]
        # At most one label per partner per kill was committed without its reply getting back.
        assert TOTAL <= events <= TOTAL + 2 * KILLS
    finally:
        con.close()
    elapsed = time.monotonic() - started
    print(
        f"{TOTAL} labels, {kills} SIGKILLs, {round_} app starts, {events - TOTAL} committed but unacknowledged, "
        f"{elapsed:.0f} s ({startup_s:.0f} s of it starting the app)"
    )
