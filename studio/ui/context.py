"""What every tab factory gets: the workspace, the job store, and the language switch.

Widgets are labelled with Text(zh, en) pairs registered through `ctx.tr`; the language switch
re-labels every registered widget at once, and the choice is kept in the browser (localStorage).
Handlers call `ctx.safe` so a bug shows a sentence, never a traceback.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import gradio as gr

from studio.core import connections
from studio.core.i18n import Text, UserError, default_lang
from studio.core.workspace import Workspace
from studio.jobs.store import Jobs

log = logging.getLogger("qixi.ui")

UNEXPECTED = Text(
    "出了点意外，操作没有完成；详细信息已写入日志（workspace/logs/ui.log）。",
    "Something unexpected went wrong and the action was not done; details are in workspace/logs/ui.log.",
)


@dataclass
class Pulses:
    """The hidden buttons that assets/pulse.js clicks when the workspace changed: the jobs bar's, and the open
    tab's (element id "pulse-" + the tab's id). None until the shell builds them: a tab built alone gets none."""

    bar: Any = None
    start: Any = None
    data: Any = None
    annotate: Any = None
    train: Any = None
    models: Any = None
    playground: Any = None
    jobs: Any = None

    def buttons(self) -> list:
        return [b for b in vars(self).values() if b is not None]


@dataclass
class UIContext:
    ws: Workspace
    lang: str = field(default_factory=default_lang)
    registry: list[tuple[Any, dict[str, Text]]] = field(default_factory=list)
    lang_state: Any = None  # gr.BrowserState, set by the shell
    # What the shell and the tabs share, set by whoever builds it (None until then: a tab built alone in a
    # test gets none of them).
    pulse: Pulses = field(default_factory=Pulses)
    tabs: Any = None  # the gr.Tabs: a handler switches tabs with gr.update(selected=elem id)
    guide_button: Any = None  # the header's guide button (the Start tab opens its guide on it)
    to_chat: Any = None  # the Start tab's "Go to the Playground" (the Playground opens its chat)
    datasets_changed: Any = None  # a gr.State the Data tab changes when a dataset is added, renamed or deleted
    dataset_choices: Callable[..., list] | None = None  # (lang, kinds=None) -> [(label, id)], from the Data tab
    on_load: list[Callable] = field(default_factory=list)  # hook(PageLoad) of each tab, run once the page is built

    @functools.cached_property
    def jobs(self) -> Jobs:
        return Jobs(self.ws)

    @functools.cached_property
    def db(self) -> connections.PerThread:
        """`ctx.db()`: the workspace database for this handler thread, opened once per thread and kept."""
        return connections.PerThread(self.ws)

    def t(self, text: Text, lang: str | None = None) -> str:
        return text(lang or self.lang)

    def tr(self, component, **props: Callable[[str], Any]):
        """Register `component`'s props (label, info, value, choices...) as Text or lang -> value."""
        self.registry.append((component, props))
        return component

    def relabel_outputs(self) -> list:
        return [c for c, _ in self.registry]

    def relabel(self, lang: str) -> list:
        lang = lang if lang in ("zh", "en") else "zh"
        out = []
        for _comp, props in self.registry:
            out.append(gr.update(**{k: f(lang) for k, f in props.items()}))
        return out

    def on(self, event: Callable, fn: Callable, inputs: dict[str, Any], outputs: dict[str, Any], **kw):
        """Wire a named handler (see `named`) to an event such as `button.click`, through `safe`."""
        f, ins, outs = named(fn, inputs, outputs)
        return event(self.safe(f), ins, outs, **self._pulse_kw(event, kw))

    def _pulse_kw(self, event: Callable, kw: dict) -> dict:
        if any(getattr(event, "__self__", None) is b for b in self.pulse.buttons()):
            # A pulse that comes while the previous one is still answering runs after it instead of being
            # dropped (Gradio's default for clicks): the last change is always shown.
            return {"trigger_mode": "always_last", **kw}
        return kw

    def wiring(self, owner: Any, request: bool = False) -> Callable:
        """`on(event, fn, inputs, outputs, **kw)` for module-level handlers that take `owner` (this context, or
        a tab's page object) as their first argument; with `request`, also the browser's `gr.Request` by name
        (see `with_request`)."""

        def on(event: Callable, fn: Callable, inputs: dict[str, Any], outputs: dict[str, Any], **kw):
            if request:
                return event(
                    self.with_request(owner, fn, inputs, outputs),
                    list(inputs.values()),
                    list(outputs.values()),
                    **self._pulse_kw(event, kw),
                )
            return self.on(event, functools.partial(fn, owner), inputs, outputs, **kw)

        return on

    def with_request(self, owner: Any, fn: Callable, inputs: dict[str, Any], outputs: dict[str, Any]) -> Callable:
        """What Gradio calls for a named handler that also takes the browser's request. Gradio hands a gr.Request
        only to a positional parameter annotated with that type, which `named`'s wrapper cannot declare, so this
        takes it first and calls `fn(owner, request=..., **inputs)` through `named` and `safe`."""

        def call(request: gr.Request, *values):
            f, _, _ = named(functools.partial(fn, owner, request=request), inputs, outputs)
            return self.safe(f)(*values)

        call.__name__ = call.__qualname__ = fn.__name__
        return call

    def safe(self, fn: Callable) -> Callable:
        """Wrap a handler: UserError -> its sentence as a warning; anything else -> logged, one sentence.
        Works for streaming (generator) handlers too: Gradio needs those to stay generator functions."""
        if inspect.isgeneratorfunction(fn):

            @functools.wraps(fn)
            def streaming(*args, **kwargs):
                with _sentences(fn, args):
                    yield from fn(*args, **kwargs)

            return streaming

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with _sentences(fn, args):
                return fn(*args, **kwargs)

        return wrapper


