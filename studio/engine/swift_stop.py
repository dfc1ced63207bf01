"""An ms-swift plugin (`external_plugins`), imported in the trainer process only: a stop saves first.

A job stop sends SIGTERM to the job's process group. Here it sets a flag; at the end of the current
optimizer step the trainer saves a checkpoint and stops, so a resume loses at most the step that was
running. Before training has started there is nothing to save, and the signal ends the process at
once. The stop file named by $QIXI_STOP_FILE means the same (it also covers a signal that arrived
before this plugin was loaded, while the launcher's SIGTERM-ignore was still in force).

It also carries the one kernel switch that must be made inside the trainer: with $QIXI_CUDNN_ATTENTION
"0" (a CUDA job's default, see studio.engine.swift.CUDNN_ATTENTION_ENV) PyTorch's cuDNN attention is off.

Never imported by the web process: it needs ms-swift and transformers at module level.
"""
from __future__ import annotations

import os
import signal

from swift.callbacks import TrainerCallback, callbacks_map

NAME = "qixi_graceful_stop"     # = studio.engine.swift.STOP_CALLBACK
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


class GracefulStop(TrainerCallback):

    def on_train_begin(self, args, state, control, **kwargs):
        _state["training"] = True
        if _state["requested"] or _stop_file_present():
            control.should_training_stop = True
        return control

    def on_step_end(self, args, state, control, **kwargs):
        if _wanted():
            print(f"[qixi] stop requested: saving checkpoint-{state.global_step} and stopping", flush=True)
            control.should_save = True
            control.should_training_stop = True
        return control


if os.environ.get("QIXI_CUDNN_ATTENTION") == "0":   # = studio.engine.swift.CUDNN_ATTENTION_ENV, see there
    import torch
    torch.backends.cuda.enable_cudnn_sdp(False)
    print("[qixi] cuDNN attention off: sdpa uses its memory-efficient kernel", flush=True)
if _stop_file_present():
    _die()
signal.signal(signal.SIGTERM, _on_sigterm)
callbacks_map[NAME] = GracefulStop
