"""What the configured console log handler writes, for tests of what reaches the logs."""

import io
import logging
from collections.abc import Callable


def console_output(record_logging: Callable[[], object]) -> str:
    """What the configured console handler writes (settings.LOGGING), not pytest's capture."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        record_logging()
    finally:
        handler.setStream(previous)
    return stream.getvalue()
