"""Turn the end of a failed job's log into one sentence with the advice that fixes it.

The patterns are the messages ms-swift, torch and the OS print; they live here because only the
engine knows them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from studio.core.i18n import Text


@dataclass(frozen=True)
class Reason:
    code: str
    text: Text


_RULES: list[tuple[str, re.Pattern, Text]] = [
    (
        "oom",
        re.compile(
            r"CUDA out of memory|OutOfMemoryError|torch\.OutOfMemoryError|CUBLAS_STATUS_ALLOC_FAILED|"
            r"Cannot allocate memory|MemoryError",
            re.I,
        ),
        Text(
            "显存（或内存）不够用了：请换一个更小的预设、减小批大小或最大长度，或打开梯度检查点后重试。",
            "Out of memory: choose a smaller preset, lower the batch size or max length, or turn on gradient "
            "checkpointing, then try again.",
        ),
    ),
    (
        "empty_after_filter",
        re.compile(
            r"Dataset filtered[^\n]*length: 0|Cannot find valid samples|"
            r"num_samples should be a positive integer value, but got num_samples=0|"
            r"QIXI_EMPTY_DATASET",
            re.I,
        ),
        Text(
            "按最大长度过滤后数据集是空的：每条样本都比最大长度长。请调大“最大长度”，或在数据页删掉过长的样本。",
            "The dataset is empty after the length filter: every sample is longer than the max length. Raise "
            "“max length” or drop the long samples on the Data tab.",
        ),
    ),
    (
        "disk_full",
        re.compile(r"No space left on device|Errno 28|disk quota exceeded", re.I),
        Text(
            "磁盘满了：请删除不用的运行或模型，腾出空间后重试。",
            "The disk is full: delete runs or models you no longer need, then try again.",
        ),
    ),
    # gptqmodel (transformers 5's AWQ / GPTQ loader) picks its Machete kernel on a Hopper GPU (H100/H200) and
    # fetches CUTLASS to build it; offline that ends the load. The Marlin kernel needs no download (an AWQ
    # 1.5B loaded and answered with it, H100 2026-12-06). Before `no_network`: same resolver words, other cure.
    (
        "quant_kernel_download",
        re.compile(r"gptqmodel[/\\]utils[/\\]machete\.py|Machete: downloading CUTLASS", re.I),
        Text(
            "gptqmodel 要为这块 Hopper 显卡（H100/H200）编译 Machete 内核，先得联网下载 CUTLASS，但没有网络。"
            "办法：联网加载一次（之后有缓存）；或在量化模型 config.json 的 quantization_config 里加上 "
            '"backend": "marlin"（不用下载）；或改用合并后的模型或 bnb 4 位模型。',
            "gptqmodel wants to build its Machete kernel for this Hopper GPU (H100/H200) and must download CUTLASS "
            "first, but there is no network. Either load once with a network (it is cached afterwards), or add "
            '"backend": "marlin" to quantization_config in the quantised model\'s config.json (no download), '
            "or serve the merged or the bnb 4-bit model.",
        ),
    ),
    # A download (or a hub lookup) with no network: the resolver's and urllib3's words.
    (
        "no_network",
        re.compile(
            r"Failed to resolve|Name or service not known|Temporary failure in name resolution|"
            r"nodename nor servname provided|getaddrinfo failed|Network is unreachable|"
            r"No route to host|Max retries exceeded with url",
            re.I,
        ),
        Text("没有网络：请联网，或选择本地文件夹。", "No network: connect, or pick a local folder."),
    ),
    (
        "model_not_found",
        re.compile(
            r"(?:model|repo)[^\n]{0,80}(?:not found|does not exist|404)|"
            r"is not a local folder and is not a valid model identifier|"
            r"OfflineModeIsEnabled|LocalEntryNotFoundError|"
            r"Can't load (?:the )?(?:config|tokenizer)",
            re.I,
        ),
        Text(
            "找不到模型：请检查模型文件夹路径或模型 ID；离线时只能使用本地文件夹或口袋模型。",
            "Model not found: check the model folder or id; offline, only local folders and the pocket model work.",
        ),
    ),
    (
        "dataset_not_found",
        re.compile(r"(?:dataset|file)[^\n]{0,80}(?:not found|No such file)", re.I),
        Text(
            "找不到数据集文件：它可能被删除或移动了。请在数据页重新选择数据集。",
            "The dataset file was not found: it may have been deleted or moved. Pick the dataset again on the Data tab.",
        ),
    ),
    (
        "nan",
        re.compile(r"loss[^\n]{0,20}\bnan\b|Loss is NaN", re.I),
        Text(
            "损失变成了 NaN：请把学习率调低（例如减半）后重试。",
            "The loss became NaN: lower the learning rate (for example halve it) and try again.",
        ),
    ),
    # transformers' refusal to run a repo's code. Not the bare word: ms-swift prints its arguments
    # (`trust_remote_code=...`) at every start, so a failed job's log mentions it whatever went wrong.
    (
        "remote_code",
        re.compile(
            r"contains custom code which must be executed|requires you to execute the \w+ file|"
            r"pass the argument `?trust_remote_code=True`? to allow custom code",
            re.I,
        ),
        Text(
            "这个模型需要运行它自带的代码：只有在你信任来源时，才勾选“信任模型代码”后重试。",
            "This model needs to run its own code: tick “trust model code” only if you trust its source, then retry.",
        ),
    ),
    # Written by the trainer plugin (swift_stop.py) when training ended with the adapter exactly as it began.
    (
        "not_learning",
        re.compile(r"QIXI_ADAPTER_UNCHANGED"),
        Text(
            "训练跑完了，但模型一点都没有变：LoRA 权重和开始时完全一样（梯度为零或成了 NaN），这次的结果不能用。常见原因是"
            "基础模型自己的权重有问题（比如词向量里有整行全是 0），或者数值溢出：先在“聊天试玩”里确认基础模型能正常回答，"
            "再把学习率调低一些重试；还是这样的话，请换一个基础模型。",
            "Training finished but the model did not change at all: the LoRA weights are exactly as they began (the "
            "gradients were zero or NaN), so this run cannot be used. The usual cause is a base model whose own weights "
            "are broken (for example whole rows of zeros in its embeddings) or numbers that overflowed: check in the "
            "Playground that the base model answers normally, then try again with a lower learning rate; if it still "
            "happens, pick another base model.",
        ),
    ),
    (
        "no_cuda",
        re.compile(r"Torch not compiled with CUDA|No CUDA GPUs are available|bitsandbytes[^\n]*CUDA", re.I),
        Text(
            "这一步需要 NVIDIA 显卡（CUDA），这台电脑上没有：请改用 LoRA（不要 4-bit 量化）。",
            "This step needs an NVIDIA GPU (CUDA), which this computer lacks: use LoRA without 4-bit quantisation.",
        ),
    ),
    (
        "port_in_use",
        re.compile(r"address already in use|Errno 98", re.I),
        Text(
            "端口被占用了：请换一个端口，或先停止正在运行的服务。",
            "The port is already in use: choose another port or stop the server that is running.",
        ),
    ),
]

GENERIC = Reason("unknown", Text("任务失败了，原因见日志末尾。", "The job failed; see the end of its log for why."))

# Our own job processes end a failure with one line holding the user's sentence in both languages.
REASON_MARK = "QIXI_REASON "
_OWN_REASON = re.compile(r"^" + REASON_MARK + r"(\{.*\})\s*$", re.M)
# The line a Python traceback ends with: "SomeError: what happened".
_EXC_LINE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)): *(\S.*)$", re.M)


def reason_line(text: Text) -> str:
    """The line a job process prints (then exits non-zero) so that its sentence becomes the job's reason."""
    return REASON_MARK + json.dumps({"zh": text.zh, "en": text.en}, ensure_ascii=False)


