"""Start Qixi Studio: `python app.py [--host H] [--port P] [--password PW] [--workspace DIR]`."""
import os
import sys

# No telemetry, no share links, nothing fetched from the internet.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from studio.cli import main  # noqa: E402

if __name__ == "__main__":
    args = sys.argv[1:]
    ws = []
    if "--workspace" in args:           # a global option: keep it before the sub-command
        i = args.index("--workspace")
        ws, args = args[i:i + 2], args[:i] + args[i + 2:]
    sys.exit(main([*ws, "serve", *args]))
