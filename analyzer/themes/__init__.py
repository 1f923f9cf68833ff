"""Domain objects: themes, the ledger and results. Nothing here knows of Streamlit or BERTopic."""

from analyzer.themes.ledger import Ledger
from analyzer.themes.theme import (
                                   NON_ANSWER_ID,
                                   NON_ANSWER_LABEL,
                                   UNASSIGNED_ID,
                                   UNASSIGNED_LABEL,
                                   Theme,
)

__all__ = ["Ledger", "Theme", "UNASSIGNED_ID", "UNASSIGNED_LABEL", "NON_ANSWER_ID",
           "NON_ANSWER_LABEL"]
