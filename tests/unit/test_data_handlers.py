"""The Data tab's handlers as plain functions (no server, no browser), on a real temporary workspace."""

import json
import math

import gradio as gr
import pytest

from studio.core.i18n import UserError
from studio.data import store
from studio.ui import data_tab as DT
from studio.ui.context import UIContext

# The settings' values as the page starts: who is "me", the partner, hide personal data, names to hide, kind,
# max length, simplified, the six cleaning actions and the six column roles (none chosen).
ROLES = ("prompt", "response", "chosen", "rejected", "label", "system")
OPTS = {
    "me": None,
    "partner": "",
    "scrub": True,
    "names": "",
    "kind": "auto",
    "max_len": 0,
    "simplified": False,
    "action_empty": "fix",
    "action_role_order": "fix",
    "action_same_pair": "drop",
    "action_too_long": "fix",
    "action_exact_duplicate": "drop",
    "action_near_duplicate": "drop",
    **{f"map_{r}": "" for r in ROLES},
}
# The outputs as the tab wires them, by name.
CHECKED = {
    "check_state",
    "status",
    "check_col",
    "speakers_row",
    "me",
    "partner",
    "map_col",
    "map_table",
    *(f"map_{r}" for r in ROLES),
    "scrub",
    "report",
    "preview",
    "ds_name",
    "do_import",
    "result",
}
LISTED = {"table", "pick", "empty_row", "browse_col"}
SHOWN = {"card", "rows_df", "page_md", "page", "hist", "stats", "rename_tb", "download", "confirm_row"}

QQ = (
    "2024-05-01 20:13:05 小红(654321)\n在吗\n\n2024-05-01 20:13:20 小红(654321)\n[图片]\n\n"
    "2024-05-01 20:14:00 阿杰(123456)\n在呢，我电话 13812345678\n\n2024-05-01 20:15:00 小红(654321)\n今天好累\n\n"
    "2024-05-01 20:16:00 阿杰(123456)\n抱抱你小红，早点睡\n"
)


@pytest.fixture
def ctx(ws):
    return UIContext(ws, lang="en")


def _values(update: dict) -> list:
    return [v for _, v in update["choices"]]


def test_an_empty_workspace_shows_the_banner_and_nothing_picked(ctx):
    out = DT.datasets(ctx, "en", "gone-id")
    assert set(out) == LISTED | SHOWN
    assert out["empty_row"]["visible"] is True and out["browse_col"]["visible"] is False
    assert out["pick"]["choices"] == [] and out["pick"]["value"] is None
    assert (out["card"], out["page"], out["rename_tb"], out["confirm_row"]["visible"]) == ("", 1, "", False)
    assert set(DT.relist(ctx, "en", None)) == LISTED
    # the upload box emptied: the check is cleared; with no file there is no name or scrub choice to set
    cleared = DT.upload_files(ctx, "en", None, **OPTS)
    assert set(cleared) == CHECKED - {"scrub", "ds_name"}
    assert cleared["check_state"] is None and cleared["status"] == "" and cleared["result"] == ""
    assert cleared["check_col"]["visible"] is False and cleared["do_import"]["interactive"] is False


