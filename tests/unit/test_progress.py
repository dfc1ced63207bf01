from types import SimpleNamespace

from studio.progress import job_progress


def _job(tmp_path, log: str, status="running"):
    (tmp_path / "run.log").write_text(log, encoding="utf-8")
    return SimpleNamespace(run_dir=tmp_path, log_path=tmp_path / "run.log", status=status)


def test_progress_line_found_behind_a_long_argument_dump(tmp_path):
    # ms-swift prints its whole argument dump in one line; our last progress line sits before it.
    job = _job(tmp_path, "QIXI_PROGRESS 3/8 generating\n" + "[INFO:swift] args: " + "x" * 40000 + "\n")
    p = job_progress(job)
    assert (p.step, p.total, p.message) == (3, 8, "generating")
    assert p.fraction == 3 / 8


def test_no_progress_line_means_zero(tmp_path):
    p = job_progress(_job(tmp_path, "starting\n" * 100))
    assert (p.step, p.total, p.fraction) == (0, 0, 0.0)
