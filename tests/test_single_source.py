"""One place for each rule, allowed value and default: the copies that used to drift."""

from __future__ import annotations

import pandas as pd

from analyzer.themes.texts import text_keys


def test_same_text_key_groups_campaign_copies_and_case_variants():
    frame = pd.DataFrame({"text": ["Bus late", "bus LATE", "Dear board", "Dear Board!", "x"],
                          "campaign_id": ["", "", "c1", "c1", None]})
    assert text_keys(frame).tolist() == ["text:bus late", "text:bus late", "campaign:c1",
                                         "campaign:c1", "text:x"]
    assert text_keys(frame[["text"]]).tolist()[2] == "text:dear board"


def test_the_same_text_rule_is_written_once():
    import inspect

    import analyzer.core
    import analyzer.pipelines.stability
    import analyzer.projects.rounds
    import analyzer.themes.curation

    for module in (analyzer.core, analyzer.themes.curation, analyzer.projects.rounds,
                   analyzer.pipelines.stability):
        source = inspect.getsource(module)
        assert '"campaign:"' not in source and '"text:"' not in source, module.__name__
        assert module.text_keys is text_keys, module.__name__