@contextlib.contextmanager
def _sentences(fn, args):
    try:
        yield
    except UserError as e:
        raise gr.Error(e.text(_lang_of(args)), print_exception=False) from None
    except gr.Error:
        raise
    except Exception:
        log.exception("handler %s failed", getattr(fn, "__name__", fn))
        raise gr.Error(UNEXPECTED(_lang_of(args)), print_exception=False) from None


def _lang_of(args) -> str:
    # Handlers take the language as their first input by convention.
    return args[0] if args and args[0] in ("zh", "en") else default_lang()


class PageLoad:
    """The page-load work of every tab, run as one event.

    Each event's status change makes Gradio 6's front-end revisit every component that any event has
    written (`update_loading_stati_state`), so fifteen load events made the Start tab appear seconds late
    on two cores (a page of 630 text boxes: 12 s with 15 load events, 3.5 s with one). Tab hooks get this
    in place of the Blocks: `load(fn, inputs, outputs)` collects, a JavaScript-only load goes straight to
    the page, and `wire()` makes the one event (outside the queue, as a page's first paint should not wait
    behind other events). A part that fails leaves its own outputs as built and its sentence in the log;
    the other parts still fill theirs.
    """

    def __init__(self, demo: gr.Blocks):
        self.demo = demo
        self.parts: list[tuple[Callable, list, list]] = []

    @property
    def blocks(self):
        return self.demo.blocks

    def load(self, fn: Callable | None = None, inputs=None, outputs=None, js: str | None = None, **_ignored):
        if fn is None:
            return self.demo.load(None, js=js, api_name=False, queue=False)
        self.parts.append((fn, _as_list(inputs), _as_list(outputs)))

    def wire(self) -> None:
        if not self.parts:
            return
        ins = _unique(c for _, i, _ in self.parts for c in i)
        outs = _unique(c for _, _, o in self.parts for c in o)
        at_in = {c._id: k for k, c in enumerate(ins)}
        at_out = {c._id: k for k, c in enumerate(outs)}
        parts = [
            (fn, [at_in[c._id] for c in i], [at_out[c._id] for c in o], _takes_request(fn)) for fn, i, o in self.parts
        ]

        def run(request: gr.Request, *values):
            written: list[list] = [[] for _ in outs]
            for fn, i, o, wants_request in parts:
                args = [values[k] for k in i]
                try:
                    result = (
                        fn(request, *args)
                        if wants_request == "first"
                        else fn(*args, request=request)
                        if wants_request
                        else fn(*args)
                    )
                except gr.Error as e:  # `safe` already logged an unexpected one with its traceback
                    log.warning("page load: %s", e.message)
                    continue
                except Exception:
                    log.exception("page load: %s failed", getattr(fn, "__qualname__", fn))
                    continue
                for k, value in zip(o, [result] if len(o) == 1 else result):
                    written[k].append(value)
            return [gr.update() if not w else w[0] if len(w) == 1 else _merged(w) for w in written]

        self.demo.load(run, ins, outs, api_name=False, show_progress="hidden", queue=False)


