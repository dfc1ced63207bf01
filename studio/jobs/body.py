"""`python -m studio.jobs.body KIND ARG…`: the one entry point of every job that runs the studio's own code.

Each kind in JOB_KINDS (studio.jobs.store) names its body as "module:function"; the function takes the job's
arguments as strings and returns the exit code, so the domain modules need no `__main__` or argument parser
of their own for their jobs. What every body shares is done here once: a stop (SIGTERM to the job's process
group) becomes SystemExit(143), so a body's `finally` and `except BaseException` clean-up runs (an export or
a pocket build removes its half-written staging folder) instead of the process dying mid-write.
"""

from __future__ import annotations

import importlib
import signal
import sys

from studio.jobs.store import JOB_KINDS


def main(argv: list[str]) -> int:
    kind = JOB_KINDS.get(argv[0]) if argv else None
    if kind is None or not kind.body:
        kinds = ", ".join(k.name for k in JOB_KINDS.values() if k.body)
        print(f"usage: python -m studio.jobs.body KIND ARG…  (KIND: {kinds})", file=sys.stderr)
        return 2
    module, function = kind.body.split(":")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return getattr(importlib.import_module(module), function)(*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