def _own_reason(log_tail: str) -> Text | None:
    for m in reversed(_OWN_REASON.findall(log_tail)):
        try:
            d = json.loads(m)
            return Text(str(d["zh"]), str(d["en"]))
        except (ValueError, KeyError, TypeError):
            continue
    return None


def _last_error_line(part: str) -> str | None:
    found = _EXC_LINE.findall(part)
    if not found:
        return None
    name, msg = found[-1]
    line = f"{name.rsplit('.', 1)[-1]}: {msg.strip()}"
    return line if len(line) <= 240 else line[:239] + "…"


# Where the error that ended the process starts: its last traceback (Python), else the whole tail.
_LAST_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):", re.M)


def diagnose(log_tail: str) -> Reason:
    """The first rule matching wins; the order above puts the most specific first. The last traceback
    is read first: a warning printed earlier (a retried download, a memory note) must not name the
    cause when the process died of something else."""
    own = _own_reason(log_tail)
    if own is not None:  # the job's own sentence (a bad file, a refused setting) says it best
        return Reason("studio", own)
    starts = [m.start() for m in _LAST_TRACEBACK.finditer(log_tail)]
    parts = [log_tail[starts[-1] :], log_tail] if starts else [log_tail]
    for part in parts:
        for code, pattern, text in _RULES:
            if pattern.search(part):
                return Reason(code, text)
    # Nothing we know: the error's own line from the log, so the person reads why without opening it.
    line = _last_error_line(parts[0])
    if line:
        return Reason(
            "unknown",
            Text(f"任务失败了：{line}（详情见日志末尾）", f"The job failed: {line} (details at the end of its log)"),
        )
    return GENERIC
