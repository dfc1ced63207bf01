"""Start Qixi Studio: `python app.py [--host H] [--port P] [--password PW] [--workspace DIR]`."""

import os
import sys

# No telemetry, no share links, nothing fetched from the internet.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from studio.cli import main  # noqa: E402

if __name__ == "__main__":
    # `qixi serve` takes --workspace too, so `python app.py --help` lists every option it accepts.
    sys.exit(main(["serve", *sys.argv[1:]]))
