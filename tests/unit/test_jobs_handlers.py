"""The Jobs tab and the job bar as plain functions (no server, no browser)."""

import sys
import time

import pytest

from studio.jobs.store import Jobs
from studio.ui import jobs_tab as JT
from studio.ui.context import UIContext

PY = sys.executable


@pytest.fixture
def ctx(ws):
    return UIContext(ws, lang="en")


def test_the_bar_and_the_table_follow_a_job_and_stop_it(ctx):
    idle = JT.jobs_bar(ctx, "en")
    assert idle["bar"] == "😴 No job is running" and idle["stop"]["visible"] is False
    empty = JT.jobs_view(ctx, "zh", None)
    assert empty["empty"]["visible"] is True and empty["pick"]["value"] is None and empty["log"] == ""
    job = Jobs(ctx.ws).submit(
        "sft", [PY, "-c", "import time; print('step 1', flush=True); time.sleep(60)"], title="小七 v1"
    )
    deadline = time.monotonic() + 20
    while Jobs(ctx.ws).get(job.id).status != "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    bar = JT.jobs_bar(ctx, "en")
    assert "learn to talk (SFT)" in bar["bar"] and "小七 v1" in bar["bar"] and bar["stop"]["visible"] is True
    view = JT.jobs_view(ctx, "zh", None)
    assert view["pick"]["value"] == job.id and view["table"]["value"][0][1] == "学说话 (SFT)"
    assert "学说话 (SFT)" in view["detail"] and "运行的命令" in view["detail"]
    stopped = JT.bar_stop(ctx, "en")
    assert Jobs(ctx.ws).get(job.id).status == "stopped" and "No job is running" in stopped["bar"]
    gone = JT.delete(ctx, "en", job.id)
    assert gone["chosen"] is None and gone["empty"]["visible"] is True
