"""fake_oom_trainer: stands in for ms-swift's CLI (via $QIXI_SWIFT_MAIN) and dies the way a CUDA
out-of-memory failure does, so the OOM sentence and the fitting preset can be tested without a GPU.

Usage (as the launcher calls it): python fake_oom_trainer.py sft|rlhf CONFIG
"""

import json
import sys
from pathlib import Path

import yaml

cmd, config = sys.argv[1], sys.argv[2]
cfg = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
out = Path(cfg["output_dir"])
out.mkdir(parents=True, exist_ok=True)
print(
    f"[INFO:swift] fake {cmd}: model={cfg['model']} batch={cfg['per_device_train_batch_size']} "
    f"max_length={cfg['max_length']}",
    flush=True,
)
with open(out / "logging.jsonl", "a", encoding="utf-8") as fh:
    fh.write(
        json.dumps(
            {
                "loss": 2.5,
                "grad_norm": 1.0,
                "learning_rate": 1e-4,
                "token_acc": 0.3,
                "epoch": 0.01,
                "global_step/max_steps": "1/100",
                "elapsed_time": "3s",
                "remaining_time": "5m 0s",
                "memory(GiB)": 11.2,
                "train_speed(s/it)": 3.0,
            }
        )
        + "\n"
    )
print(
    "Traceback (most recent call last):\n"
    '  File "/usr/lib/python3/site-packages/swift/pipelines/train/sft.py", line 266, in train\n'
    "    trainer.train(resume_checkpoint)\n"
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.32 GiB. GPU 0 has a total capacity of "
    "11.76 GiB of which 1.02 GiB is free. Including non-PyTorch memory, this process has 10.73 GiB memory in "
    "use.",
    file=sys.stderr,
    flush=True,
)
sys.exit(1)
