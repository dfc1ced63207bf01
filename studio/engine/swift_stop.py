"""An ms-swift plugin (`external_plugins`), imported in the trainer process only: a stop saves first.

A job stop sends SIGTERM to the job's process group. Here it sets a flag; at the end of the current
optimizer step the trainer saves a checkpoint and stops, so a resume loses at most the step that was
running. Before training has started there is nothing to save, and the signal ends the process at
once. The stop file named by $QIXI_STOP_FILE means the same (it also covers a signal that arrived
before this plugin was loaded, while the launcher's SIGTERM-ignore was still in force).

It also checks that training moved the adapter. A run whose lora_B weights end exactly as they began
learned nothing (zero or NaN gradients: on an H100 on 2026-12-06 every run of the chain ended so, because
the random bench base had all-zero embedding rows), yet it would have been called a success and carried
into DPO and merge. Such a run now ends with QIXI_ADAPTER_UNCHANGED in its log (studio.engine.failures
turns that into a sentence) and a non-zero exit, after its last save.

It also carries the one kernel switch that must be made inside the trainer: with $QIXI_CUDNN_ATTENTION
"0" (a CUDA job's default, see studio.engine.swift.CUDNN_ATTENTION_ENV) PyTorch's cuDNN attention is off.

Never imported by the web process: it needs ms-swift and transformers at module level.
"""

from __future__ import annotations

import math
import os
import signal

from swift.callbacks import TrainerCallback, callbacks_map

NAME = "qixi_graceful_stop"  # = studio.engine.swift.STOP_CALLBACK
_state = {"training": False, "requested": False}


def _stop_file_present() -> bool:
    path = os.environ.get("QIXI_STOP_FILE")
    return bool(path) and os.path.exists(path)


def _die() -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _on_sigterm(signum, frame) -> None:
    if _state["training"]:
        _state["requested"] = True
    else:
        _die()


def _wanted() -> bool:
    """Whether any rank was asked to stop (all ranks must save and stop at the same step)."""
    local = _state["requested"] or _stop_file_present()
    try:
        import torch.distributed as dist

        if dist.is_available() and dist.is_initialized() and dist.get_world_size() > 1:
            import torch
            from swift.utils import get_device

            t = torch.tensor([int(local)], dtype=torch.uint8, device=get_device())
            dist.all_reduce(t, op=dist.ReduceOp.MAX)
            return bool(int(t.item()))
    except Exception:  # a stop must never crash the run it is trying to save
        pass
    return local


UNCHANGED = "QIXI_ADAPTER_UNCHANGED"  # = studio.engine.failures' pattern


def _adapter_sum(model) -> float | None:
    """The sum of |w| over the trainable lora_B weights (None when there are none, e.g. a full fine-tune, or
    when they are sharded away from this rank). Only B: weight decay shrinks lora_A even with zero gradients,
    while a new adapter's B starts at 0 and stays exactly 0 unless a gradient reaches it. (An adapter carried
    on from SFT starts with B != 0, and decay alone changes it: there the check can miss, never misfire.)"""
    if model is None:
        return None
    import torch

    total, seen = 0.0, 0
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.requires_grad and "lora_B" in name and p.numel():
                total += float(p.detach().double().abs().sum())
                seen += 1
    return total if seen else None


def _rate(lr_scheduler, optimizer) -> float | None:
    try:
        return float(lr_scheduler.get_last_lr()[0])
    except Exception:  # no scheduler (or an unusual one): the optimizer's own group
        try:
            return float(optimizer.param_groups[0]["lr"])
        except Exception:
            return None


class GracefulStop(TrainerCallback):
    def on_train_begin(self, args, state, control, model=None, **kwargs):
        _state["training"] = True
        _state["adapter_sum"], _state["stepped"] = _adapter_sum(model), False
        if _state["requested"] or _stop_file_present():
            control.should_training_stop = True
        return control

    def on_step_begin(self, args, state, control, lr_scheduler=None, optimizer=None, **kwargs):
        # Whether a step of this session uses a rate above 0. Warm-up's first step uses 0 and moves nothing,
        # and a logged learning_rate is already the next step's, so it is read here, before the step.
        if not _state.get("stepped"):
            _state["stepped"] = (_rate(lr_scheduler, optimizer) or 0) > 0
        return control

    def on_step_end(self, args, state, control, **kwargs):
        if _wanted():
            print(f"[qixi] stop requested: saving checkpoint-{state.global_step} and stopping", flush=True)
            control.should_save = True
            control.should_training_stop = True
        return control

    def on_train_end(self, args, state, control, model=None, **kwargs):
        before = _state.get("adapter_sum")
        if before is None or not _state.get("stepped") or _state["requested"]:
            return control
        after = _adapter_sum(model)
        if after is not None and not math.isfinite(after):  # NaN gradients that did reach the weights
            what = "some lora_B weights are NaN or infinite"
        elif after == before:
            what = "every lora_B weight is exactly as it began (the gradients were zero or NaN)"
        else:
            return control
        print(f"[qixi] {UNCHANGED}: after {state.global_step} steps {what}; the run learned nothing", flush=True)
        raise SystemExit(3)


if os.environ.get("QIXI_CUDNN_ATTENTION") == "0":  # = studio.engine.swift.CUDNN_ATTENTION_ENV, see there
    import torch

    torch.backends.cuda.enable_cudnn_sdp(False)
    print("[qixi] cuDNN attention off: sdpa uses its memory-efficient kernel", flush=True)
if _stop_file_present():
    _die()
signal.signal(signal.SIGTERM, _on_sigterm)
callbacks_map[NAME] = GracefulStop
