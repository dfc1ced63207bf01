"""The failure classifier: one sentence for the error that ended the job, not for a word seen earlier."""
from studio.engine.failures import diagnose

# What `swift export` prints at start (its arguments), then a failure that has nothing to do with remote code.
ARGS_DUMP = ("[INFO:swift] args: ExportArguments(model='/ws/models/m', model_type='qwen2', trust_remote_code=True, "
             "quant_method='bnb', quant_bits=4, ...)\n")


def test_the_arguments_dump_does_not_make_every_failure_a_remote_code_one():
    log = ARGS_DUMP + ("Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"
                       "ValueError: The model is quantized with bitsandbytes and cannot be quantized again\n")
    assert diagnose(log).code == "unknown"


def test_a_real_remote_code_refusal_is_still_recognised():
    log = ARGS_DUMP + ("Traceback (most recent call last):\nValueError: The repository for /ws/m contains custom code "
                       "which must be executed to correctly load the model. Please pass the argument "
                       "`trust_remote_code=True` to allow custom code to be run.\n")
    reason = diagnose(log)
    assert reason.code == "remote_code" and "trust model code" in reason.text.en and reason.text.zh


def test_the_last_traceback_names_the_cause():
    earlier = "WARNING: CUDA out of memory while probing batch size; retrying with a smaller one\n"
    log = earlier + "Traceback (most recent call last):\nOSError: [Errno 28] No space left on device\n"
    assert diagnose(log).code == "disk_full"
    assert diagnose(earlier).code == "oom"                 # no traceback: the whole tail is read
    log = ("Traceback (most recent call last):\nKeyError: 'x'\nhandled, going on\n"
           "Traceback (most recent call last):\ntorch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2 GiB\n")
    assert diagnose(log).code == "oom"