def test_a_good_file_is_checked_then_imported_as_a_dataset(ctx, tmp_path):
    rows = [
        {"messages": [{"role": "user", "content": f"问题 {i}"}, {"role": "assistant", "content": f"回答 {i}"}]}
        for i in range(3)
    ]
    src = tmp_path / "chats.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")

    out = DT.upload_files(ctx, "en", [str(src)], **OPTS)
    assert set(out) == CHECKED
    assert out["status"].startswith("✅ **chats.jsonl** — JSONL · ") and "3 rows" in out["status"]
    assert "All set: look at the preview, then press Import." in out["status"]
    assert "Importing gives **3** samples of conversations (SFT) (3 read)." in out["report"]
    assert len(out["preview"]) == 3 and out["ds_name"]["value"] == "chats"  # the file's name, offered
    assert out["do_import"]["interactive"] is True and out["check_col"]["visible"] is True
    assert store.list_datasets(ctx.ws) == []  # checking imports nothing

    done = DT.import_upload(ctx, "en", out["check_state"], "Our chats", False, **OPTS)
    assert set(done) == LISTED | SHOWN | {"result", "changed"}
    [ds] = store.list_datasets(ctx.ws)
    assert ds.name == "Our chats" and ds.kind == "sft"
    assert ds.card["counts"]["train"] == 3 and ds.card["counts"]["val"] == 0  # under 20 rows: no validation
    assert done["result"].startswith("✅ Imported “Our chats”: 3 training and 0 validation samples.")
    assert done["pick"]["value"] == ds.id and done["pick"]["choices"] == [("Our chats · conversations (SFT)", ds.id)]
    assert done["card"].startswith("#### 💾 Our chats") and done["rename_tb"] == "Our chats"
    assert sorted(done["rows_df"]["Reply"]) == ["回答 0", "回答 1", "回答 2"]
    assert done["download"]["value"] == str(ds.train_path) and isinstance(done["changed"], int)
    assert done["empty_row"]["visible"] is False and done["browse_col"]["visible"] is True
    assert src.is_file()  # the user's own file, outside the workspace, stays


def test_a_broken_file_gets_its_sentence_and_cannot_be_imported(ctx, tmp_path):
    bad = tmp_path / "empty.jsonl"
    bad.write_text("", encoding="utf-8")
    with pytest.warns(UserWarning, match="empty.jsonl is empty"):  # gr.Warning, outside a running page
        out = DT.upload_files(ctx, "en", [str(bad)], **OPTS)
    assert "❌ **empty.jsonl** — empty.jsonl is empty" in out["status"]
    assert "No file can be imported" in out["status"]
    assert out["check_col"]["visible"] is False and out["do_import"]["interactive"] is False
    with pytest.raises(UserError) as e:
        DT.import_upload(ctx, "zh", out["check_state"], "x", False, **OPTS)
    assert e.value.text("zh") == "请先上传可以导入的文件。"
    assert e.value.text("en") == "upload a file that can be imported first."
    assert store.list_datasets(ctx.ws) == []


def test_a_chat_export_asks_who_is_me_and_a_language_switch_keeps_the_choice(ctx, tmp_path):
    qq = tmp_path / "qq.txt"
    qq.write_text(QQ, encoding="utf-8")
    out = DT.upload_files(ctx, "en", [str(qq)], **OPTS)
    assert set(_values(out["me"])) == {"小红", "阿杰"} and out["speakers_row"]["visible"] is True
    assert _values(out["partner"])[0] == "" and set(_values(out["partner"])[1:]) == {"小红", "阿杰"}
    assert "Next: choose below who “me” is." in out["status"] and out["do_import"]["interactive"] is False
    assert out["scrub"]["value"] is True  # a chat export: personal data hidden by default

    again = DT.check_again(ctx, "en", out["check_state"], **{**OPTS, "me": "阿杰"})
    # settings changed: the speaker and column choices, the name and the last result stay as they are
    assert set(again) == {"check_state", "status", "check_col", "report", "preview", "do_import"}
    assert again["do_import"]["interactive"] is True and "Importing gives **" in again["report"]
    assert "🔒 **Personal data hidden**" in again["report"] and "13812345678" not in again["report"]

    zh = DT.relabel(ctx, "zh", again["check_state"], None, "train", 1, "")
    assert (
        set(zh) == (CHECKED - {"speakers_row", "map_col", "map_table", "scrub", "ds_name", "result"}) | LISTED | SHOWN
    )
    assert all("条消息）" in label for label, _ in zh["me"]["choices"]) and "value" not in zh["me"]
    assert "下一步" not in zh["status"] and "一切就绪" in zh["status"]


