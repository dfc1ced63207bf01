# Source on the offline GPU machine, from the repository root, at the start of every command (a machine
# keeps nothing after 30 idle seconds):   . benchmarks/device_env.sh [WHEEL_DIR]   (default .whl)
#
# 1. Installs the carried wheels (WHEEL_DIR/*.whl and, when present, WHEEL_DIR/gptq/*.whl) into
#    $QIXI_DEVICE_SITE (default /tmp/site), offline, without dependencies (see ../shared/gpu/README.md).
# 2. Builds pypcre from WHEEL_DIR/gptq/pypcre-*.tar.gz when it is carried: gptqmodel imports it, and it is
#    published as source only. It links against the system's libpcre2-8.so.0 with its own pcre2.h; the build
#    uses WHEEL_DIR/gptq/build/setuptools-*.whl (pypcre needs setuptools >= 79), nothing else.
# 3. Sets PYTHONPATH (site first, then this repository) and the offline switches, and prints which of the
#    packages the chain needs import, with the reason where one does not. Returns non-zero when the wheels do
#    not install; a pypcre build that fails is printed (with its log's end) and leaves GPTQ off.
qixi_device_env() {
    local wheels=${1:-.whl} site=${QIXI_DEVICE_SITE:-/tmp/site} build=/tmp/qixi-pcre-build
    local -a whl
    shopt -s nullglob
    whl=("$wheels"/*.whl "$wheels"/gptq/*.whl)
    local -a sdist=("$wheels"/gptq/pypcre-*.tar.gz) tools=("$wheels"/gptq/build/*.whl)
    shopt -u nullglob
    [ ${#whl[@]} -gt 0 ] || { echo "device_env: no wheels in $wheels" >&2; return 1; }
    local t0=$SECONDS
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$site" \
        "${whl[@]}" || return 1
    echo "device_env: ${#whl[@]} wheels installed in $((SECONDS - t0)) s"
    if [ ${#sdist[@]} -gt 0 ]; then
        t0=$SECONDS
        rm -rf "$build" && mkdir -p "$build/env" "$build/out"
        if [ ${#tools[@]} -gt 0 ]; then
            python3 -m pip install -q --no-index --no-deps --no-compile --target "$build/env" "${tools[@]}" || return 1
        fi
        if PYTHONPATH="$build/env" python3 -m pip wheel -q --no-index --no-deps --no-build-isolation \
                -w "$build/out" "${sdist[0]}" >"$build/log" 2>&1 \
            && python3 -m pip install -q --no-index --no-deps --no-compile --upgrade --target "$site" \
                "$build"/out/*.whl; then
            echo "device_env: pypcre built in $((SECONDS - t0)) s"
        else
            echo "device_env: pypcre did not build ($build/log), so gptqmodel cannot import:" >&2
            tail -n 15 "$build/log" >&2
        fi
    fi
    export PYTHONPATH="$site:$PWD" MODELSCOPE_OFFLINE=1 HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1
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
