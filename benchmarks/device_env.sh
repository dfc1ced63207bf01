# Source on the offline GPU machine, from the repository root, at the start of every command (a machine
# keeps nothing after 30 idle seconds):   . benchmarks/device_env.sh [WHEEL_DIR]   (default .whl)
#
# 1. Installs WHEEL_DIR/*.whl into $QIXI_DEVICE_SITE (default /tmp/site), offline, without dependencies
#    (see ../shared/gpu/README.md). Returns non-zero when they do not install.
# 2. When WHEEL_DIR/gptq/ is there (benchmarks/fetch_gptq_wheels.sh makes it): builds pypcre from its sdist
#    (gptqmodel imports it; it is published as source only, links against the system's libpcre2-8.so.0 with its
#    own pcre2.h, and needs setuptools >= 79, carried in gptq/build/), installs it with gptq/*.whl into a
#    second folder, and puts that folder on PYTHONPATH only if `import gptqmodel, optimum.gptq` works there.
#    A pypcre wheel an earlier command built (gptq/pypcre-*.whl, from $OUT) is installed as it is instead,
#    which saves the build (~30 s) and the carried setuptools.
#    Once gptqmodel is importable, peft imports it for every LoRA layer it wraps, so a half-working install
#    would break training too: when the build or the import fails, it says why and GPTQ stays off.
# 3. When WHEEL_DIR/kernels/ holds gptqmodel kernels packed by `benchmarks/gptq_kernels.py --pack` on an
#    earlier command, unpacks them where gptqmodel looks (it loads a library found under its fingerprint).
# 4. Sets PYTHONPATH (those folders, then this repository) and the offline switches, and prints which of the
#    packages the chain needs import, with the reason where one does not.
qixi_device_env() {
    local wheels=${1:-.whl} site=${QIXI_DEVICE_SITE:-/tmp/site} build=/tmp/qixi-pcre-build
    local gsite=${QIXI_DEVICE_SITE:-/tmp/site}-gptq path
    shopt -s nullglob
    local -a whl=("$wheels"/*.whl) gwhl=("$wheels"/gptq/*.whl) sdist=("$wheels"/gptq/pypcre-*.tar.gz)
    local -a tools=("$wheels"/gptq/build/*.whl) built=("$wheels"/gptq/pypcre-*.whl)
    shopt -u nullglob
    [ ${#whl[@]} -gt 0 ] || { echo "device_env: no wheels in $wheels" >&2; return 1; }
    local t0=$SECONDS
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$site" \
        "${whl[@]}" || return 1
    echo "device_env: ${#whl[@]} wheels installed in $((SECONDS - t0)) s"
    path="$site:$PWD"
    if [ ${#gwhl[@]} -gt 0 ] && [ $((${#sdist[@]} + ${#built[@]})) -gt 0 ]; then
        t0=$SECONDS
        rm -rf "$build" "$gsite" && mkdir -p "$build/env" "$build/out"
        if [ ${#built[@]} -gt 0 ]; then
            : >"$build/log"  # the carried pypcre wheel is one of gwhl
        elif { [ ${#tools[@]} -eq 0 ] || python3 -m pip install -q --no-index --no-deps --no-compile \
                   --target "$build/env" "${tools[@]}"; } \
             && PYTHONPATH="$build/env" python3 -m pip wheel -q --no-index --no-deps --no-build-isolation \
                   -w "$build/out" "${sdist[0]}" >"$build/log" 2>&1; then
            gwhl+=("$build"/out/*.whl)
        else
            gwhl=()
        fi
        if [ ${#gwhl[@]} -gt 0 ] \
            && python3 -m pip install -q --no-index --no-deps --no-compile --target "$gsite" "${gwhl[@]}" \
                 >>"$build/log" 2>&1 \
            && PYTHONPATH="$gsite:$path" python3 -c "import gptqmodel, optimum.gptq" >>"$build/log" 2>&1; then
            path="$gsite:$path"
            echo "device_env: pypcre ready, gptqmodel imports ($((SECONDS - t0)) s): GPTQ on"
        else
            echo "device_env: GPTQ stays off: pypcre's build or gptqmodel's import failed ($build/log):" >&2
            grep -v '^WARN\|^INFO' "$build/log" | tail -n 12 >&2
        fi
    fi
    shopt -s nullglob
    local -a kparts=("$wheels"/kernels/gptq-kernels.tar.xz.part-*)
    shopt -u nullglob
    if [ ${#kparts[@]} -gt 0 ]; then  # 3. kernels built by an earlier command (gptq_kernels.py --pack)
        mkdir -p ~/.cache/gptqmodel/torch_extensions
        if cat "${kparts[@]}" | xz -d | tar -x -C ~/.cache/gptqmodel/torch_extensions; then
            echo "device_env: gptqmodel kernels unpacked: $(cd ~/.cache/gptqmodel/torch_extensions && ls -d */ | tr -d / | tr '\n' ' ')"
        else
            echo "device_env: the carried gptqmodel kernels did not unpack; they will be built on first use" >&2
        fi
    fi
    export PYTHONPATH="$path" MODELSCOPE_OFFLINE=1 HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
    python3 - <<'EOF'
import importlib
import time

for name in ("swift", "trl", "peft", "bitsandbytes", "liger_kernel", "openai", "awq", "torchvision", "pcre",
             "optimum.gptq", "gptqmodel"):
    t = time.monotonic()
    try:
        mod = importlib.import_module(name)
        print(f"device_env: {name} {getattr(mod, '__version__', 'ok')} ({time.monotonic() - t:.1f} s)")
    except Exception as e:  # noqa: BLE001 - the reason is what this check is for
        print(f"device_env: {name} FAILED: {e!r:.300}")
EOF
}
qixi_device_env "$@"
