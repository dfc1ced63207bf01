"""Builds gptqmodel's CUDA kernels ahead of first use and times each build (GPU machine only).

gptqmodel ships its kernels as sources and compiles them with nvcc the first time a GPTQ or AWQ model is
packed or loaded (into ~/.cache/gptqmodel, shared by every process of the user). A fresh device machine has
no cache, so the first `qixi chat` with a 4-bit model would spend the build inside its 300 s wait. Started in
the background while the chain trains (which keeps the GPU, not the CPUs, busy), this moves the build out of
the timed steps and records how long a person's first load takes on a new machine.

python3 benchmarks/gptq_kernels.py --out DIR/gptq_kernels.json [NAME ...]
python3 benchmarks/gptq_kernels.py --pack DIR     # the built kernels as DIR/gptq-kernels.tar.xz.part-NN

The packed kernels (only the shared libraries, in their fingerprinted folders: gptqmodel loads a library it finds
there instead of compiling) travel back in a device command's $OUT; carried in `.whl/kernels/`,
benchmarks/device_env.sh unpacks them, so a later command starts where a person's second run would. The
fingerprint covers the sources, flags, torch, CUDA and the GPU's compute capability: a stale one is not
loaded, it is rebuilt.
"""

from __future__ import annotations

import argparse
import io
import json
import socket
import subprocess
import tarfile
import time
from pathlib import Path

CACHE = Path.home() / ".cache" / "gptqmodel" / "torch_extensions"
PART = 15 * 2**20  # a device command returns files of at most 16 MiB

# In the order a load on an H100 reaches them: Machete first (Hopper only; it fetches CUTLASS from the
# network, which the device machine has not), Marlin for bf16 models, ExLlamaV2 (tried before Triton when
# packing), Marlin fp16 and the AWQ kernels. The chain's AWQ and GPTQ exports are fp16 (ms-swift loads the model
# in fp16 to quantize it), so it needs marlin_fp16, exllamav2 and the CPU packer pack_block_cpu (2026-12-07).
DEFAULT = ("marlin_bf16", "exllamav2", "marlin_fp16", "awq", "machete")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", default=list(DEFAULT))
    ap.add_argument("--out", type=Path)
    ap.add_argument("--pack", type=Path, help="write the built kernels here instead of building")
    a = ap.parse_args(argv)
    if a.pack:
        return pack(a.pack)
    if not a.out:
        ap.error("--out is required when building")
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


def pack(dest: Path) -> int:
    libs = sorted(CACHE.rglob("*.so"))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for lib in libs:
            tar.add(lib, arcname=str(lib.relative_to(CACHE)))
    # xz -9e: 43.3 MB of libraries pack into 24.1 MB against 27.5 MB at -6 (2026-12-07), which lets them travel
    # beside .whl/ within a call's 64 MiB; about 15 s here, in one block
    data = subprocess.run(["xz", "-T0", "-9e", "-c"], input=buf.getvalue(), capture_output=True, check=True).stdout
    dest.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(data), PART):
        (dest / f"gptq-kernels.tar.xz.part-{i // PART:02d}").write_bytes(data[i : i + PART])
    sizes = {str(p.relative_to(CACHE)): p.stat().st_size for p in libs}
    print(f"gptq_kernels: packed {len(libs)} libraries ({sum(sizes.values())} bytes) into {len(data)} bytes: {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
