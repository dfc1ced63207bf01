"""The Annotate tab through gradio_client against a real `python app.py`: a project from a pairs
dataset, two partners labelling at the same time through their links, agreement and kappa, a
disagreement settled together, and an export that the Train tab can use as it is."""

from __future__ import annotations

import csv
import json
import threading
from urllib.parse import parse_qs, urlparse

import pytest

from studio.annotate import projects as A
from studio.core import db
from studio.core.workspace import Workspace, atomic_write_jsonl
from studio.data import store

pytestmark = pytest.mark.ui

# Owner outputs, in the order the tab returns them (layout updates are not part of the API).
OWNER = (
    "project",
    "summary",
    "dataset",
    "dataset_empty",
    "links",
    "links_html",
    "agreement",
    "disagreements",
    "dis_pick",
)

PAIRS = [  # (user, chosen, rejected)
    ("今天加班到十点，好累。", "辛苦啦，快回家泡个脚，我给你点了热粥。", "哦，那你早点睡。"),
    ("我考试过了！", "太棒了！就知道你可以，今晚庆祝一下？", "嗯。"),
    ("下雨了，没带伞。", "别淋着，找个地方等等，我去接你。", "那你跑回来呗。"),
    ("I miss you.", "I miss you too. Call me tonight?", "Okay."),
    ("我有点想家。", "抱抱你，周末我们视频和爸妈聊聊天吧。", "想家就回去。"),
    ("我把汤做咸了。", "没关系，加点水就好，下次我们一起做。", "你怎么总是这样。"),
]
# What each partner means, in reply terms (a = the chosen reply above). By hand: they agree on
# items 1, 2, 4, 5 -> 4/6. Mia's marginals a=3 b=1 tie=1 both_bad=1, Leo's a=3 b=2 tie=1;
# p_e = (3*3 + 1*2 + 1*1 + 1*0) / 36 = 1/3, p_o = 2/3, kappa = (2/3 - 1/3) / (2/3) = 0.5.
MIA = ["a", "a", "a", "b", "tie", "both_bad"]
LEO = ["a", "a", "b", "b", "tie", "a"]


def owner(result) -> dict:
    return dict(zip(OWNER, result))


def make_pairs_dataset(ws: Workspace) -> str:
    src = ws.tmp / "pairs.jsonl"
    atomic_write_jsonl(
        src,
        [
            {"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": c}], "rejected_response": r}
            for u, c, r in PAIRS
        ],
    )
    return store.import_files(ws, [src], name="我们的偏好对", kind="pairs", scrub=False).id


def label_all(client, token: str, says: list[str], better: dict[int, str] | None = None) -> list[dict]:
    """Label every card through the API the page uses, choosing by reply text (the page never says
    which reply is which). Returns the card states seen."""
    chosen = {c: i for i, (_, c, _) in enumerate(PAIRS)}
    rejected = {r: i for i, (_, _, r) in enumerate(PAIRS)}
    seen = []
    state = client.predict("en", token, api_name="/annotate_open")[-1]
    while state["item"] is not None:
        seen.append(state)
        k = chosen[state["left"]] if state["left"] in chosen else rejected[state["left"]]
        want = says[k]
        left_is_a = state["left"] in chosen
        side = {"a": "left" if left_is_a else "right", "b": "right" if left_is_a else "left"}.get(want, want)
        state = client.predict(
            "en", token, str(state["item"]), side, (better or {}).get(k, ""), "", api_name="/annotate_confirm"
        )[-1]
    return seen


