#!/bin/bash
# Make DEST (default .whl): every wheel a GPU-machine command of this project needs, within the 64 MiB a
# device call carries together with the tree. Run from the repository root where the package registry is
# reachable, with a Python that has setuptools >= 79 and torch (autoawq's setup.py imports it).
# 1. ../shared/gpu/wheels.txt's set (ms-swift, trl, peft, bitsandbytes, ...);
# 2. bitsandbytes slimmed to its CUDA 13 and CPU libraries: its 43 MB are mostly libraries for other CUDA and
#    ROCm versions (the slim copy installed and ran on the device's torch 2.11 + CUDA 13, 2026-12-06);
# 3. what the `qixi` CLI, `swift deploy` and the openai client import that the device image lacks;
# 4. autoawq 0.2.9 built from its source release (pure Python; its GEMM runs on Triton there);
# 5. gptqmodel and optimum (fetch_gptq_wheels.sh, into DEST/gptq).
set -euo pipefail
dest=${1:-.whl}
here=$(cd "$(dirname "$0")" && pwd)
shared=${QIXI_SHARED:-$here/../../shared}
bash "$shared/gpu/fetch-wheels.sh" "$dest"
plat="--platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64"
extras="python-stdnum==2.2 fastapi==0.165.0 starlette==1.10.0 uvicorn==0.55.0 opentelemetry-api==1.45.3
        annotated-doc==0.0.7 openai==3.63.0 jiter==0.19.0 distro==1.9.0 sniffio==1.3.1 httpx2==2.17.0
        httpcore2==2.17.0 truststore==0.10.5"
for req in $extras; do
    python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp $plat \
        -d "$dest" "$req"
done
python3 - "$dest" <<'EOF'
import re, sys, zipfile
from pathlib import Path
wheel = next(Path(sys.argv[1]).glob("bitsandbytes-*.whl"))
drop = re.compile(r"libbitsandbytes_(cuda1[12]\d*|rocm\w*)\.so$|rocm")
tmp = wheel.with_suffix(".slim")
with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
    for item in src.infolist():
        if drop.search(item.filename):
            continue
        data = src.read(item)
        if item.filename.endswith(".dist-info/RECORD"):
            data = b"\n".join(x for x in data.split(b"\n") if not drop.search(x.split(b",")[0].decode()))
        out.writestr(item, data)
before = wheel.stat().st_size
tmp.replace(wheel)
print(f"bitsandbytes slimmed: {before / 2**20:.1f} -> {wheel.stat().st_size / 2**20:.1f} MiB")
EOF
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download -q --no-deps --no-binary=:all: --no-build-isolation -d "$tmp" autoawq==0.2.9
python3 -m pip wheel -q --no-deps --no-build-isolation -w "$dest" "$tmp"/autoawq-*.tar.gz
bash "$here/fetch_gptq_wheels.sh" "$dest"
du -sh "$dest"
