"""The real-GPU path end to end, every step through the `qixi` CLI the buttons call (issue 18):
QLoRA SFT on the bundled sample -> DPO on the sample pairs -> merge -> 4-bit AWQ / GPTQ / bitsandbytes ->
each exported model answers `qixi chat` -> `qixi deploy start` answers the `openai` client with an adapter
served by name. Random-initialised weights of a real Qwen2.5 shape (train_speed.py's builder); sizes and
the time of each step go to results/gpu_chain-<tag>.json. A step that fails or is refused is recorded
(with the studio's own sentence) and the chain goes on where it can.

python3 benchmarks/gpu_chain.py --shape 1.5b --tag chain-h100 [--copy-to DIR]
python3 benchmarks/gpu_chain.py --size-only --shape 7b --methods bnb   # sizes of a base quantized as is
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import train_speed as ts  # noqa: E402 - the random-model and tokenizer builders live there

SYSTEM = "你是小七，一个温柔体贴的伴侣。"
PROMPT = "今天加班到很晚，好累呀"


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def qixi(ws: Path, *args: str, timeout: float = 900, env: dict | None = None) -> dict:
    """One `qixi ... --json` command; its JSON (or what it printed) with exit code and seconds."""
    t0 = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "studio.cli", "--workspace", str(ws), "--lang", "en", *args, "--json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "MODELSCOPE_OFFLINE": "1", "HF_HUB_OFFLINE": "1", **(env or {})},
        )
    except subprocess.TimeoutExpired:
        return {
            "ok": False,
            "error": f"timed out after {timeout:.0f}s",
            "exit_code": None,
            "seconds": round(time.monotonic() - t0, 1),
        }
    try:
        out = json.loads(proc.stdout[proc.stdout.index("{") :])
    except ValueError:
        out = {"ok": False, "stdout_tail": proc.stdout[-1500:]}
    out["exit_code"] = proc.returncode
    out["seconds"] = round(time.monotonic() - t0, 1)
    if proc.returncode:
        out["stderr_tail"] = proc.stderr[-1500:]
    return out


def job_log(out: dict, lines: int = 40) -> list[str]:
    """The end of a job's own log, kept for failures: the machine is gone afterwards."""
    run_dir = out.get("run_dir") or (
        (out.get("job") or {}).get("run_dir") if isinstance(out.get("job"), dict) else None
    )
    log = Path(run_dir) / "run.log" if run_dir else None
    if log is None or not log.is_file():
        return []
    text = log.read_bytes()[-40000:].decode("utf-8", "replace")
    return [x[-400:] for x in text.splitlines()[-lines:]]


def config_facts(folder: Path) -> dict:
    try:
        cfg = json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    q = cfg.get("quantization_config") or {}
    return {
        "dtype": cfg.get("torch_dtype") or cfg.get("dtype"),
        "quant_method": q.get("quant_method"),
        "bits": q.get("bits") or q.get("w_bit") or (4 if q.get("load_in_4bit") else None),
        "backend": q.get("backend"),
    }


def fork_workspace(src: Path, dest: Path) -> Path:
    """A second workspace with the same database, datasets, runs and models: weights hard-linked (read
    only from here on; a new job writes new files), everything else copied, the SQLite files included."""

    def link_or_copy(a: str, b: str) -> None:
        if a.endswith((".safetensors", ".bin")):
            os.link(a, b)
        else:
            shutil.copy2(a, b)

    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(src, dest, copy_function=link_or_copy, symlinks=True)
    return Path(dest)  # a str here made each branch's chat and logprob check fail (H100, 2026-12-07)


