import json

from support import fake_safetensors

from studio.engine import swift
from studio.engine.metrics import parse, read_jsonl, tail


def test_half_written_last_line_is_skipped_and_both_speed_keys_read(tmp_path):
    p = tmp_path / "logging.jsonl"
    rows = [
        {
            "loss": 2.5,
            "grad_norm": 1.2,
            "learning_rate": 1e-4,
            "token_acc": 0.3,
            "epoch": 0.1,
            "global_step/max_steps": "1/10",
            "elapsed_time": "0:00:03",
            "remaining_time": "0:00:27",
            "memory(GiB)": 1.5,
            "train_speed(s/it)": 3.0,
        },
        {
            "loss": 2.0,
            "global_step/max_steps": "2/10",
            "train_speed(iter/s)": 0.5,
            "rewards/margins": 0.4,
            "rewards/accuracies": 0.75,
        },
    ]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"loss": 1.9, "global_step/max')
    got = read_jsonl(p)
    assert len(got) == 2
    m = parse(got)
    assert m.step == 2 and m.max_steps == 10 and m.progress == 0.2
    assert m.series["loss"] == [(1, 2.5), (2, 2.0)]
    assert m.series["rewards/margins"] == [(2, 0.4)]
    assert m.s_per_step == 2.0  # from iter/s
    assert m.elapsed_s == 3 and m.eta_s == 27 and m.memory_gib == 1.5
    assert "epoch" not in m.series


def test_both_duration_formats_of_ms_swift():
    m = parse([{"global_step/max_steps": "1/9", "elapsed_time": "1m 59s", "remaining_time": "1h 2m 3s"}])
    assert m.elapsed_s == 119 and m.eta_s == 3723
    m = parse([{"global_step/max_steps": "1/9", "elapsed_time": "12s", "remaining_time": "0:00:27"}])
    assert m.elapsed_s == 12 and m.eta_s == 27


def test_summary_row_is_kept_apart(tmp_path):
    m = parse(
        [
            {"loss": 1.0, "global_step/max_steps": "5/5"},
            {"train_runtime": 12.5, "train_loss": 1.1, "global_step/max_steps": "5/5"},
        ]
    )
    assert m.final["train_runtime"] == 12.5 and m.series["loss"] == [(5, 1.0)]


def test_tail_reads_from_the_end_and_folds_carriage_returns(tmp_path):
    p = tmp_path / "run.log"
    p.write_text("".join(f"line {i}\n" for i in range(10000)) + "Train: 10%\rTrain: 50%\rTrain: 90%\n")
    t = tail(p, max_bytes=2000, max_lines=5)
    assert t.splitlines()[-1] == "Train: 90%" and "line 9999" in t and "line 0\n" not in t


def test_checkpoints_skip_half_written(tmp_path):
    out = swift.output_dir(tmp_path)
    for step, complete in ((10, True), (20, True), (30, False)):
        d = out / f"checkpoint-{step}"
        d.mkdir(parents=True)
        fake_safetensors(d / "adapter_model.safetensors") if complete else (
            d / "adapter_model.safetensors"
        ).write_bytes(b"")
        if complete:
            (d / "trainer_state.json").write_text("{}")
    assert [p.name for p in swift.checkpoints(tmp_path)] == ["checkpoint-10", "checkpoint-20"]
