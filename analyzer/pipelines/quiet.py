"""Third-party chatter kept off the user's screen while models load."""

from __future__ import annotations

import contextlib
import io


@contextlib.contextmanager
def quiet_model_loading():
    """Keep third-party load reports and progress bars off the user's screen while a model
    loads or is distilled: the CLI and the dashboard show our own progress.

    transformers logs a "LOAD REPORT" table as a warning (for MiniLM: an unused `position_ids`
    key, harmless) and draws "Loading weights" bars; model2vec's distillation draws an
    "Encoding tokens" tqdm bar on stderr. Errors still raise; only their chatter is dropped.
    """
    from transformers.utils import logging as transformers_logging

    verbosity = transformers_logging.get_verbosity()
    bars_were_on = transformers_logging.is_progress_bar_enabled()
    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            yield
    finally:
        transformers_logging.set_verbosity(verbosity)
        if bars_were_on:
            transformers_logging.enable_progress_bar()