def test_project_partners_agreement_resolution_export(tmp_path, studio_server):
    ws = Workspace.open(tmp_path / "ws")
    ds_id = make_pairs_dataset(ws)
    server = studio_server(ws.root)
    client = server.client()

    empty = owner(client.predict("en", None, api_name="/annotate_refresh"))
    assert "No annotation project yet. Next: open “New annotation project”" in empty["summary"]
    assert "还没有标注项目。下一步" in owner(client.predict("zh", None, api_name="/annotate_refresh"))["summary"]
    # Choosing "generate replies with models" shows the models form (layout, not in the API) and says what
    # the dataset is for now.
    assert (
        "the models reply to each conversation" in client.predict("en", "generate", api_name="/annotate_source")["info"]
    )
    assert [c[1] for c in empty["dataset"]["choices"]] == [ds_id]  # the pairs dataset is offered

    made = owner(client.predict("en", ds_id, "第一轮", api_name="/annotate_create"))
    assert made["project"]["value"] == "第一轮" and "6 items to label" in made["summary"]

    links = {}
    for name in ("Mia", "Leo"):
        out = owner(client.predict("en", "第一轮", name, api_name="/annotate_add_annotator"))
        url = out["links"][name]["url"]
        assert url.startswith(server.url.rstrip("/") + "/label/?annotator=")
        links[name] = parse_qs(urlparse(url).query)["annotator"][0]
        assert "opens on this computer only" in out["links_html"]  # loopback: says how to use a phone
    # Every partner's link, in the order they were added, on a fresh page as well.
    again = owner(client.predict("en", "第一轮", api_name="/annotate_refresh"))["links"]
    assert list(again) == ["Mia", "Leo"] and all(again[n]["url"].endswith(links[n]) for n in links)

    # A wrong link shows a sentence, not the card.
    bad = client.predict("en", "not-a-token", api_name="/annotate_open")
    assert bad[-1]["mode"] == "bad_link" and "not valid" in bad[1]

    # Undo, skip and back through the card before the real labelling.
    mia = server.client()
    s = mia.predict("en", links["Mia"], api_name="/annotate_open")[-1]
    assert (s["position"], s["total"], s["labelled"], s["annotator"]) == (1, 6, 0, "Mia")
    s = mia.predict("en", links["Mia"], str(s["item"]), "tie", "", "", api_name="/annotate_confirm")[-1]
    assert (s["position"], s["labelled"]) == (2, 1)
    s = mia.predict("en", links["Mia"], api_name="/annotate_undo")[-1]
    assert (s["position"], s["current"], s["labelled"]) == (1, None, 0)
    s = mia.predict("en", links["Mia"], str(s["item"]), api_name="/annotate_skip")[-1]
    assert (s["position"], s["skipped"]) == (2, 1)
    s = mia.predict("en", links["Mia"], str(s["item"]), api_name="/annotate_back")[-1]
    assert (s["position"], s["current"]) == (1, "skip")
    s = mia.predict("en", links["Mia"], api_name="/annotate_undo")[-1]  # the skip is undone too
    assert (s["position"], s["skipped"]) == (1, 0)
    with pytest.raises(Exception, match="Choose first"):
        mia.predict("en", links["Mia"], str(s["item"]), None, "", "", api_name="/annotate_confirm")

    # Both partners label at the same moment, each from their own browser session.
    results, errors = {}, []

    def run(name, says, better=None):
        try:
            results[name] = label_all(server.client(), links[name], says, better)
        except Exception as e:  # surfaced below
            errors.append(e)

    threads = [
        threading.Thread(target=run, args=("Mia", MIA, {1: "恭喜恭喜！我为你骄傲，今晚吃你最爱的火锅。"})),
        threading.Thread(target=run, args=("Leo", LEO)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [s["position"] for s in results["Mia"]] == [1, 2, 3, 4, 5, 6] == [s["position"] for s in results["Leo"]]
    done = mia.predict("en", links["Mia"], api_name="/annotate_open")
    assert done[-1]["item"] is None and done[-1]["labelled"] == 6 and "All done" in done[1]

    view = owner(client.predict("en", "第一轮", api_name="/annotate_refresh"))
    assert "agreed on 4" in view["agreement"] and "**67%**" in view["agreement"]
    assert "κ = **0.50**" in view["agreement"] and "2 disagreements, 2 still without" in view["agreement"]
    assert [row[0] for row in view["disagreements"]["value"]["data"]] == [3, 6]
    assert view["disagreements"]["headers"] == ["item", "Mia chose", "Leo chose", "final answer"]

    # Talk item 3 over and settle on B.
    item3 = next(v for label, v in view["dis_pick"]["choices"] if label.startswith("#3"))
    shown = client.predict("en", "第一轮", item3, api_name="/annotate_disagreement")
    assert PAIRS[2][1] in shown[0] and PAIRS[2][2] in shown[0] and "Mia" in shown[0]
    view = owner(client.predict("en", "第一轮", item3, "b", "", "我们聊过了", api_name="/annotate_resolve"))
    assert "1 still without" in view["agreement"] and view["disagreements"]["value"]["data"][0][3] == "B is better"

    # Export pairs, taking the resolution: items 1, 2 (with Mia's better reply), 3 (resolved to B)
    # and 4 give rows; 5 is a tie and 6 an unsettled disagreement.
    msg, _ = client.predict("en", "第一轮", "pairs", "resolution", "drop", "标注导出", api_name="/annotate_export")
    assert "4 training + 0 validation rows" in msg and "left out 1 disagreements" in msg
    exported = [d for d in store.list_datasets(ws) if d.card.get("source") == "annotate:第一轮"]
    assert len(exported) == 1 and exported[0].kind == "pairs" and exported[0].name == "标注导出"
    rows = [json.loads(line) for line in exported[0].train_path.read_text(encoding="utf-8").splitlines()]
    assert [(r["messages"][0]["content"], r["messages"][-1]["content"], r["rejected_response"]) for r in rows] == [
        (PAIRS[0][0], PAIRS[0][1], PAIRS[0][2]),
        (PAIRS[1][0], "恭喜恭喜！我为你骄傲，今晚吃你最爱的火锅。", PAIRS[1][2]),
        (PAIRS[2][0], PAIRS[2][2], PAIRS[2][1]),
        (PAIRS[3][0], PAIRS[3][2], PAIRS[3][1]),
    ]
    assert [r["messages"][-1]["role"] for r in rows] == ["assistant"] * 4

    # The CSV sheet holds every current answer of both partners.
    msg, download = client.predict("en", "第一轮", "csv", "drop", "drop", "", api_name="/annotate_export")
    path = ws.root / msg.split("`")[1]
    assert download["visible"] is True
    with open(path, encoding="utf-8-sig", newline="") as fh:
        sheet = list(csv.DictReader(fh))
    assert len(sheet) == 13 and {r["annotator"] for r in sheet} == {"Mia", "Leo", A.RESOLUTION_NAME}

    # Nothing was overwritten: every partner answer is in the store, as meant.
    con = db.connect(ws.db_path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        items = A.list_items(con, "第一轮")
        for name, says in (("Mia", MIA), ("Leo", LEO)):
            got = [
                next(lb.choice for lb in A.item_labels(con, "第一轮", it.id) if lb.annotator == name) for it in items
            ]
            assert got == says
    finally:
        con.close()


def one_partner(tmp_path, studio_server, project: str, name: str):
    """A project from the pairs above with one partner; returns (client, dataset id, the partner's token)."""
    ws = Workspace.open(tmp_path / "ws")
    ds_id = make_pairs_dataset(ws)
    client = studio_server(ws.root).client()
    client.predict("zh", ds_id, project, api_name="/annotate_create")
    url = owner(client.predict("zh", project, name, api_name="/annotate_add_annotator"))["links"][name]["url"]
    return client, ds_id, parse_qs(urlparse(url).query)["annotator"][0]


def test_links_can_be_revoked_and_renewed(tmp_path, studio_server):
    client, _, token = one_partner(tmp_path, studio_server, "p", "小红")
    assert client.predict("zh", token, api_name="/annotate_open")[-1]["mode"] == "label"
    off = owner(client.predict("zh", "p", "小红", api_name="/annotate_revoke"))
    assert off["links"] == {"小红": {"active": False, "url": None}} and token not in off["links_html"]
    assert client.predict("zh", token, api_name="/annotate_open")[-1]["mode"] == "bad_link"
    with pytest.raises(Exception, match="链接无效或已被停用"):
        client.predict("zh", token, "1", "left", "", "", api_name="/annotate_confirm")
    new = owner(client.predict("zh", "p", "小红", api_name="/annotate_reset_link"))["links"]["小红"]["url"]
    new_token = parse_qs(urlparse(new).query)["annotator"][0]
    assert new_token != token
    assert client.predict("zh", new_token, api_name="/annotate_open")[-1]["annotator"] == "小红"
    with pytest.raises(Exception, match="已经有标注人"):
        client.predict("zh", "p", "小红", api_name="/annotate_add_annotator")
    with pytest.raises(Exception, match="请说明是哪一个人的链接"):
        client.predict("zh", "p", "", api_name="/annotate_revoke")


def test_sample_and_written_replies(tmp_path, studio_server):
    """The sample starts a project in one click; a conversations dataset lets the partners write
    the second reply on their card, and the written reply is then labelled like any other."""
    ws = Workspace.open(tmp_path / "ws")
    src = ws.tmp / "sft.jsonl"
    atomic_write_jsonl(
        src,
        [{"messages": [{"role": "user", "content": u}, {"role": "assistant", "content": c}]} for u, c, _ in PAIRS[:3]],
    )
    sft_id = store.import_files(ws, [src], name="对话", kind="sft", scrub=False).id
    client = studio_server(ws.root).client()

    view = owner(client.predict("en", "", api_name="/annotate_sample"))
    assert view["project"]["value"] == "Sample labelling"
    assert "382 items to label" in view["summary"]
    again = owner(client.predict("en", "", api_name="/annotate_sample"))
    assert again["project"]["value"] == "Sample labelling 2"  # never clashes with the first

    view = owner(client.predict("en", sft_id, "写回复", api_name="/annotate_create"))
    assert "0 items to label" in view["summary"] and "3 conversations have only one reply" in view["summary"]
    url = owner(client.predict("en", "写回复", "Mia", api_name="/annotate_add_annotator"))["links"]["Mia"]["url"]
    token = parse_qs(urlparse(url).query)["annotator"][0]

    card = client.predict("en", token, api_name="/annotate_open")
    state = card[-1]
    assert state["mode"] == "write" and state["waiting"] == 3 and state["item"] is None
    first = state["write_item"]
    assert PAIRS[0][0] in card[8] and PAIRS[0][1] not in card[8]  # the existing reply is not shown
    state = client.predict("en", token, str(first), "抱抱，我来做饭。", api_name="/annotate_write_save")[-1]
    assert state["mode"] == "write" and state["waiting"] == 2 and state["write_item"] != first
    with pytest.raises(Exception, match="empty"):
        client.predict("en", token, str(state["write_item"]), "  ", api_name="/annotate_write_save")
    state = client.predict("en", token, api_name="/annotate_write_close")[-1]
    assert state["mode"] == "label" and state["total"] == 1 and state["waiting"] == 2
    assert {state["left"], state["right"]} == {PAIRS[0][1], "抱抱，我来做饭。"}

    con = db.connect(ws.db_path)
    try:
        rec = A.get_item(con, "写回复", first)
        assert (rec.reply_b, rec.source_b) == ("抱抱，我来做饭。", "written:Mia")
    finally:
        con.close()


def test_archive_hides_a_project_and_restore_brings_it_back(tmp_path, studio_server):
    client, ds_id, token = one_partner(tmp_path, studio_server, "旧项目", "小红")
    client.predict("zh", ds_id, "新项目", api_name="/annotate_create")

    client.predict("zh", "旧项目", api_name="/annotate_archive")
    view = client.predict("zh", "旧项目", api_name="/annotate_refresh")
    listed = [v for _, v in view[0]["choices"]]
    assert listed == ["新项目"] and view[0]["value"] == "新项目"
    assert [v for _, v in view[-1]["choices"]] == ["旧项目"]  # the archived list
    assert client.predict("zh", token, api_name="/annotate_open")[-1]["mode"] == "bad_link"
    with pytest.raises(Exception, match="请先在下拉框里选一个已归档的项目"):
        client.predict("zh", "", api_name="/annotate_restore")

    back = client.predict("zh", "旧项目", api_name="/annotate_restore")
    assert back[0]["value"] == "旧项目" and back[-1]["choices"] == []
    assert sorted(v for _, v in back[0]["choices"]) == ["新项目", "旧项目"]
    new = owner(client.predict("zh", "旧项目", "小红", api_name="/annotate_reset_link"))["links"]["小红"]["url"]
    assert (
        client.predict("zh", parse_qs(urlparse(new).query)["annotator"][0], api_name="/annotate_open")[-1]["annotator"]
        == "小红"
    )
