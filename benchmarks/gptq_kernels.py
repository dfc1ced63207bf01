"""Builds gptqmodel's CUDA kernels ahead of first use and times each build (GPU machine only).

gptqmodel ships its kernels as sources and compiles them with nvcc the first time a GPTQ or AWQ model is
packed or loaded (into ~/.cache/gptqmodel, shared by every process of the user). A fresh device machine has
no cache, so the first `qixi chat` with a 4-bit model would spend the build inside its 300 s wait. Started in
the background while the chain trains (which keeps the GPU, not the CPUs, busy), this moves the build out of
the timed steps and records how long a person's first load takes on a new machine.

python3 benchmarks/gptq_kernels.py --out DIR/gptq_kernels.json [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import socket
import time
from pathlib import Path

# In the order a load on an H100 reaches them: Machete first (Hopper only; it fetches CUTLASS from the
# network, which the device machine has not), then Marlin for bf16 (a GPTQ export keeps the merge's dtype),
# ExLlamaV2 (tried before Triton when packing), Marlin fp16 and the AWQ kernels (AWQ exports are fp16).
DEFAULT = ("marlin_bf16", "exllamav2", "marlin_fp16", "awq", "machete")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", default=list(DEFAULT))
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args(argv)
    socket.setdefaulttimeout(20)  # an unreachable download fails instead of hanging the build queue
    from gptqmodel import extension

    rows = {}
    for name in a.names:
        t = time.monotonic()
        try:
            ok = extension.load(name)[name]
            err = "" if ok else extension.error(name)
        except Exception as e:  # noqa: BLE001 - the reason is the result
            ok, err = False, repr(e)
        rows[name] = {"ok": ok, "seconds": round(time.monotonic() - t, 1), "error": str(err)[-600:]}
        print(
            f"gptq_kernels: {name} {'built' if ok else 'FAILED'} in {rows[name]['seconds']} s {err!s:.200}", flush=True
        )
        a.out.parent.mkdir(parents=True, exist_ok=True)
        a.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
