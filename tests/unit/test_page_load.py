"""The page-load work of all tabs runs as one event (studio/ui/context.py, PageLoad): each event's status
change makes Gradio 6's front-end revisit every component that events write, so fifteen load events cost
seconds on two cores. One part's failure must not blank the others; two parts may write one component."""

import gradio as gr
import pytest

from studio.ui.context import PageLoad


def _backend_loads(demo: gr.Blocks) -> list:
    return [f for f in demo.fns.values() if f.fn is not None and any(t[1] == "load" for t in f.targets)]


class _Request:
    def __init__(self, **query):
        self.query_params = query


def test_parts_become_one_event_that_merges_writes_and_survives_a_failing_part(caplog):
    with gr.Blocks() as demo:
        lang, name, note, box = gr.Radio(["zh", "en"], value="zh"), gr.Textbox(), gr.Markdown(), gr.Textbox()
        page = PageLoad(demo)
        page.load(lambda lg: f"lang={lg}", lang, name)  # a raw value for one output
        page.load(lambda: [gr.update(label="L", value="later"), "n1"], None, [name, note])
        page.load(lambda lg: (_ for _ in ()).throw(gr.Error("no db")), lang, box)  # a sentence
        page.load(lambda: 1 / 0, None, box)  # a bug
        page.load(lambda lg, request: request.query_params.get("who", "-") + lg, [lang], box)
        first = gr.Textbox()  # the way UIContext.with_request wraps a handler: the request goes first
        page.load(lambda request, *values: request.query_params["who"] + "|".join(values), [lang], first)
        plot = gr.Textbox()
        page.load(lambda: gr.Textbox(label="new plot"), None, plot)
        page.load(lambda: gr.update(visible=False), None, plot)
        page.load(None, js="() => {}")  # JavaScript only: passed on
        page.wire()
    loads = _backend_loads(demo)
    assert len(loads) == 1
    js_only = [f for f in demo.fns.values() if f.fn is None and any(t[1] == "load" for t in f.targets)]
    assert len(js_only) == 1
    out = loads[0].fn(_Request(who="ann:"), "en")
    by_id = dict(zip([o._id for o in loads[0].outputs], out))
    # Both parts reach `name`: the second part's label, and its value over the first part's.
    assert by_id[name._id] == {"__type__": "update", "value": "later", "label": "L"}
    assert by_id[note._id] == "n1"  # written once: passed on as it came
    assert by_id[box._id] == "ann:en"  # the request reached its part
    assert by_id[first._id] == "ann:en"
    # A component returned as an update (Gradio reads its constructor arguments) merges with a dict update.
    assert by_id[plot._id]["label"] == "new plot" and by_id[plot._id]["visible"] is False
    assert "no db" in caplog.text and "ZeroDivisionError" in caplog.text


@pytest.fixture(scope="module")
def studio_demo(tmp_path_factory):
    from studio.core.workspace import Workspace
    from studio.ui.shell import build_app

    return build_app(Workspace.open(tmp_path_factory.mktemp("page") / "ws"))


@pytest.mark.ui
def test_the_studio_page_has_one_backend_load_event(studio_demo):
    assert len(_backend_loads(studio_demo)) == 1


@pytest.mark.ui
def test_pulses_are_never_dropped_and_views_remember_what_the_browser_shows(studio_demo):
    """A pulse that comes while the last one still answers must run after it (Gradio drops a click that
    comes while its event is pending), and a view's "what I last drew" must travel with what it drew."""
    blocks = studio_demo.blocks
    pulse_ids = {i for i, b in blocks.items() if (getattr(b, "elem_id", None) or "").startswith("pulse-")}
    pulsed = [f for f in studio_demo.fns.values() if any(t[0] in pulse_ids and t[1] == "click" for t in f.targets)]
    assert len(pulsed) >= 8  # the bar and the tabs that follow the workspace
    assert {f.trigger_mode for f in pulsed} == {"always_last"}
    refresh = next(f for f in pulsed if f.api_name == "train_refresh")
    # The signature is the one input that is also an output and is not shown: a gr.State would hold it on
    # the server, where a late answer made it disagree with the page (test_train_browser caught that).
    sig = [c for c in refresh.inputs if c in refresh.outputs and not getattr(c, "visible", True)]
    assert sig and all(not isinstance(c, gr.State) for c in sig)
    # No pulsed view keeps such a signature in a gr.State.
    kept = [(f.name, c) for f in pulsed for c in f.inputs if c in f.outputs and isinstance(c, gr.State)]
    assert not kept, kept
