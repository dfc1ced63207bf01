from types import SimpleNamespace

from studio.jobs.progress import job_progress


def _job(tmp_path, log: str, status="running"):
    (tmp_path / "run.log").write_text(log, encoding="utf-8")
    return SimpleNamespace(run_dir=tmp_path, log_path=tmp_path / "run.log", status=status)


def test_progress_line_found_behind_a_long_argument_dump(tmp_path):
    # ms-swift prints its whole argument dump in one line; our last progress line sits before it.
    job = _job(tmp_path, "QIXI_PROGRESS 3/8 generating\n" + "[INFO:swift] args: " + "x" * 40000 + "\n")
    p = job_progress(job)
    assert (p.step, p.total, p.message.en) == (3, 8, "generating")
    assert p.fraction == 3 / 8


def test_no_progress_line_means_zero(tmp_path):
    p = job_progress(_job(tmp_path, "starting\n" * 100))
    assert (p.step, p.total, p.fraction) == (0, 0, 0.0)


def _pocket_job(tmp_path, phase_lines: str, rows: list[dict], status="running"):
    import json

    out = tmp_path / "output"
    out.mkdir(exist_ok=True)
    (out / "logging.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (tmp_path / "run.log").write_text(phase_lines, encoding="utf-8")
    return SimpleNamespace(run_dir=tmp_path, log_path=tmp_path / "run.log", status=status, kind="build-pocket")


def _row(step: int, total: int, elapsed: int) -> dict:
    return {
        "loss": 1.0,
        "global_step/max_steps": f"{step}/{total}",
        "elapsed_time": f"{elapsed}s",
        "remaining_time": "20m 45s",
    }  # ms-swift's own guess from the first slow steps: not shown


def test_pocket_build_bar_moves_forward_and_estimates_from_the_recent_speed(tmp_path):
    from studio.jobs.progress import INSTALL_S, TRAIN_FROM

    lines = "QIXI_PROGRESS 1/5 tokenizer\nQIXI_PROGRESS 2/5 model\nQIXI_PROGRESS 3/5 training: starting ms-swift\n"
    seen = []
    # ms-swift still starting: no rows yet. Then steps at 0.1 s each up to step 250, then 0.2 s each (the machine
    # got busier); logged every 5 steps, as ms-swift does.
    seen.append(job_progress(_pocket_job(tmp_path, lines, [])))

    def t(step):
        return 0.1 * step if step <= 250 else 25 + 0.2 * (step - 250)

    for upto in (5, 40, 250, 400):
        rows = [_row(s, 1000, round(t(s))) for s in range(5, upto + 1, 5)]
        seen.append(job_progress(_pocket_job(tmp_path, lines, rows)))
    fractions = [p.fraction for p in seen]
    assert fractions == sorted(fractions) and fractions[0] < TRAIN_FROM  # never backwards
    assert seen[1].eta_s is None  # 0.5% of the steps: too early to say (and 20:45 is not repeated)
    # At step 400, 55 s in: the last 30 s ran at 0.2 s a step, so 600 steps left take 120 s, plus the install.
    assert seen[-1].eta_s == round(600 * 0.2 + INSTALL_S)
    assert (seen[-1].step, seen[-1].total) == (400, 1000)
    done = job_progress(_pocket_job(tmp_path, lines + "QIXI_PROGRESS 5/5 done\n", rows, status="succeeded"))
    assert done.fraction == 1.0 and done.eta_s is None


def test_a_progress_line_carries_both_languages(tmp_path):
    # What a job prints is read back in the reader's language, whatever the words (a round trip through
    # the log file the UI reads); a line from an older log, plain words, reads the same in both.
    from studio.core.i18n import Text
    from studio.engine.metrics import progress_line

    said = Text('分词器：用 2 个示例文件训练 {"x"}', "tokenizer: training on 2 sample files")
    p = job_progress(_job(tmp_path, "QIXI_PROGRESS 1/3 plain words\n" + progress_line(2, 3, said) + "\n"))
    assert (p.step, p.total, p.message.zh, p.message.en) == (2, 3, said.zh, said.en)
    (tmp_path / "old").mkdir()
    old = job_progress(_job(tmp_path / "old", "QIXI_PROGRESS 1/3 plain words\n"))
    assert old.message.zh == old.message.en == "plain words"


def test_every_view_writes_a_duration_the_same_way():
    """The job bar, the Jobs tab and the Train tab share one duration format (written out here by hand)."""
    from studio.jobs.progress import duration_text

    cases = {
        None: "–",
        0: "0:00",
        59.9: "0:59",
        61: "1:01",
        3599: "59:59",
        3600: "1:00:00",
        3725.9: "1:02:05",
        36000: "10:00:00",
    }
    assert {s: duration_text(s) for s in cases} == cases
