"""What makes two comments "the same text": one rule for the fit, curation, new rounds and
stability reruns.

The model is fitted on distinct texts: a form-letter campaign's copies share their campaign
id, other comments their lower-cased text. Every step that meets the fitted comments again
(splitting a theme, placing a new round, rerunning with other seeds) must group them the same
way, or its comments no longer line up with the fit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CAMPAIGN_PREFIX = "campaign:"
TEXT_PREFIX = "text:"


def text_keys(comments: pd.DataFrame) -> pd.Series:
    """One key per comment (aligned with `comments`): equal keys mean the same text for the
    model. Uses the columns text and, when present, campaign_id ('' outside a campaign).

    >>> frame = pd.DataFrame({"text": ["Bus late", "bus LATE", "Copy"],
    ...                       "campaign_id": ["", "", "c1"]})
    >>> text_keys(frame).tolist()
    ['text:bus late', 'text:bus late', 'campaign:c1']
    """
    campaign = (comments["campaign_id"].fillna("").astype(str) if "campaign_id" in comments
                else pd.Series("", index=comments.index))
    text = comments["text"].astype(str).str.lower()
    keys = np.where(campaign.to_numpy() != "", CAMPAIGN_PREFIX + campaign.to_numpy(dtype=object),
                    TEXT_PREFIX + text.to_numpy(dtype=object))
    return pd.Series(keys, index=comments.index, dtype=object)


__all__ = ["text_keys"]
