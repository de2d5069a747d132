import os
import sys

# The CLI configures its own log sinks and uses no pydantic plugins: skip loguru's default stderr sink
# and pydantic's plugin scan at start-up (both a few ms of every command; override by setting them).
os.environ.setdefault("LOGURU_AUTOINIT", "0")
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")

from .cli import main  # noqa: E402

sys.exit(main())
