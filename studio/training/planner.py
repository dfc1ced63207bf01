"""Memory planner: peak GPU memory of a LoRA/QLoRA run, from arithmetic only (no torch).

peak = weights at their precision
     + LoRA weights, gradients and Adam state
     + activations kept for the backward pass (batch × length, less with gradient checkpointing)
     + logits (the vocabulary is large: often the biggest single tensor)
     + the reference forward of DPO/KTO (no gradients) and the doubled batch of pair methods
     + CUDA context and allocator slack

Every constant is in `Calibration` so that measurements on real GPUs can correct them in one place
(the lead calibrates on the GPU machine: see `calibrate_from`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from studio.training import methods as M

GIB = 1024**3


@dataclass(frozen=True)
class Calibration:
    # bytes per parameter of the frozen base weights
    bytes_bf16: float = 2.0
    bytes_fp32: float = 4.0
    bytes_nf4: float = 0.516  # 4 bits + double-quantised absmax constants (~0.127 bit/param)
    # trainable LoRA params: fp32 weight + fp32 grad + Adam m and v
    bytes_per_trainable: float = 16.0
    # Activations kept per token per layer, in units of hidden (h) and intermediate (i) elements: norms,
    # attention in/out, residuals, LoRA inputs (h); gate, up, act(gate)*up, down input (i). Fitted to
    # the H200 runs (benchmarks/results: 0.5B/1.5B/7B at micro-batch 16 without checkpointing came out
    # 1.13x the first count of 14 h + 4 i; see tests/unit/test_planner.py for every run and its error).
    act_h_per_layer: float = 15.9
    act_i_per_layer: float = 4.5
    # Liger's fused SwiGLU recomputes act(gate)*up in the backward instead of keeping it.
    act_i_liger: float = 3.4
    act_h_checkpointed: float = 1.15  # with gradient checkpointing: one hidden state per layer ...
    # ... plus one layer recomputed in full at a time (the act_* terms once)
    # Pair methods (TRL's concatenated chosen + rejected forward) kept 0.74x SFT's activations per token
    # on the H200 (7B, micro-batch 8 pairs, with and without checkpointing).
    act_pairs: float = 0.74
    # Logits per token per vocab entry at the peak. SFT: bf16 logits + what the loss keeps for the
    # backward (measured ~5 bytes); pair methods (TRL) take log-probs row by row: ~3.2 bytes.
    logits_bytes: float = 5.0
    logits_bytes_fp32: float = 12.0
    logits_bytes_pairs: float = 3.2
    # Liger's fused linear + cross-entropy (SFT only) never holds the full logits: it takes a chunk of
    # ~tokens*hidden/vocab tokens at a time, so its fp32 logits and their gradient are ~tokens*hidden*8 bytes.
    liger_bytes_per_hidden: float = 10.0
    # The reference (DPO/KTO) forward runs without gradients before the policy's and its logits are
    # reduced to log-probs at once: nothing of it was left at the measured peaks.
    ref_logits_bytes: float = 0.0
    cuda_context_gib: float = 0.8  # CUDA context + cuBLAS workspace + kernels
    fragmentation: float = 1.10  # the caching allocator never packs perfectly
    cpu_overhead_gib: float = 1.5  # Python + torch + ms-swift in RAM when training on a CPU


DEFAULT = Calibration()


def _method(plan: Plan) -> M.Method:
    """The plan's method (studio.training.methods: sequences per sample, reference model); SFT's costs if unknown."""
    return M.REGISTRY.get(plan.method) or M.REGISTRY["sft"]


@dataclass(frozen=True)
class Arch:
    layers: int
    hidden: int
    intermediate: int
    heads: int
    kv_heads: int
    vocab: int
    tied: bool = True
    head_dim: int | None = None
    params_b: float | None = None  # known total (else computed)

    @classmethod
    def from_dict(cls, d: dict, params_b: float | None = None) -> Arch:
        return cls(
            layers=int(d["layers"]),
            hidden=int(d["hidden"]),
            intermediate=int(d["intermediate"]),
            heads=int(d["heads"]),
            kv_heads=int(d.get("kv_heads") or d["heads"]),
            vocab=int(d["vocab"]),
            tied=bool(d.get("tied", True)),
            head_dim=d.get("head_dim"),
            params_b=params_b,
        )

    @classmethod
    def from_hf_config(cls, cfg: dict) -> Arch | None:
        """From a model folder's config.json (Llama/Qwen-like names); None when it lacks them."""
        c = cfg.get("text_config") or cfg
        try:
            return cls(
                layers=int(c["num_hidden_layers"]),
                hidden=int(c["hidden_size"]),
                intermediate=int(c.get("intermediate_size") or 4 * c["hidden_size"]),
                heads=int(c["num_attention_heads"]),
                kv_heads=int(c.get("num_key_value_heads") or c["num_attention_heads"]),
                vocab=int(c["vocab_size"]),
                tied=bool(c.get("tie_word_embeddings", False)),
                head_dim=c.get("head_dim"),
            )
        except (KeyError, TypeError, ValueError):
            return None

    @property
    def hd(self) -> int:
        return int(self.head_dim or self.hidden // self.heads)

    def linear_shapes(self) -> dict[str, tuple[int, int]]:
        """(in, out) of each linear layer in one decoder block."""
        h, i, q, kv = self.hidden, self.intermediate, self.heads * self.hd, self.kv_heads * self.hd
        return {
            "q_proj": (h, q),
            "k_proj": (h, kv),
            "v_proj": (h, kv),
            "o_proj": (q, h),
            "gate_proj": (h, i),
            "up_proj": (h, i),
            "down_proj": (i, h),
        }

    @property
    def embedding_params(self) -> int:
        return self.vocab * self.hidden * (1 if self.tied else 2)

    @property
    def block_params(self) -> int:
        return self.layers * sum(a * b for a, b in self.linear_shapes().values())

    @property
    def params(self) -> int:
        if self.params_b:
            return int(self.params_b * 1e9)
        return self.embedding_params + self.block_params


@dataclass(frozen=True)
class Plan:
    """What to estimate: the settings that move memory."""

    method: str = "sft"
    tuner: str = "lora"  # lora | qlora
    dtype: str = "bfloat16"  # bfloat16 | float16 | float32 (auto resolved by the caller)
    lora_rank: int = 8
    target_modules: str = "all-linear"  # all-linear | qv
    batch_size: int = 1
    max_length: int = 1024
    gradient_checkpointing: bool = True
    n_gpus: int = 1
    deepspeed: str = "none"  # none | zero2 | zero3
    device: str = "cuda"  # cuda | cpu
    liger: bool = False  # Liger kernels (fused norm, SwiGLU, rope, linear + cross-entropy)


@dataclass(frozen=True)
class Estimate:
    weights_gib: float
    lora_gib: float
    activations_gib: float
    logits_gib: float
    reference_gib: float
    overhead_gib: float
    lora_params: int

    @property
    def total_gib(self) -> float:
        return (
            self.weights_gib
            + self.lora_gib
            + self.activations_gib
            + self.logits_gib
            + self.reference_gib
            + self.overhead_gib
        )

    def to_dict(self) -> dict:
        return {
            "weights_gib": round(self.weights_gib, 2),
            "lora_gib": round(self.lora_gib, 2),
            "activations_gib": round(self.activations_gib, 2),
            "logits_gib": round(self.logits_gib, 2),
            "reference_gib": round(self.reference_gib, 2),
            "overhead_gib": round(self.overhead_gib, 2),
            "total_gib": round(self.total_gib, 2),
            "lora_params": self.lora_params,
        }


def lora_params(arch: Arch, rank: int, target: str) -> int:
    shapes = arch.linear_shapes()
    names = ("q_proj", "v_proj") if target == "qv" else tuple(shapes)
    return arch.layers * sum(rank * (shapes[n][0] + shapes[n][1]) for n in names)


def estimate(arch: Arch, plan: Plan, cal: Calibration = DEFAULT) -> Estimate:
    act_bytes = cal.bytes_fp32 if plan.dtype == "float32" else cal.bytes_bf16
    # Frozen weights: QLoRA quantises the decoder's linear layers; embeddings and lm_head stay 16-bit.
    if plan.tuner == "qlora":
        weights = arch.block_params * cal.bytes_nf4 + arch.embedding_params * cal.bytes_bf16
        if arch.params_b:  # norms and anything our shapes miss, at 16 bits
            weights += max(0, arch.params - arch.block_params - arch.embedding_params) * cal.bytes_bf16
    else:
        weights = arch.params * act_bytes
    if plan.deepspeed == "zero3" and plan.n_gpus > 1:
        weights /= plan.n_gpus
    n_lora = lora_params(arch, plan.lora_rank, plan.target_modules)
    lora = n_lora * cal.bytes_per_trainable
    if plan.deepspeed in ("zero2", "zero3") and plan.n_gpus > 1:
        lora = n_lora * (cal.bytes_fp32 + (cal.bytes_per_trainable - cal.bytes_fp32) / plan.n_gpus)

    method = _method(plan)
    tokens = plan.batch_size * plan.max_length * method.seqs_per_sample
    act_i = cal.act_i_liger if plan.liger else cal.act_i_per_layer
    full_layer = (cal.act_h_per_layer * arch.hidden + act_i * arch.intermediate) * act_bytes
    if method.concatenated:
        full_layer *= cal.act_pairs
    if plan.gradient_checkpointing:
        per_token = cal.act_h_checkpointed * arch.hidden * act_bytes * arch.layers + full_layer
    else:
        per_token = full_layer * arch.layers
    activations = tokens * per_token
    if plan.dtype == "float32":
        per_logit = cal.logits_bytes_fp32
    else:
        per_logit = cal.logits_bytes if plan.method == "sft" else cal.logits_bytes_pairs
    logits = tokens * arch.vocab * per_logit
    if plan.liger and plan.method == "sft" and plan.device == "cuda":
        logits = tokens * arch.hidden * cal.liger_bytes_per_hidden
    reference = tokens * arch.vocab * cal.ref_logits_bytes if method.reference else 0.0

    overhead = cal.cuda_context_gib * GIB if plan.device == "cuda" else cal.cpu_overhead_gib * GIB
    subtotal = weights + lora + activations + logits + reference
    overhead += subtotal * (cal.fragmentation - 1.0)
    return Estimate(weights / GIB, lora / GIB, activations / GIB, logits / GIB, reference / GIB, overhead / GIB, n_lora)


@dataclass(frozen=True)
class Fit:
    estimate: Estimate
    available_gib: float | None

    @property
    def fits(self) -> bool | None:
        return None if self.available_gib is None else self.estimate.total_gib <= self.available_gib

    @property
    def headroom_gib(self) -> float | None:
        return None if self.available_gib is None else self.available_gib - self.estimate.total_gib


def check(arch: Arch, plan: Plan, available_gib: float | None, cal: Calibration = DEFAULT) -> Fit:
    return Fit(estimate(arch, plan, cal), available_gib)


@dataclass(frozen=True)
class Shrink:
    """One change that makes a run fit, in our settings' names."""

    changes: dict
    estimate: Estimate


def shrink_to_fit(
    arch: Arch, plan: Plan, available_gib: float, cal: Calibration = DEFAULT, cuda: bool = True
) -> Shrink | None:
    """The mildest combination of changes that fits: gradient checkpointing, then a smaller batch,
    then QLoRA (CUDA only), then a shorter max length (never below 256). None if nothing fits."""
    steps: list[tuple[str, object]] = []
    p = plan
    if not p.gradient_checkpointing:
        steps.append(("gradient_checkpointing", True))
    b = p.batch_size
    while b > 1:
        b = max(1, b // 2)
        steps.append(("batch_size", b))
    if cuda and p.tuner != "qlora":
        steps.append(("tuner", "qlora"))
    length = p.max_length
    while length > 256:
        length = max(256, length // 2)
        steps.append(("max_length", length))
    changes: dict = {}
    for key, value in [(None, None), *steps]:
        if key is not None:
            changes[key] = value
            p = replace(p, **{key: value})
        est = estimate(arch, p, cal)
        if est.total_gib <= available_gib:
            return Shrink(dict(changes), est)
    return None


@dataclass(frozen=True)
class SpeedModel:
    """A rough clock for ranking setups (not a promise of speed). One optimizer step costs, per
    micro-batch, a fixed overhead (kernel launches, 4-bit dequantisation, Python: on the H200 a
    micro-batch of one 1k-token sequence took ~0.45 s whatever the model size, 0.5B to 7B), plus the
    matrix work at an achievable rate. Fewer, larger micro-batches amortise the overhead; no gradient
    checkpointing saves a third of the matrix work and the recompute's share of the overhead."""

    micro_overhead_s: float = 0.3
    checkpointing_overhead: float = 1.5  # the recomputed forward adds about half a pass
    tflops: float = 300.0  # achieved bf16 rate of the matrix work (dequantised QLoRA, sdpa)
    max_micro_batch: int = 16  # larger micro-batches gain little and fragment memory
    # Plan for this share of the free memory. The estimate's tensors came within 3% of the measured peaks
    # (tests/unit/test_planner.py) and its total adds 10% allocator slack and the CUDA context on top.
    headroom: float = 0.9


SPEED = SpeedModel()


@dataclass(frozen=True)
class Setup:
    """How one optimizer step's samples are run: micro-batch x accumulation, checkpointing, Liger."""

    batch_size: int
    grad_accum: int
    gradient_checkpointing: bool
    liger: bool
    estimate: Estimate
    step_s: float  # SpeedModel's clock, for ranking only


def step_seconds(arch: Arch, plan: Plan, grad_accum: int, speed: SpeedModel = SPEED) -> float:
    gc = plan.gradient_checkpointing
    method = _method(plan)
    tokens = plan.batch_size * grad_accum * plan.max_length * method.seqs_per_sample
    dense = 2.0 * (arch.block_params + arch.vocab * arch.hidden)  # forward FLOPs per token
    passes = 3 if gc else 2  # fwd + bwd (+ recompute)
    if method.reference:
        passes += 0.5  # the reference forward, no grad
    overhead = speed.micro_overhead_s * (speed.checkpointing_overhead if gc else 1.0) * grad_accum
    return overhead + tokens * dense * passes / (speed.tflops * 1e12)


def fastest_setup(
    arch: Arch,
    plan: Plan,
    samples_per_gpu: int,
    available_gib: float,
    liger: bool = False,
    cal: Calibration = DEFAULT,
    speed: SpeedModel = SPEED,
) -> Setup | None:
    """The setup that trains `samples_per_gpu` samples per optimizer step fastest (by SpeedModel) while
    its estimate stays within `headroom` of the free memory: every micro-batch that divides the step's
    samples (so the global batch is kept), with and without gradient checkpointing. None if none fits."""
    budget = available_gib * speed.headroom
    best: Setup | None = None
    for gc in (False, True):
        for mb in range(min(samples_per_gpu, speed.max_micro_batch), 0, -1):
            if samples_per_gpu % mb:
                continue
            p = replace(plan, batch_size=mb, gradient_checkpointing=gc, liger=liger)
            est = estimate(arch, p, cal)
            if est.total_gib > budget:
                continue
            cand = Setup(mb, samples_per_gpu // mb, gc, liger, est, step_seconds(arch, p, samples_per_gpu // mb, speed))
            if best is None or cand.step_s < best.step_s:
                best = cand
            break  # the largest micro-batch that fits is the fastest of this checkpointing choice
    return best


@dataclass
class Measurement:
    """A peak measured on a real GPU (ms-swift's memory(GiB)) for one arch + plan."""

    arch: Arch
    plan: Plan
    peak_gib: float


def calibrate_from(measurements: list[Measurement], cal: Calibration = DEFAULT) -> dict:
    """How far the estimate is from measured peaks (ratio per run, and the mean) - to tune the constants."""
    ratios = [m.peak_gib / estimate(m.arch, m.plan, cal).total_gib for m in measurements if m.peak_gib > 0]
    return {"ratios": [round(r, 3) for r in ratios], "mean": round(sum(ratios) / len(ratios), 3) if ratios else None}