def test_the_sample_then_paging_renaming_and_deleting(ctx):
    out = DT.use_sample(ctx, "en")
    assert set(out) == LISTED | SHOWN | {"changed", "result"}
    assert out["result"].startswith("✅ The bundled sample is ready")
    ids = _values(out["pick"])
    assert len(ids) == 2 and out["pick"]["value"] in ids
    sft = next(d for d in store.list_datasets(ctx.ws) if d.kind == "sft")
    total = sft.card["counts"]["train"]
    assert total > 2 * DT.PAGE_SIZE  # 425 bundled dialogues, a few kept for validation

    first = DT.show_dataset(ctx, "en", sft.id)
    assert set(first) == SHOWN and len(first["rows_df"]) == 10
    assert first["page_md"] == f"page 1/{math.ceil(total / 10)} · {total} rows"
    nxt = DT.page_next(ctx, "en", sft.id, "train", 1, "")
    assert nxt["page"] == 2 and list(nxt["rows_df"]["#"]) == list(range(11, 21))
    assert DT.page_prev(ctx, "en", sft.id, "train", 2, "")["page"] == 1
    assert DT.page_go(ctx, "en", sft.id, "train", 3, "")["page"] == 3
    assert DT.filter_rows(ctx, "en", sft.id, "train", 5, "")["page"] == 1  # another split or search: page 1
    picked = DT.pick_row(ctx, "en", sft.id)
    assert set(picked) == SHOWN | {"pick"} and picked["pick"]["value"] == sft.id

    renamed = DT.rename_dataset(ctx, "en", sft.id, "  小七的数据 ")
    assert store.get_dataset(ctx.ws, sft.id).name == "小七的数据" and renamed["rename_tb"] == "小七的数据"
    assert ("小七的数据 · conversations (SFT)", sft.id) in renamed["pick"]["choices"]
    assert renamed["pick"]["value"] == sft.id and isinstance(renamed["changed"], int)

    ask = DT.ask_delete(ctx, "en", sft.id)
    assert ask["confirm_row"]["visible"] is True and ask["confirm_md"].startswith("⚠️ Really delete “小七的数据”?")
    assert DT.cancel_delete(ctx) == {"confirm_row": gr.update(visible=False)}
    gone = DT.delete_dataset(ctx, "en", sft.id)
    others = [i for i in ids if i != sft.id]
    assert [d.id for d in store.list_datasets(ctx.ws)] == others
    assert _values(gone["pick"]) == others and gone["pick"]["value"] == others[0]  # the next one is shown
    for handler, args in (
        (DT.rename_dataset, ("en", None, "x")),
        (DT.ask_delete, ("en", None)),
        (DT.delete_dataset, ("en", "")),
    ):
        with pytest.raises(UserError, match="pick a dataset first"):
            handler(ctx, *args)


def test_the_wired_events_place_outputs_by_name_and_errors_become_sentences(ctx):
    with gr.Blocks() as demo:
        ctx.lang_state = gr.BrowserState("en")
        DT.create_data_tab(ctx)
    fns = {f.api_name: f for f in demo.fns.values() if f.api_name}
    listing = fns["data_list"]
    got = listing.fn("en", None)
    assert len(got) == len(listing.outputs) == len(LISTED | SHOWN)
    assert list(got[0].columns) == ["Name", "Kind", "Train / val", "Source", "Created", "Id"]  # the table first
    assert got[2]["visible"] is True and got[3]["visible"] is False  # banner, no browse
    upload = fns["data_upload"]
    assert len(upload.inputs) == 2 + len(OPTS) and len(upload.outputs) == len(CHECKED)
    with pytest.raises(gr.Error) as e:
        fns["data_import"].fn("en", None, "x", False, *OPTS.values())
    assert e.value.message == "upload a file that can be imported first."
    with pytest.raises(gr.Error) as e:
        fns["data_rename"].fn("zh", None, "x")
    assert e.value.message == "请先选择一个数据集。"
