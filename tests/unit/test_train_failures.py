"""The failure classifier: one sentence for the error that ended the job, not for a word seen earlier."""

from studio.engine.failures import diagnose

# What `swift export` prints at start (its arguments), then a failure that has nothing to do with remote code.
ARGS_DUMP = (
    "[INFO:swift] args: ExportArguments(model='/ws/models/m', model_type='qwen2', trust_remote_code=True, "
    "quant_method='bnb', quant_bits=4, ...)\n"
)


def test_the_arguments_dump_does_not_make_every_failure_a_remote_code_one():
    log = ARGS_DUMP + (
        'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n'
        "ValueError: The model is quantized with bitsandbytes and cannot be quantized again\n"
    )
    assert diagnose(log).code == "unknown"


def test_a_real_remote_code_refusal_is_still_recognised():
    log = ARGS_DUMP + (
        "Traceback (most recent call last):\nValueError: The repository for /ws/m contains custom code "
        "which must be executed to correctly load the model. Please pass the argument "
        "`trust_remote_code=True` to allow custom code to be run.\n"
    )
    reason = diagnose(log)
    assert reason.code == "remote_code" and "trust model code" in reason.text.en and reason.text.zh


def test_the_last_traceback_names_the_cause():
    earlier = "WARNING: CUDA out of memory while probing batch size; retrying with a smaller one\n"
    log = earlier + "Traceback (most recent call last):\nOSError: [Errno 28] No space left on device\n"
    assert diagnose(log).code == "disk_full"
    assert diagnose(earlier).code == "oom"  # no traceback: the whole tail is read
    log = (
        "Traceback (most recent call last):\nKeyError: 'x'\nhandled, going on\n"
        "Traceback (most recent call last):\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2 GiB\n"
    )
    assert diagnose(log).code == "oom"


# The end of a `qixi chat` server's log on an offline H100 (2026-12-06), loading an AWQ export: gptqmodel
# chose its Machete kernel, whose build downloads CUTLASS first.
MACHETE_OFFLINE = """Traceback (most recent call last):
  File "/tmp/site-gptq/gptqmodel/utils/machete.py", line 313, in _ensure_generated_machete_sources
    cutlass_root = _ensure_cutlass_source()
  File "/tmp/site-gptq/gptqmodel/utils/machete.py", line 163, in _download_cutlass_archive
    with urllib.request.urlopen(url) as response, partial.open("wb") as handle:
  File "/usr/lib/python3.12/urllib/request.py", line 1347, in do_open
    raise URLError(err)
urllib.error.URLError: <urlopen error [Errno -3] Temporary failure in name resolution>
"""


def test_an_offline_kernel_build_for_a_4bit_model_says_what_to_do_not_only_no_network():
    reason = diagnose(MACHETE_OFFLINE)
    assert reason.code == "quant_kernel_download"
    assert '"backend": "marlin"' in reason.text.en and '"backend": "marlin"' in reason.text.zh
    assert "CUTLASS" in reason.text.en and "CUTLASS" in reason.text.zh
    # A model download with no network is still that
    plain = (
        "Traceback (most recent call last):\nrequests.exceptions.ConnectionError: Max retries exceeded with url: "
        "/api/models/Qwen (Caused by NameResolutionError: Temporary failure in name resolution)\n"
    )
    assert diagnose(plain).code == "no_network"
