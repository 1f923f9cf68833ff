"""The real MiniLM model, loaded offline from its PyPI package, on a few hundred comments."""

from __future__ import annotations

import numpy as np

from analyzer.config import AnalysisConfig
from analyzer.core import FeedbackAnalyzer
from analyzer.pipelines.embed import (
    SentenceTransformerEmbedder,
    _load_sentence_transformer,
    packaged_minilm_path,
)
from analyzer.pipelines.ingest import ColumnRoles, read_inputs
from tests.conftest import synthetic_feedback

THIRD_PARTY_CHATTER = ("LOAD REPORT", "Loading weights", "Encoding tokens", "UNEXPECTED")
"""What transformers and model2vec print while loading or distilling, which the user must not
see: the CLI and dashboard show only our progress."""


def assert_no_chatter(capfd) -> None:
    printed = "".join(capfd.readouterr())
    assert not [phrase for phrase in THIRD_PARTY_CHATTER if phrase in printed], printed[:500]


def test_packaged_model_embeds_offline_with_meaningful_similarity(monkeypatch, capfd):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert (packaged_minilm_path() / "model.safetensors").exists()
    _load_sentence_transformer.cache_clear()
    vectors = SentenceTransformerEmbedder("minilm").encode(
        ["The school bus is late every morning", "Our bus never arrives on time",
         "The cafeteria food is cold"])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert_no_chatter(capfd)


def test_minilm_pipeline_separates_planted_topics(tmp_path):
    frame = synthetic_feedback(n_per_topic=100, seed=3)
    path = tmp_path / "survey.csv"
    frame.drop(columns=["topic"]).to_csv(path, index=False)
    corpus = read_inputs([path], ColumnRoles(text=("comment",), groups=("role",), id="id"))
    result = FeedbackAnalyzer(AnalysisConfig(embedder="minilm", n_themes=3),
                              use_cache=False).fit(corpus)
    merged = result.comments.merge(frame[["id", "topic"]], left_on="comment_id", right_on="id")
    assigned = merged[merged["theme_id"] >= 0]
    assert len(merged) == 300
    for topic, rows in assigned.groupby("topic"):
        assert rows["theme_id"].value_counts(normalize=True).iloc[0] >= 0.9, topic
    assert result.method["embedding_model"] == "all-MiniLM-L6-v2"


def test_static_model_distils_offline_from_the_packaged_minilm(tmp_path, monkeypatch, capfd):
    from analyzer.pipelines.embed import StaticEmbedder, _load_static_model

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    _load_static_model.cache_clear()
    embedder = StaticEmbedder(models_dir=tmp_path)
    vectors = embedder.encode(["The school bus is late every morning",
                               "Our bus never arrives on time", "The cafeteria food is cold"])
    assert (tmp_path / embedder.name / "config.json").exists()  # distilled once, kept
    assert_no_chatter(capfd)
    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    again = StaticEmbedder(models_dir=tmp_path).encode(["Our bus never arrives on time"])
    assert np.allclose(again[0], vectors[1])
    _load_static_model.cache_clear()
