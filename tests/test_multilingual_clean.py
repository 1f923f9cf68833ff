"""Non-answers and keyword stop words in the common languages of US communities.

Every comment here was written for these tests; the right answer of each was decided by hand.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest

from analyzer.pipelines.clean.language import PLAUSIBLE_LANGUAGES
from analyzer.pipelines.clean.nonanswers import (
    FILLERS_BY_LANGUAGE,
    NON_ANSWERS_BY_LANGUAGE,
    is_non_answer,
)
from analyzer.pipelines.stopwords import (
    SPANISH,
    STOP_WORDS,
    SURVEY_FILLER,
    language_stop_words,
    stop_words_for,
)
from analyzer.pipelines.terms import keyword_terms, keyword_vectorizer

# --- non-answers -------------------------------------------------------------------------------

NON_ANSWERS = [
    ("fr", "rien"), ("fr", "Aucun."), ("fr", "Je ne sais pas"), ("fr", "Sans commentaire"),
    ("fr", "Rien à ajouter, merci !"), ("fr", "Non merci"), ("fr", "Néant"),
    ("pt", "Nenhum"), ("pt", "Não sei."), ("pt", "Sem comentários"),
    ("pt", "Nada a declarar, obrigado"), ("pt", "nada, obrigada"),
    ("zh", "没有"), ("zh", "无"), ("zh", "不知道"), ("zh", "没有意见"), ("zh", "我没有意见"),
    ("zh", "没有，谢谢"), ("zh", "没有意见谢谢"), ("zh", "目前没有"), ("zh", "暂无。"),
    ("zh", "沒有意見"),
    ("vi", "Không có"), ("vi", "không biết"), ("vi", "Không có ý kiến, cảm ơn"),
    ("ko", "없음"), ("ko", "없습니다"), ("ko", "모르겠어요"), ("ko", "없습니다. 감사합니다"),
    ("ko", "특별히 없습니다"),
    ("tl", "Wala"), ("tl", "wala po"), ("tl", "Hindi ko alam"), ("tl", "Wala, salamat po"),
    ("ar", "لا شيء"), ("ar", "لا أعرف"), ("ar", "لا شيء، شكراً"),
    ("ru", "Ничего"), ("ru", "Нет"), ("ru", "Не знаю"), ("ru", "Нет, спасибо"),
    ("ht", "Anyen"), ("ht", "Mwen pa konnen"), ("ht", "Anyen, mèsi"),
    ("so", "Waxba"), ("so", "Ma aqaano"), ("so", "Waxba, mahadsanid"),
]
THANKS_ALONE = ["Merci", "Obrigado", "obrigada", "谢谢", "Cảm ơn", "감사합니다", "Salamat",
                "شكرا", "Спасибо", "Mèsi", "Mahadsanid"]
ANSWERS = [
    ("fr", "rien ne marche dans le bus"), ("fr", "Aucun bus le matin"), ("fr", "très bien"),
    ("pt", "Nada funciona no ônibus"), ("pt", "Não sei por que o ônibus atrasa"),
    ("zh", "没有校车很不方便"), ("zh", "我不知道为什么校车总是迟到"), ("zh", "无校车"),
    ("zh", "很好"), ("zh", "没有问题"),
    ("vi", "không có xe buýt đưa đón"), ("vi", "Rất tốt"),
    ("ko", "급식이 없습니다"), ("ko", "좋아요"),
    ("tl", "Walang bus papunta sa paaralan"), ("tl", "ok lang"),
    ("ar", "لا يوجد نقل مدرسي"),
    ("ru", "нет автобуса до школы"), ("ru", "Всё хорошо"),
    ("ht", "Pa gen bis pou lekòl la"),
    ("so", "Ma jiro bas dugsiga"),
]


@pytest.mark.parametrize("language, text", NON_ANSWERS)
def test_non_answers_are_recognised_in_each_language(language, text):
    assert is_non_answer(text), (language, text)


@pytest.mark.parametrize("text", THANKS_ALONE)
def test_thanks_alone_is_a_non_answer_in_each_language(text):
    assert is_non_answer(text)


@pytest.mark.parametrize("language, text", ANSWERS)
def test_answers_starting_with_a_non_answer_word_stay_answers(language, text):
    assert not is_non_answer(text), (language, text)


def test_every_plausible_language_has_phrases_and_fillers():
    assert set(PLAUSIBLE_LANGUAGES) <= set(NON_ANSWERS_BY_LANGUAGE)
    assert set(NON_ANSWERS_BY_LANGUAGE) == set(FILLERS_BY_LANGUAGE)
    assert all(NON_ANSWERS_BY_LANGUAGE[lang] and FILLERS_BY_LANGUAGE[lang]
               for lang in PLAUSIBLE_LANGUAGES)


def test_chinese_pieces_between_full_width_stops_and_glued_limits():
    assert is_non_answer("没有。没有意见。谢谢")
    assert not is_non_answer("没有" * 20)  # past the glued-character limit
    assert not is_non_answer("谢谢老师")  # thanks to the teachers: says something


# --- stop words per language --------------------------------------------------------------------

def test_the_default_set_is_english_spanish_and_survey_filler():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert STOP_WORDS == frozenset(ENGLISH_STOP_WORDS) | SPANISH | SURVEY_FILLER


def test_a_language_list_joins_only_when_the_corpus_holds_that_language():
    english = stop_words_for(["en", "und"])
    with_french = stop_words_for({"en", "fr"})
    assert "car" not in english and "car" in with_french and "avec" in with_french
    assert "son" not in english  # Spanish's "son" (they are) only with Spanish present
    assert "son" in stop_words_for(["es"]) and "the" in stop_words_for(["es"])
    assert stop_words_for(["FR ", "en"]) == with_french
    assert stop_words_for([]) == english
    assert "stop" not in with_french  # "bus stop": kept though spaCy's French list holds it
    assert "waxba" not in stop_words_for(["so"]) and "iyo" in stop_words_for(["so"])


def test_unknown_codes_add_nothing_and_a_bare_string_is_refused():
    assert stop_words_for(["xx", "und", "../es", "zz9"]) == stop_words_for(["en"])
    assert language_stop_words("qq") == frozenset()
    with pytest.raises(TypeError, match=r"pass \['fr'\]"):
        stop_words_for("fr")


def test_vietnamese_syllable_compounds_are_dropped_as_pairs():
    vietnamese = stop_words_for(["vi"])
    assert "xe buýt" in keyword_terms("xe buýt đến trễ", vietnamese)
    assert "ai nấy" in vietnamese
    assert "ai nấy" not in keyword_terms("ai nấy đều muốn xe buýt", vietnamese)


def test_english_keeps_car_and_a_corpus_with_french_drops_it():
    text = "The car line at pickup is a mess"
    assert "car" in keyword_terms(text, stop_words_for(["en"]))
    assert "car line" in keyword_terms(text, stop_words_for(["en"]))
    assert "car" not in keyword_terms(text, stop_words_for(["en", "fr"]))
    assert "car" in keyword_terms(text)  # languages unknown: English and Spanish lists


def test_chinese_yields_character_pairs_that_repeat_across_comments():
    comments = ["校车总是迟到", "校车太挤了，孩子没有座位", "希望增加校车路线", "午餐太贵了",
                "学校午餐不健康", "希望午餐有更多蔬菜"]
    vectorizer = keyword_vectorizer(min_df=2, stop_words=stop_words_for(["zh"]))
    vectorizer.fit(comments)
    words = set(vectorizer.get_feature_names_out())
    assert {"校车", "午餐"} <= words
    assert "没有" not in keyword_terms("孩子没有座位", stop_words_for(["zh"]))
    assert "的校" not in keyword_terms("我的校车", stop_words_for(["zh"]))


def test_the_keyword_vectorizer_pickles_with_its_stop_words():
    vectorizer = keyword_vectorizer(stop_words=stop_words_for(["en", "fr"]))
    copy = pickle.loads(pickle.dumps(vectorizer))
    text = ["Le bus est en retard car le chauffeur change"]
    assert copy.fit(text).get_feature_names_out().tolist() == \
        vectorizer.fit(text).get_feature_names_out().tolist()
    assert "car" not in copy.get_feature_names_out()
    pickle.dumps(keyword_vectorizer())


def test_stop_word_lists_are_not_read_at_import():
    code = ("import sys, analyzer.pipelines.terms, analyzer.pipelines.clean.nonanswers; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


# --- themes ------------------------------------------------------------------------------------

FRENCH_BUS = ["Le bus scolaire est toujours en retard le matin.",
              "Le bus arrive en retard et les enfants attendent dans le froid.",
              "Il faut un bus plus tôt, car le bus est souvent en retard.",
              "Les enfants ratent le début des cours parce que le bus est en retard.",
              "Le chauffeur du bus est gentil mais le bus est en retard."]
PORTUGUESE_LUNCH = ["O almoço da escola é muito caro para as famílias.",
                    "Queremos um almoço mais saudável, com frutas e legumes.",
                    "O almoço acaba antes de todos os alunos comerem.",
                    "As crianças dizem que o almoço não tem sabor.",
                    "O preço do almoço subiu de novo este ano."]


def _fit(texts, languages):
    from analyzer.pipelines.model import fit_themes

    rng = np.random.default_rng(0)
    centres = np.eye(8, dtype=np.float32)[:2]
    embeddings = np.vstack([centres[0] + 0.01 * rng.standard_normal((5, 8)),
                            centres[1] + 0.01 * rng.standard_normal((5, 8))]).astype(np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    return fit_themes(texts, embeddings, n_themes=2, seed=0, fit_sample_size=1000,
                      max_unassigned_share=0.0, languages=languages)


def test_french_and_portuguese_theme_keywords_hold_no_stop_words_of_their_language():
    texts = FRENCH_BUS + PORTUGUESE_LUNCH
    fitted = _fit(texts, ["fr"] * 5 + ["pt"] * 5)
    assert sorted(np.bincount(fitted.labels).tolist()) == [5, 5]
    french = fitted.keywords[int(fitted.labels[0])]
    portuguese = fitted.keywords[int(fitted.labels[-1])]
    assert "bus" in french and "almoço" in portuguese
    stop = language_stop_words("fr") | language_stop_words("pt")
    words = {w for term in french + portuguese for w in term.split()}
    assert not words & stop, sorted(words & stop)


def test_without_languages_french_stop_words_reach_the_keywords():
    fitted = _fit(FRENCH_BUS + PORTUGUESE_LUNCH, None)
    words = {w for terms in fitted.keywords.values() for term in terms for w in term.split()}
    assert words & (language_stop_words("fr") | language_stop_words("pt"))


def test_languages_must_match_the_texts_one_for_one():
    with pytest.raises(ValueError, match="languages has 2 entries for 10 texts"):
        _fit(FRENCH_BUS + PORTUGUESE_LUNCH, ["fr", "pt"])
