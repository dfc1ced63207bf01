"""Placeholder: this tab is being built (see the issue tracker)."""
from __future__ import annotations

import gradio as gr

from studio.i18n import Text
from studio.ui.context import UIContext

SOON = Text("这一页正在建设中。", "This tab is being built.")


def create_playground_tab(ctx: UIContext) -> None:
    ctx.tr(gr.Markdown(SOON(ctx.lang)), value=SOON)