class Chain:
    def __init__(self, a: argparse.Namespace):
        self.a = a
        self.t0 = time.monotonic()
        self.work = a.work
        self.ws = a.work / f"ws-{a.tag}"
        self.result: dict = {"tag": a.tag, "shape": a.shape, "steps": {}, "sizes": {}, "chat": {}}
        self.lock = threading.RLock()  # the parallel export branches write into one result
        self.out_path = a.results_dir / f"gpu_chain-{a.tag}.json"
        self.builds = self.start_kernel_builds(a.kernels)

    def start_kernel_builds(self, names: list[str]) -> dict:
        """gptqmodel compiles its CUDA kernels on first use (Marlin fp16 alone took 206 s on a fresh H100): one
        background process per kernel from the first second, so the builds overlap training instead of
        stalling the first AWQ / GPTQ export or chat. gptqmodel holds a per-kernel file lock while it builds,
        so a step that needs a kernel still being built waits for that build instead of starting a second."""
        builds = {}
        for name in names:
            out = self.work / "kernels" / f"{name}.json"
            out.unlink(missing_ok=True)
            out.parent.mkdir(parents=True, exist_ok=True)
            with open(out.with_suffix(".log"), "wb") as log:  # the child keeps its own copy of the handle
                proc = subprocess.Popen(  # niced: the chain's own processes come first on the CPUs
                    ["nice", "-n", "15", sys.executable, str(BENCH / "gptq_kernels.py"), "--out", str(out), name],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=ROOT,
                )
            builds[name] = (proc, out)
        return builds

    def kernel_results(self) -> dict:
        rows = {}
        for name, (proc, out) in self.builds.items():
            row = json.loads(out.read_text(encoding="utf-8")).get(name, {}) if out.is_file() else {}
            row["running"] = proc.poll() is None
            if not row["running"]:
                row["exit_code"] = proc.returncode
            rows[name] = row
        return rows

    def log(self, msg: str) -> None:
        print(f"[{time.monotonic() - self.t0:6.1f}s] {msg}", flush=True)

    def save(self) -> None:
        with self.lock:
            self.result["total_s"] = round(time.monotonic() - self.t0, 1)
            if self.builds:
                self.result["kernel_builds"] = self.kernel_results()
            # what the same steps take one after another, as a person clicking through them waits
            r = self.result
            dep = r.get("deploy") or {}
            r["sequential_s"] = round(
                sum(v.get("seconds") or 0 for v in (*r["steps"].values(), *r["chat"].values()))
                + (dep.get("start_s") or 0)
                + (dep.get("request_s") or 0),
                1,
            )
            text = json.dumps(self.result, indent=2, ensure_ascii=False, default=str) + "\n"
            self.out_path.parent.mkdir(parents=True, exist_ok=True)
            self.out_path.write_text(text)
            if self.a.copy_to:
                shutil.copy(self.out_path, self.a.copy_to)

    def put(self, section: str, name: str, row) -> None:
        with self.lock:
            self.result[section][name] = row
            self.save()

    def step(self, name: str, out: dict, keep=("id", "status", "reason", "error", "error_en", "meta", "run_dir")):
        row = {k: out.get(k) for k in keep if out.get(k) is not None}
        row.update(seconds=out.get("seconds"), exit_code=out.get("exit_code"))
        ok = out.get("exit_code") == 0 and out.get("status", "succeeded") == "succeeded"
        row["ok"] = ok
        if not ok or name.startswith("quantize"):  # an export's own log says where its minutes went
            row["log_tail"] = job_log(out)
        if not ok:
            for k in ("stderr_tail", "stdout_tail"):
                if out.get(k):
                    row[k] = out[k]
        self.put("steps", name, row)
        self.log(
            f"{name}: {'ok' if ok else 'FAILED'} in {out.get('seconds')}s "
            f"{'' if ok else (out.get('error') or out.get('reason') or '')}"
        )
        return ok

    def build_base(self) -> Path:
        t = time.monotonic()
        tok = ts.ensure_tokenizer(self.work / "tokenizer-8000", 8000)
        info = ts.ensure_model(
            ts.SHAPES[self.a.shape], self.work / "models" / f"qwen2.5-{self.a.shape}", tok, "cuda", self.log
        )
        base = Path(info["path"])
        self.result["device"] = ts.device_info("cuda")
        self.result["steps"]["build"] = {
            "ok": True,
            "seconds": round(time.monotonic() - t, 1),
            "cached": info.get("cached"),
        }
        self.result["sizes"]["base"] = {"bytes": folder_bytes(base), **config_facts(base)}
        self.save()
        return base

    def quantize(self, model_ref: str, methods: list[str], ws: Path | None = None) -> dict:
        made = {}
        for m in methods:
            out = qixi(
                ws or self.ws,
                "export",
                "quantize",
                "--model",
                model_ref,
                "--method",
                m,
                "--bits",
                "4",
                "--calibration-samples",
                str(self.a.calibration_samples),
                "--name",
                f"chain-{m}-int4",
                "--wait",
            )
            if self.step(f"quantize_{m}", out):
                dest = Path(out["meta"]["dest"])
                made[m] = dest
                self.put("sizes", f"{m}_int4", {"bytes": folder_bytes(dest), **config_facts(dest)})
        return made

    def chat(self, name: str, model_ref: str, ws: Path | None = None, port: int = 8000) -> None:
        ws = ws or self.ws
        out = qixi(
            ws,
            "chat",
            "--model",
            model_ref,
            "--system",
            SYSTEM,
            "--max-tokens",
            "16",
            "--temperature",
            "0",
            PROMPT,
            timeout=400,
            # Each workspace looks for a free chat port on its own: two branches chatting at once both found
            # 8001 free and the second was told the port is in use (H100, 2026-12-07), so each has its own.
            env={"QIXI_CHAT_PORT": str(port)},
        )
        reply = out.get("reply")
        ok = out.get("exit_code") == 0 and isinstance(reply, str) and bool(reply.strip())
        row = {
            "ok": ok,
            "seconds": out.get("seconds"),
            "reply": reply,
            "error": out.get("error_en") or out.get("error"),
            **({} if ok else {"stderr_tail": out.get("stderr_tail"), "stdout_tail": out.get("stdout_tail")}),
        }
        if not ok:
            row["server_log_tail"] = self.last_deploy_log(ws)
        # gptqmodel names the kernel it picked for a GPTQ / AWQ model in the server's log
        picked = [x.strip() for x in self.last_deploy_log(ws, 4000) if "Kernel: selected" in x]
        if picked:
            row["kernel"] = picked[-1][-160:]
        self.put("chat", name, row)
        self.log(f"chat {name}: {'ok' if ok else 'FAILED'} in {out.get('seconds')}s {reply!r:.60}")

    @staticmethod
    def last_deploy_log(ws: Path, lines: int = 40) -> list[str]:
        """The newest deploy job's own log: `qixi chat` reports only that its short-lived server failed."""
        logs = sorted((ws / "runs").glob("*deploy*/run.log"), key=lambda p: p.stat().st_mtime)
        if not logs:
            return []
        return [x[-400:] for x in logs[-1].read_bytes()[-40000:].decode("utf-8", "replace").splitlines()[-lines:]]

    def awq_native(self, folder: Path) -> None:
        """Loads an AWQ export with AutoAWQ's own loader and generates: the file is a valid AWQ model even
        where transformers cannot load it (transformers 5 loads AWQ only through gptqmodel)."""
        code = (
            "import sys,torch\nfrom awq import AutoAWQForCausalLM\nfrom transformers import AutoTokenizer\n"
            "p=sys.argv[1]\nm=AutoAWQForCausalLM.from_quantized(p,fuse_layers=False)\n"
            "t=AutoTokenizer.from_pretrained(p)\n"
            "ids=t.apply_chat_template([{'role':'user','content':sys.argv[2]}],add_generation_prompt=True,"
            "return_tensors='pt',return_dict=True)['input_ids'].cuda()\n"
            "o=m.generate(input_ids=ids,max_new_tokens=16,do_sample=False)\n"
            "print('REPLY:'+t.decode(o[0][ids.shape[1]:],skip_special_tokens=True))\n"
        )
        t = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-c", code, str(folder), PROMPT], capture_output=True, text=True, timeout=300
        )
        reply = next((x[6:] for x in proc.stdout.splitlines() if x.startswith("REPLY:")), None)
        row = {
            "ok": proc.returncode == 0 and bool(reply),
            "reply": reply,
            "seconds": round(time.monotonic() - t, 1),
            **({} if proc.returncode == 0 else {"stderr_tail": proc.stderr[-2000:]}),
        }
        self.put("chat", "awq_int4_autoawq", row)
        self.log(f"autoawq load+generate: rc {proc.returncode} {reply!r:.60}")

    def deploy(self, dpo_run: str, ws: Path | None = None) -> None:
        """`qixi deploy start` over the DPO run (its base plus its adapter), the openai client asks the adapter
        by its served name, then `qixi deploy stop`."""
        from openai import OpenAI

        ws = ws or self.ws
        out = qixi(ws, "deploy", "start", "--model", dpo_run, "--max-new-tokens", "32", "--wait", timeout=400)
        row = {"start_s": out.get("seconds"), "models": out.get("models"), "base_url": out.get("base_url"), "ok": False}
        try:
            if out.get("exit_code") != 0 or not out.get("base_url"):
                row.update(
                    error=out.get("error_en") or out.get("error"),
                    stderr_tail=out.get("stderr_tail"),
                    log_tail=job_log(out),
                )
                return
            client = OpenAI(base_url=out["base_url"], api_key=out.get("api_key") or "EMPTY", timeout=120)
            listed = [m.id for m in client.models.list().data]
            adapter = next((m for m in listed[1:] if m), None)
            msgs = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": PROMPT}]
            t = time.monotonic()
            r = client.chat.completions.create(model=adapter, max_tokens=16, temperature=0, messages=msgs)
            row.update(
                listed=listed,
                adapter=adapter,
                answer_model=r.model,
                reply=r.choices[0].message.content,
                completion_tokens=r.usage.completion_tokens,
                request_s=round(time.monotonic() - t, 2),
                ok=bool(adapter) and r.usage.completion_tokens > 0,
            )
            # ms-swift names the base in every answer's `model`; that the adapter was applied shows in the
            # reply: greedy decoding of the trained adapter and of the random base differ.
            base = client.chat.completions.create(model=listed[0], max_tokens=16, temperature=0, messages=msgs)
            row["base_reply"] = base.choices[0].message.content
            row["upstream"] = self.upstream_logprobs(ws, out.get("id"), listed[0], adapter, msgs)
        except Exception as e:  # noqa: BLE001 - recorded; the server is stopped below either way
            row["error"] = repr(e)
        finally:
            stop = qixi(ws, "deploy", "stop")
            row["stop"] = {"status": stop.get("status"), "exit_code": stop.get("exit_code")}
            with self.lock:
                self.result["deploy"] = row
                self.save()
            self.log(f"deploy: {'ok' if row['ok'] else 'FAILED'} {row.get('adapter')} {row.get('reply')!r:.60}")

    def export_branch(self, ref: str, methods: list[str], ws: Path, chat_merged: bool = False, port: int = 8000):
        """Exports `ref` with each method in `ws`, and each export answers `qixi chat` (AWQ also AutoAWQ's);
        `port`: where this branch's chat servers look for a free port."""
        if chat_merged:
            self.chat("merged", ref, ws, port)
        for m in methods:
            for q in self.quantize(ref, [m], ws).values():
                self.chat(f"{m}_int4", str(q.relative_to(ws)), ws, port)
                if m == "awq":
                    self.awq_native(q)

    def merge_branch(self, run_id: str, methods: list[str], ws: Path, port: int = 8000) -> None:
        """Merge the run into its base, the merged model answers, then its exports with `methods`."""
        merged = qixi(ws, "export", "merge", "--run", run_id, "--name", "chain-merged", "--wait")
        if self.step("merge", merged):
            dest = Path(merged["meta"]["dest"])
            self.put("sizes", "merged", {"bytes": folder_bytes(dest), **config_facts(dest)})
            self.export_branch(str(dest.relative_to(ws)), methods, ws, chat_merged=True, port=port)

    def fan_out(self, run_id: str) -> None:
        """Everything after DPO at once (--parallel-exports). The studio runs one GPU job at a time in a
        workspace, so one after another the rest took ~11 minutes on the 1.5B shape (H100, 2026-12-07): more
        than one device command. Here each branch has a copy of the workspace (same datasets, runs and models;
        weights hard-linked) and its own chat ports: the merge with its chat and the bitsandbytes export; the
        server with the adapter by name; AWQ; GPTQ. AWQ and GPTQ quantize the DPO run itself, which the export
        merges first (what `qixi export quantize --model RUN` does for a person), so they need not wait for
        the merge branch. Every step still goes through the `qixi` CLI, and `sequential_s` adds the steps up
        as a person doing them one after another would wait."""
        quant = [m for m in self.a.methods if m in ("awq", "gptq")]
        branches = [(self.merge_branch, (run_id, [m for m in self.a.methods if m not in quant], self.ws, 8100))]
        branches.append((self.deploy, (run_id, fork_workspace(self.ws, f"{self.ws}-deploy"))))  # from 8000
        for i, m in enumerate(quant, 2):
            branches.append(
                (self.export_branch, (run_id, [m], fork_workspace(self.ws, f"{self.ws}-{m}"), False, 8000 + 100 * i))
            )
        threads = [threading.Thread(target=f, args=args) for f, args in branches]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def learned(self, name: str, run_id: str) -> None:
        """Did training move the adapter? LoRA's B matrices start at zero, so the largest |B| of the last
        checkpoint is 0 exactly when no update reached them (so it was on 2026-12-06, H100); with the first
        and last logged loss."""
        from safetensors.torch import load_file

        row: dict = {}
        try:
            run = next((self.ws / "runs").glob(f"*{run_id}"))
            ckpts = sorted(run.rglob("adapter_model.safetensors"), key=lambda f: f.stat().st_mtime)
            w = load_file(str(ckpts[-1]))
            row["max_abs_lora_B"] = max(float(v.float().abs().max()) for k, v in w.items() if "lora_B" in k)
            logs = [json.loads(x) for f in run.rglob("logging.jsonl") for x in f.read_text().splitlines() if x.strip()]
            losses = [d["loss"] for d in logs if isinstance(d.get("loss"), (int, float))]
            row.update(
                first_loss=losses[0] if losses else None,
                last_loss=losses[-1] if losses else None,
                steps_logged=len(losses),
            )
        except Exception as e:  # noqa: BLE001 - recorded; the test reads it
            row["error"] = repr(e)[:400]
        self.result.setdefault("learned", {})[name] = row
        self.log(f"learned {name}: {row}")
        self.save()

    def upstream_logprobs(self, ws: Path, dep_id: str | None, base: str, adapter: str | None, msgs: list) -> dict:
        """Whether the adapter was applied, asked of ms-swift itself behind the gateway (which passes no
        logprobs on): 30 LoRA steps on a random 1.5B leave the greedy tokens as the base's (2026-12-06 run),
        but not their log-probabilities. The base asked twice is the control: same tokens, same numbers."""
        from openai import OpenAI

        try:
            from studio.engine import swift

            job = ws / "runs" / str(dep_id)
            gw = json.loads((job / "gateway.json").read_text(encoding="utf-8"))
            port = swift.read_config(job / "config.yaml")["port"]  # written when the job started
            client = OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key=gw["upstream_key"], timeout=120)

            def ask(model: str) -> list[tuple[str, float]]:
                r = client.chat.completions.create(
                    model=model, max_tokens=16, temperature=0, messages=msgs, logprobs=True
                )
                return [(t.token, t.logprob) for t in r.choices[0].logprobs.content]

            b1, b2, ad = ask(base), ask(base), ask(adapter)
            n = min(len(b1), len(ad))
            return {
                "tokens_same": [t for t, _ in b1] == [t for t, _ in ad],
                "n": n,
                "base_repeat_max_diff": max(abs(x[1] - y[1]) for x, y in zip(b1, b2)),
                "adapter_max_diff": max(abs(x[1] - y[1]) for x, y in zip(b1[:n], ad[:n])),
                "base_logprobs": [round(x[1], 5) for x in b1],
                "adapter_logprobs": [round(x[1], 5) for x in ad],
            }
        except Exception as e:  # noqa: BLE001 - recorded; the test reads it
            return {"error": repr(e)[:600]}

    def run(self) -> int:
        a = self.a
        shutil.rmtree(self.ws, ignore_errors=True)
        base = self.build_base()
        if a.size_only:
            # The registry knows folders inside the workspace: hard links put the base there for free.
            inside = self.ws / "models" / base.name
            inside.mkdir(parents=True)
            for f in base.iterdir():
                if f.is_file():
                    os.link(f, inside / f.name)
            (inside / "model.json").write_text(
                json.dumps({"kind": "base", "name": base.name, "model_type": "qwen2", "template": "qwen"}),
                encoding="utf-8",
            )
            self.quantize(base.name, a.methods)
            return 0
        sets = qixi(self.ws, "data", "sample")
        ids = {d["kind"]: d["id"] for d in sets.get("datasets", [])}
        if not self.step("data_sample", sets, keep=()) or set(ids) != {"sft", "pairs"}:
            return 1
        sft = qixi(
            self.ws,
            "train",
            "sft",
            "--model",
            str(base),
            "--dataset",
            ids["sft"],
            "--tuner",
            "qlora",
            "--max-steps",
            str(a.sft_steps),
            "--wait",
        )
        self.result["sft_plan"] = {k: sft.get(k) for k in ("preset", "plan", "warnings")}
        if not self.step("sft", sft):
            return 1
        self.learned("sft", sft["id"])
        if a.quantize_run:  # the SFT run itself, merged inside each export: AWQ and GPTQ in one command
            if a.serve:
                self.deploy(sft["id"])
            for m in a.methods:  # each answers before the next export, so a cut-off command keeps it
                for q in self.quantize(sft["id"], [m]).values():
                    if a.serve:
                        self.chat(f"{m}_int4", str(q.relative_to(self.ws)))
                    if m == "awq" and a.serve:
                        self.awq_native(q)
            return 0
        dpo = qixi(
            self.ws,
            "train",
            "align",
            "--method",
            "dpo",
            "--from",
            sft["id"],
            "--dataset",
            ids["pairs"],
            "--max-steps",
            str(a.dpo_steps),
            "--wait",
        )
        if not self.step("dpo", dpo):
            return 1
        self.learned("dpo", dpo["id"])
        if a.parallel_exports:
            self.fan_out(dpo["id"])
            return 0
        self.deploy(dpo["id"])
        self.merge_branch(dpo["id"], a.methods, self.ws)
        return 0