def shown_state(elem_id: str) -> gr.JSON:
    """What a view last drew (a signature its refresh compares with, to skip unchanged parts), kept in the
    browser beside what it describes. A gr.State lives on the server and takes the value of whichever answer
    returned last there, while the page shows whichever arrived last: a pulse's late "running" once stayed
    on the Train tab after a stop for good, every later refresh believing the page already said "stopped".
    Starts as {} ("nothing drawn yet"), which also makes it an optional last argument for API callers. Store
    lists or dicts: gr.JSON parses a bare string in the browser and shows "Invalid JSON" on the page."""
    return gr.JSON({}, visible=False, elem_id=elem_id)


def named(fn: Callable, inputs: dict[str, Any], outputs: dict[str, Any]) -> tuple[Callable, list, list]:
    """A handler that takes its inputs as keyword arguments and returns a dict of output name -> value, made
    into what Gradio calls (positional values in, a list out; an output it leaves out stays as it is), with
    the component lists to wire. Handlers written so are plain functions: tests call them without a server.
    A generator handler (a streaming reply) yields such dicts.
    The language goes first among the inputs (`safe` reads it for its sentences)."""
    in_names, out_names = list(inputs), list(outputs)

    def placed(got: dict):
        unknown = set(got) - set(out_names)
        if unknown:
            raise KeyError(f"{getattr(fn, '__name__', fn)} returned {sorted(unknown)}, which it is not wired to")
        out = [got.get(n, gr.skip()) for n in out_names]
        return out[0] if len(out) == 1 else out

    if inspect.isgeneratorfunction(getattr(fn, "func", fn)):  # a streaming handler yields its dicts

        def positional(*values):
            for got in fn(**dict(zip(in_names, values))):
                yield placed(got)
    else:

        def positional(*values):
            return placed(fn(**dict(zip(in_names, values))))

    # Not functools.wraps: Gradio would read the wrapped signature and count the wrong inputs.
    positional.__name__ = positional.__qualname__ = getattr(getattr(fn, "func", fn), "__name__", "handler")
    return positional, list(inputs.values()), list(outputs.values())


def _as_list(x) -> list:
    return [] if x is None else list(x) if isinstance(x, (list, tuple)) else [x]  # ordered: inputs are positional


def _unique(components) -> list:
    seen: dict[int, Any] = {}
    for c in components:
        seen.setdefault(c._id, c)
    return list(seen.values())


def _merged(values: list) -> dict:
    """One update from several parts' writes to one component; a later part wins per property. A value may
    be an update, a component (Gradio reads its constructor arguments as one) or a plain value."""
    out: dict = {}
    for v in values:
        if isinstance(v, gr.blocks.Block):
            v = v.constructor_args
        elif not (isinstance(v, dict) and v.get("__type__") == "update"):
            v = {"value": v}
        out.update(v)
    out["__type__"] = "update"
    return out


def _takes_request(fn: Callable) -> str | bool:
    """Whether a load part takes the browser's request: "first" for `with_request`'s wrapper (the request
    as its first positional), True for a `request` keyword."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return False
    return "first" if params[:1] == ["request"] else "request" in params


def choices(pairs: list[tuple[Text, Any]]) -> Callable[[str], list]:
    """Two-language (label, value) choices for a Radio/Dropdown, usable with `ctx.tr(w, choices=...)`."""
    return lambda lang=None: [(t(lang or default_lang()), v) for t, v in pairs]
