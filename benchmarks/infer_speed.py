"""Inference speed: `swift deploy` (OpenAI-compatible server, transformers backend, configured as the
studio configures it) against plain transformers `generate`, on a random-initialised Qwen2.5 shape.
First-token latency and tokens/s at batch 1 and batch 8; JSON to benchmarks/results/infer_speed-<tag>.json.

    python benchmarks/infer_speed.py --shape 1.5b [--batches 1,8] [--new-tokens 128] [--prompt-tokens 256]
    python benchmarks/infer_speed.py --smoke            # CPU, tiny shape: checks the plumbing
    python benchmarks/infer_speed.py --gateway --model-dir tests/artifacts/pocket-cache/KEY/pocket-tiny
                                                        # CPU: bare server vs the guarded gateway in front of it

Both sides decode greedily the same chat prompts for exactly --new-tokens tokens (the random model's
output head is masked to printable tokens by train_speed's builder, so it neither stops early nor
streams empty text).
- generate: one `model.generate` per batch (left padding); a stopping criterion timestamps every
  decoding step after a CUDA sync. First token = prefill + one step.
- server: POST /v1/chat/completions with stream=true through http.client; batch b = b requests sent
  at once by b threads (the server batches them up to --max-batch-size). First token = the first
  streamed chunk with text. tokens/s = completion tokens (from `usage`) / wall time of the batch.
- gateway (--gateway): the same server measured bare and through studio.chat.gateway (guard on, and guard
  off = the proxy alone), one request at a time, the three targets taking turns in every round so a
  loaded machine slows all of them alike. Prompts are the bundled sample chats' user messages.
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
import train_speed as ts  # noqa: E402  (same folder: shapes, tokenizer, models, process helpers)


def build_prompts(tok, n: int, prompt_tokens: int) -> list[list[dict]]:
    """Chat histories of about prompt_tokens tokens that end with a user turn."""
    rows = ts.build_sft_rows(tok, n, prompt_tokens + 48, "fixed", seed=1)
    out = []
    for r in rows:
        msgs = r["messages"]
        while msgs and msgs[-1]["role"] != "user":
            msgs = msgs[:-1]
        out.append(msgs)
    return out


def summarise(samples: list[dict]) -> dict:
    keys = ("ttft_s", "tokens_per_s", "decode_tokens_per_s", "wall_s", "tokens")
    out = {"rounds": len(samples)}
    for k in keys:
        vals = [s[k] for s in samples if s.get(k) is not None]
        if vals:
            out[k] = round(statistics.median(vals), 4)
    return out


# ---------------------------------------------------------------------------------------------- generate


def worker_generate(spec: dict) -> dict:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, StoppingCriteria, StoppingCriteriaList

    cuda = spec["device"] == "cuda"
    tok = AutoTokenizer.from_pretrained(spec["model"])
    tok.padding_side = "left"
    model = (
        AutoModelForCausalLM.from_pretrained(
            spec["model"], dtype=torch.bfloat16 if cuda else torch.float32, attn_implementation="sdpa"
        )
        .to("cuda" if cuda else "cpu")
        .eval()
    )
    prompts = json.loads(Path(spec["prompts"]).read_text(encoding="utf-8"))
    texts = [tok.apply_chat_template(p, tokenize=False, add_generation_prompt=True) for p in prompts]
    n_new = spec["new_tokens"]

    class Clock(StoppingCriteria):
        def __init__(self):
            self.times: list[float] = []

        def __call__(self, input_ids, scores, **kwargs):
            if cuda:
                torch.cuda.synchronize()
            self.times.append(time.perf_counter())
            return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)

    def once(batch: list[str]) -> dict:
        enc = tok(batch, return_tensors="pt", padding=True).to(model.device)
        clock = Clock()
        if cuda:
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        with torch.inference_mode():
            out = model.generate(
                **enc,
                max_new_tokens=n_new,
                min_new_tokens=n_new,
                do_sample=False,
                stopping_criteria=StoppingCriteriaList([clock]),
                pad_token_id=tok.pad_token_id,
            )
        t_end = clock.times[-1]
        made = (out.shape[1] - enc["input_ids"].shape[1]) * len(batch)
        decode = (t_end - clock.times[0]) if len(clock.times) > 1 else None
        return {
            "ttft_s": clock.times[0] - t0,
            "wall_s": t_end - t0,
            "tokens": made,
            "tokens_per_s": made / (t_end - t0),
            "decode_tokens_per_s": (made - len(batch)) / decode if decode else None,
            "prompt_tokens": int(enc["attention_mask"].sum()) // len(batch),
        }

    results = []
    for b in spec["batches"]:
        batch = [texts[i % len(texts)] for i in range(b)]
        once(batch)  # warm-up: kernels, allocator
        samples = [once([texts[(r * b + i) % len(texts)] for i in range(b)]) for r in range(spec["rounds"])]
        row = {
            "engine": "transformers.generate",
            "batch": b,
            **summarise(samples),
            "prompt_tokens": samples[0]["prompt_tokens"],
        }
        if cuda:
            row["peak_allocated_gib"] = round(torch.cuda.max_memory_allocated() / ts.GIB, 2)
        print(f"[generate] batch {b}: {row}", flush=True)
        results.append(row)
    return {"results": results}


# ---------------------------------------------------------------------------------------------- server


def stream_chat(
    port: int,
    model: str,
    messages: list[dict],
    max_tokens: int,
    timeout: float,
    temperature: float = 0.0,
    seed: int | None = None,
) -> dict:
    body = json.dumps(
        {
            "model": model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": True,
            **({"seed": seed} if seed is not None else {}),
        }
    ).encode()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    t0 = time.perf_counter()
    # The gateway's notices (the disclosure) are left out: they would arrive before the model's first token.
    conn.request(
        "POST",
        "/v1/chat/completions",
        body=body,
        headers={"Content-Type": "application/json", "X-Qixi-Notices": "client"},
    )
    resp = conn.getresponse()
    if resp.status != 200:
        raise RuntimeError(f"HTTP {resp.status}: {resp.read()[:500]!r}")
    first, tokens, chunks = None, 0, 0
    while True:
        line = resp.readline()
        if not line:
            break
        line = line.strip()
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            break
        chunk = json.loads(data)
        chunks += 1
        delta = (chunk.get("choices") or [{}])[0].get("delta") or {}
        if first is None and delta.get("content"):
            first = time.perf_counter()
        usage = chunk.get("usage") or {}
        tokens = max(tokens, int(usage.get("completion_tokens") or 0))
    t_end = time.perf_counter()
    conn.close()
    return {"t0": t0, "t_first": first, "t_end": t_end, "tokens": tokens or chunks}


def measure_server(
    port: int,
    model: str,
    prompts: list[list[dict]],
    batches: list[int],
    rounds: int,
    new_tokens: int,
    timeout: float,
    end: float,
) -> list[dict]:
    """Medians over `rounds` per batch size; rounds that would start after `end` (monotonic) are skipped."""
    stream_chat(port, model, prompts[0], new_tokens, timeout)  # warm-up
    results = []
    for b in batches:
        samples = []
        for r in range(rounds):
            if samples and time.monotonic() > end:
                break
            outs: list[dict | Exception] = [None] * b  # type: ignore[list-item]
            gate = threading.Barrier(b)

            def go(i: int, gate=gate, outs=outs, r=r, b=b):
                gate.wait()
                try:
                    outs[i] = stream_chat(port, model, prompts[(r * b + i) % len(prompts)], new_tokens, timeout)
                except Exception as e:  # noqa: BLE001 - reported in the results
                    outs[i] = e

            threads = [threading.Thread(target=go, args=(i,)) for i in range(b)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            errors = [o for o in outs if isinstance(o, Exception)]
            if errors:
                raise RuntimeError(f"batch {b}: {errors[0]!r}")
            t0, t_end = min(o["t0"] for o in outs), max(o["t_end"] for o in outs)
            made = sum(o["tokens"] for o in outs)
            firsts = [o["t_first"] - o["t0"] for o in outs if o["t_first"]]
            last_first = max((o["t_first"] for o in outs if o["t_first"]), default=None)
            decode = (made - b) / (t_end - last_first) if last_first and t_end > last_first else None
            samples.append(
                {
                    "ttft_s": statistics.median(firsts) if firsts else None,
                    "wall_s": t_end - t0,
                    "tokens": made,
                    "tokens_per_s": made / (t_end - t0),
                    "decode_tokens_per_s": decode,
                }
            )
        if not samples:
            break
        row = {"engine": "swift deploy", "batch": b, **summarise(samples)}
        print(f"[server] batch {b}: {row}", flush=True)
        results.append(row)
    return results


def run_server(args, plan_model: str, prompts: list[list[dict]], folder: Path, log, budget_s: float) -> dict:
    """`swift deploy` as the studio configures it (+ max_batch_size), measured, then stopped (its group)."""
    from studio.engine import deploy
    from studio.engine.export import Base
    from studio.engine.swift import write_config

    cfg = deploy.deploy_config(
        deploy.ServeSpec(
            base=Base(plan_model, "qwen2", "qwen2_5"),
            served_name="bench",
            port=deploy.free_port(8300),
            max_new_tokens=max(512, args.new_tokens),
        )
    )
    cfg["max_batch_size"] = args.max_batch_size
    argv = [sys.executable, *ts.SWIFT_MAIN, "deploy", str(write_config(folder / "deploy.yaml", cfg))]
    log_path = folder / "deploy.log"
    t0 = time.monotonic()
    with open(log_path, "ab") as fh:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=fh,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env=ts._env(),
            start_new_session=True,
        )
    out = {"config": cfg, "argv": argv}
    try:
        port = None
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"swift deploy exited with code {proc.returncode}")
            if time.monotonic() - t0 > budget_s:
                raise TimeoutError(f"swift deploy not listening after {budget_s:.0f}s")
            # ms-swift moves to the next free port when the one asked for is taken: its log says which.
            found = deploy.listening(log_path.read_bytes().decode("utf-8", "replace"))
            port = found[1] if found else None
            if port and _get(port, "/v1/models") == 200:
                break
            time.sleep(1)
        out["startup_s"] = round(time.monotonic() - t0, 1)
        log(f"swift deploy listening on {port} after {out['startup_s']}s")
        out["results"] = measure_server(
            port,
            "bench",
            prompts,
            args.batch_list,
            args.rounds,
            args.new_tokens,
            timeout=max(60.0, args.timeout),
            end=t0 + budget_s,
        )
        out["ok"] = True
    except Exception as e:  # noqa: BLE001 - recorded in the JSON
        out.update(ok=False, error=repr(e), log_tail=ts.tail(log_path, 40))
        log(f"swift deploy FAILED: {e!r}")
    finally:
        ts._stop_group(proc, grace=15)
    return out


def _get(port: int, path: str) -> int | None:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", path)
        return conn.getresponse().status
    except OSError:
        return None


# ---------------------------------------------------------------------------------------------- gateway


def sample_prompts(n: int) -> list[list[dict]]:
    rows = [
        json.loads(line) for line in (ROOT / "assets" / "sample" / "sft.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    return [[m for m in r["messages"] if m["role"] == "user"][:1] for r in rows[:n]]


def run_gateway(args, folder: Path, log) -> dict:
    """`swift deploy` on --model-dir (CPU), then two gateways in front of it (guard on / off); every round
    sends one prompt to each of the three in turn."""
    from studio.chat.gateway import GatewayConfig
    from studio.engine import deploy
    from studio.engine.export import Base
    from studio.engine.swift import write_config

    port = deploy.free_port(8300)
    cfg = deploy.deploy_config(
        deploy.ServeSpec(
            base=Base(str(args.model_dir), "qwen2", "qwen"),
            served_name="bench",
            port=port,
            max_new_tokens=max(512, args.new_tokens),
        )
    )
    argv = [sys.executable, *ts.SWIFT_MAIN, "deploy", str(write_config(folder / "deploy.yaml", cfg))]
    procs, out = [], {"config": cfg, "model": str(args.model_dir)}
    t0 = time.monotonic()
    try:
        with open(folder / "deploy.log", "ab") as fh:
            procs.append(
                subprocess.Popen(
                    argv,
                    stdin=subprocess.DEVNULL,
                    stdout=fh,
                    stderr=subprocess.STDOUT,
                    cwd=ROOT,
                    env=ts._env(),
                    start_new_session=True,
                )
            )
        targets = {"server": port}
        for name, on in (("gateway (guard on)", True), ("gateway (guard off)", False)):
            gport = deploy.free_port(port + 10 + len(targets))
            gcfg = folder / f"gateway-{'on' if on else 'off'}.json"
            GatewayConfig(upstream=f"http://127.0.0.1:{port}/v1", upstream_key="none", port=gport, guard=on).save(gcfg)
            with open(folder / f"{gcfg.stem}.log", "ab") as fh:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "studio.jobs.body", "deploy", str(gcfg)],
                        cwd=ROOT,
                        stdin=subprocess.DEVNULL,
                        stdout=fh,
                        stderr=subprocess.STDOUT,
                        env={**ts._env(), "PYTHONPATH": str(ROOT)},
                        start_new_session=True,
                    )
                )
            targets[name] = gport
        while any(_get(p, "/v1/models") != 200 for p in targets.values()):
            if any(p.poll() is not None for p in procs):
                raise RuntimeError("a server exited: " + ts.tail(folder / "deploy.log", 20))
            if time.monotonic() - t0 > args.timeout:
                raise TimeoutError("servers not up")
            time.sleep(1)
        log(f"servers up after {time.monotonic() - t0:.0f}s: {targets}")
        prompts = sample_prompts(16)
        for p in targets.values():
            stream_chat(p, "bench", prompts[0], args.new_tokens, args.timeout)  # warm-up
        samples: dict[str, list[dict]] = {k: [] for k in targets}
        for r in range(args.rounds):
            for name, p in targets.items():
                o = stream_chat(
                    p,
                    "bench",
                    prompts[r % len(prompts)],
                    args.new_tokens,
                    args.timeout,
                    temperature=args.temperature,
                    seed=r,
                )
                samples[name].append(
                    {
                        "ttft_s": (o["t_first"] - o["t0"]) if o["t_first"] else None,
                        "wall_s": o["t_end"] - o["t0"],
                        "tokens": o["tokens"],
                        "tokens_per_s": o["tokens"] / (o["t_end"] - o["t0"]),
                    }
                )
        out["results"] = [{"engine": name, "batch": 1, **summarise(v)} for name, v in samples.items()]
        base = out["results"][0]
        for row in out["results"][1:]:
            row["tokens_per_s_vs_server"] = round(row["tokens_per_s"] / base["tokens_per_s"], 4)
            if row.get("ttft_s") is not None and base.get("ttft_s") is not None:
                row["ttft_extra_ms"] = round((row["ttft_s"] - base["ttft_s"]) * 1000, 1)
        out["ok"] = True
    finally:
        for p in reversed(procs):
            ts._stop_group(p, grace=15)
    return out


# ---------------------------------------------------------------------------------------------- main


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", default="1.5b", choices=sorted(ts.SHAPES))
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--new-tokens", type=int, default=128)
    ap.add_argument("--prompt-tokens", type=int, default=256)
    ap.add_argument("--rounds", type=int, default=3, help="measured repetitions per batch size (median reported)")
    ap.add_argument("--max-batch-size", type=int, default=8, help="swift deploy's batching limit")
    ap.add_argument("--engines", default="generate,server")
    ap.add_argument("--timeout", type=float, default=240.0, help="seconds per engine")
    ap.add_argument("--deadline-min", type=float, default=4.0, help="whole run; the server gets what is left")
    ap.add_argument("--tag", default=None)
    ap.add_argument("--smoke", action="store_true", help="CPU, tiny shape, 16 new tokens")
    ap.add_argument("--work", type=Path, default=Path("/tmp/qixi-bench"))
    ap.add_argument("--results-dir", type=Path, default=BENCH / "results")
    ap.add_argument("--copy-to", type=Path, default=None)
    ap.add_argument(
        "--gateway", action="store_true", help="CPU: bare server vs the guarded gateway (needs --model-dir)"
    )
    ap.add_argument("--model-dir", type=Path, default=None, help="a model folder (the pocket model) for --gateway")
    ap.add_argument("--temperature", type=float, default=0.7, help="--gateway only: sampling, as a companion chats")
    ap.add_argument("--worker", choices=("generate",), help=argparse.SUPPRESS)
    ap.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.smoke:
        a.shape = "tiny"
        a.new_tokens = 16 if a.new_tokens == 128 else a.new_tokens
        a.prompt_tokens = 64 if a.prompt_tokens == 256 else a.prompt_tokens
        a.rounds = 1 if a.rounds == 3 else a.rounds
    a.batch_list = [int(x) for x in a.batches.split(",") if x.strip()]
    return a


def main(argv=None) -> int:
    a = parse_args(argv)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if a.worker == "generate":
        a.out.write_text(json.dumps(worker_generate(json.loads(a.spec.read_text()))))
        return 0
    from studio.core.workspace import atomic_write_json

    signal.signal(signal.SIGTERM, ts._interrupt)  # the device's time limit: the finally blocks stop the server
    t_start = time.time()

    def left() -> float:
        return a.deadline_min * 60 - (time.time() - t_start)

    def log(msg: str) -> None:
        ts._log(t_start, msg)

    if a.gateway:
        tag = a.tag or f"gateway-{time.strftime('%Y%m%d-%H%M%S')}"
        folder = a.work.resolve() / "infer" / tag
        folder.mkdir(parents=True, exist_ok=True)
        result = {
            "benchmark": "infer_speed",
            "tag": tag,
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "argv": sys.argv,
            "settings": {
                "new_tokens": a.new_tokens,
                "rounds": a.rounds,
                "temperature": a.temperature,
                "device": "cpu",
                "cores": len(__import__("os").sched_getaffinity(0)),
            },
        }
        result |= run_gateway(a, folder, log)
        result["runs"] = result.pop("results", [])
        atomic_write_json(a.results_dir / f"infer_speed-{tag}.json", result)
        print(table(result), flush=True)
        return 0
    device = "cpu" if a.smoke else "cuda"
    tag = a.tag or f"{'smoke-' if a.smoke else ''}{a.shape}-{time.strftime('%Y%m%d-%H%M%S')}"
    folder = a.work.resolve() / "infer" / tag
    folder.mkdir(parents=True, exist_ok=True)
    outs = [a.results_dir / f"infer_speed-{tag}.json"] + ([a.copy_to / f"infer_speed-{tag}.json"] if a.copy_to else [])
    result = {
        "benchmark": "infer_speed",
        "tag": tag,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "argv": sys.argv,
        "settings": {
            "shape": a.shape,
            "batches": a.batch_list,
            "new_tokens": a.new_tokens,
            "prompt_tokens": a.prompt_tokens,
            "rounds": a.rounds,
            "max_batch_size": a.max_batch_size,
            "device": device,
        },
        "runs": [],
        "complete": False,
    }

    def save():
        result["elapsed_s"] = round(time.time() - t_start, 1)
        for p in outs:
            atomic_write_json(p, result)

    # Tokenizer and model: train_speed's prep worker (cached in --work, shared with the training runs).
    spec = {
        "work": str(a.work.resolve()),
        "device": device,
        "shapes": [a.shape],
        "method": "sft",
        "seq": a.prompt_tokens + 48,
        "rows": 16,
        "lengths": "fixed",
        "t_start": t_start,
        "tokenizer_vocab": ts.TOKENIZER_VOCAB["smoke" if a.smoke else "full"],
    }
    (folder / "prep-spec.json").write_text(json.dumps(spec))
    log(f"prep: {a.shape} model and prompts")
    code, secs = ts.run_process(
        [
            sys.executable,
            str(BENCH / "train_speed.py"),
            "--worker",
            "prep",
            "--spec",
            str(folder / "prep-spec.json"),
            "--out",
            str(folder / "prep.json"),
        ],
        folder / "prep.log",
        ts._env(),
        timeout=300,
    )
    if code != 0:
        result["prep"] = {"ok": False, "log_tail": ts.tail(folder / "prep.log", 40)}
        save()
        log("prep FAILED")
        return 1
    prep = json.loads((folder / "prep.json").read_text())
    model = prep["models"][a.shape]["path"]
    result.update(prep={"ok": True, "seconds": secs}, device=prep["device"], model=model)
    from transformers import AutoTokenizer

    prompts = build_prompts(AutoTokenizer.from_pretrained(model), 16, a.prompt_tokens)
    (folder / "prompts.json").write_text(json.dumps(prompts, ensure_ascii=False))

    engines = [e.strip() for e in a.engines.split(",") if e.strip()]
    if "generate" in engines:
        log("transformers generate")
        gspec = {
            "model": model,
            "device": device,
            "prompts": str(folder / "prompts.json"),
            "new_tokens": a.new_tokens,
            "batches": a.batch_list,
            "rounds": a.rounds,
        }
        (folder / "generate-spec.json").write_text(json.dumps(gspec))
        code, secs = ts.run_process(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                "generate",
                "--spec",
                str(folder / "generate-spec.json"),
                "--out",
                str(folder / "generate.json"),
            ],
            folder / "generate.log",
            ts._env(),
            timeout=min(a.timeout, max(10.0, left())),
        )
        if code == 0:
            result["runs"] += json.loads((folder / "generate.json").read_text())["results"]
        else:
            result["generate_error"] = {"exit_code": code, "log_tail": ts.tail(folder / "generate.log", 40)}
            log(f"generate FAILED (exit {code})")
        save()
    if "server" in engines and left() < 45:
        result["server"] = {"ok": False, "error": f"time budget: {left():.0f}s left"}
        log(f"swift deploy skipped: {left():.0f}s left")
    elif "server" in engines:
        log("swift deploy")
        server = run_server(a, model, prompts, folder, log, budget_s=min(a.timeout, left() - 20))
        result["runs"] += server.pop("results", [])
        result["server"] = server
        save()
    result["complete"] = True
    save()
    print(table(result), flush=True)
    for p in outs:
        log(f"wrote {p}")
    ok = bool(result["runs"]) and "generate_error" not in result and result.get("server", {}).get("ok", True)
    return 0 if ok else 1


def table(result: dict) -> str:
    cols = (
        ("engine", "{}"),
        ("batch", "{}"),
        ("ttft_s", "{:.3f}"),
        ("tokens_per_s", "{:.1f}"),
        ("decode_tokens_per_s", "{:.1f}"),
        ("wall_s", "{:.2f}"),
    )
    lines = ["| " + " | ".join(c for c, _ in cols) + " |", "|" + "|".join(" --- " for _ in cols) + "|"]
    for r in result["runs"]:
        lines.append("| " + " | ".join("–" if r.get(c) is None else f.format(r[c]) for c, f in cols) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
