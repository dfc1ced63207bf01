"""The web UI. Every module here that imports gradio is inside this package, so this runs first.

Gradio 6 re-parses each component's whole source file with `ast` as the component's class is defined, to keep
the `.pyi` stubs of a development checkout in step (`gradio.component_meta.create_or_modify_pyi`), and writes
them into site-packages when they differ. A running studio needs no stubs: skipping that step brings the first
page of `python app.py` from 3.60 s to 2.83 s (median of 5 cold starts on 2 cores, benchmarks/startup.py).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

_STUBS = "gradio.component_meta"


class _NoStubs(importlib.abc.MetaPathFinder):
    """Loads gradio.component_meta as usual, then replaces its stub writer before any component uses it."""

    def find_spec(self, name, path, target=None):
        if name != _STUBS:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            module.create_or_modify_pyi = lambda *args, **kwargs: None

        spec.loader.exec_module = exec_module
        return spec


if _STUBS not in sys.modules and not any(isinstance(f, _NoStubs) for f in sys.meta_path):
    sys.meta_path.insert(0, _NoStubs())
