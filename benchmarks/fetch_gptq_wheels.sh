#!/bin/bash
# Make DEST/gptq/ (default .whl/gptq): what GPTQ export and AWQ/GPTQ loading need on the offline GPU machine
# beyond ../shared/gpu/wheels.txt, for `. benchmarks/device_env.sh DEST` there. Run where the package registry
# is reachable, with a Python that has setuptools >= 79 (pypcre's metadata needs it).
# - gptqmodel 7.3.6 (the newest accepting transformers < 5.20, as ms-swift 4.6 requires) and its source-only
#   dependencies defuser, device-smi, logbar, tokenicer: pure Python, made into wheels here.
# - optimum (ms-swift's GPTQ path): a published wheel. gptqmodel's torchao is left out: gptqmodel imports it only
#   for NVFP4, while peft imports any torchao it finds for every LoRA layer (a build for another torch is a risk).
# - pypcre: a C extension published as source only; its sdist travels and device_env.sh builds it there,
#   with the setuptools wheel put into DEST/gptq/build/.
set -euo pipefail
dest=${1:-.whl}/gptq
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dest/build"
plat="--platform manylinux_2_28_x86_64 --platform manylinux_2_24_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64"
pure="gptqmodel==7.3.6 defuser==0.0.28 device-smi==0.5.7 logbar==0.4.15 tokenicer==0.0.14"
for req in $pure pypcre==0.6.4; do
    python3 -m pip download -q --no-deps --no-binary=:all: --no-build-isolation -d "$tmp" "$req"
done
for sdist in "$tmp"/*.tar.gz; do
    case $(basename "$sdist") in
        pypcre-*) cp "$sdist" "$dest/" ;;
        *) python3 -m pip wheel -q --no-deps --no-build-isolation -w "$dest" "$sdist" ;;
    esac
done
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp $plat -d "$dest" \
    optimum==2.3.0
python3 -m pip download -q --no-deps --only-binary=:all: -d "$dest/build" setuptools==80.9.0
du -sh "$dest"