def parse_args(argv=None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shape", default="1.5b", choices=sorted(ts.SHAPES))
    ap.add_argument("--methods", default="bnb,awq,gptq", help="4-bit methods to export, in this order")
    ap.add_argument("--sft-steps", type=int, default=20)
    ap.add_argument("--dpo-steps", type=int, default=10)
    ap.add_argument("--size-only", action="store_true", help="quantize the random base as is; no training")
    ap.add_argument(
        "--quantize-run",
        action="store_true",
        help="serve and quantize the SFT run (merged in each export); no DPO or merge",
    )
    ap.add_argument(
        "--no-serve", dest="serve", action="store_false", help="with --quantize-run: sizes only, no server or chat"
    )
    ap.add_argument(
        "--calibration-samples",
        type=int,
        default=128,
        help="AWQ / GPTQ calibration samples (the size does not depend on them)",
    )
    ap.add_argument(
        "--kernels",
        default="",
        help="gptqmodel kernels to build in the background from the start (gptq_kernels.py), e.g. "
        "marlin_bf16,marlin_fp16,exllamav2,awq",
    )
    ap.add_argument(
        "--parallel-exports",
        action="store_true",
        help="after DPO: the merge, the server, AWQ and GPTQ side by side, each in a copy of the workspace",
    )
    ap.add_argument("--tag", default="chain")
    ap.add_argument("--work", type=Path, default=Path("/tmp/qixi-bench"))
    ap.add_argument("--results-dir", type=Path, default=BENCH / "results")
    ap.add_argument("--copy-to", type=Path, default=None)
    a = ap.parse_args(argv)
    a.methods = [m for m in a.methods.split(",") if m]
    a.kernels = [k for k in a.kernels.split(",") if k]
    return a


def main(argv=None) -> int:
    chain = Chain(parse_args(argv))
    try:
        return chain.run()
    finally:
        chain.save()
        r = chain.result
        print(
            json.dumps(
                {
                    "total_s": r.get("total_s"),
                    "sizes": r["sizes"],
                    "steps": {k: (v.get("ok"), v.get("seconds")) for k, v in r["steps"].items()},
                    "chat": {k: (v["ok"], v.get("reply")) for k, v in r["chat"].items()},
                    "deploy": {k: (r.get("deploy") or {}).get(k) for k in ("ok", "adapter", "reply")},
                },
                indent=1,
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    sys.exit(main())
