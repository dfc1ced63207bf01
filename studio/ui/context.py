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
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

import gradio as gr

from studio import db
from studio.i18n import Text, UserError, default_lang
from studio.jobs import Jobs
from studio.workspace import Workspace

log = logging.getLogger("qixi.ui")

UNEXPECTED = Text("出了点意外，操作没有完成；详细信息已写入日志（workspace/logs/ui.log）。",
                  "Something unexpected went wrong and the action was not done; details are in workspace/logs/ui.log.")


@dataclass
class UIContext:
    ws: Workspace
    lang: str = field(default_factory=default_lang)
    registry: list[tuple[Any, dict[str, Text]]] = field(default_factory=list)
    lang_state: Any = None   # gr.BrowserState, set by the shell
    extra: dict = field(default_factory=dict)   # tabs share components here (e.g. the datasets list)

    @functools.cached_property
    def jobs(self) -> Jobs:
        return Jobs(self.ws)

    @functools.cached_property
    def _local(self) -> threading.local:
        return threading.local()

    def db(self):
        """The workspace database for this handler thread: opened once per thread and kept, not per event or
        per timer tick (a connection is not shared across threads: two transactions would interleave)."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = db.connect(self.ws.db_path)
        return con

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
        for comp, props in self.registry:
            out.append(gr.update(**{k: f(lang) for k, f in props.items()}))
        return out

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


def choices(pairs: list[tuple[Text, Any]]) -> Callable[[str], list]:
    """Two-language (label, value) choices for a Radio/Dropdown, usable with `ctx.tr(w, choices=...)`."""
    return lambda lang=None: [(t(lang or default_lang()), v) for t, v in pairs]
