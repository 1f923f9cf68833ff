"""Theme labels from noun phrases: real spaCy tagging on small hand-made themes."""

from __future__ import annotations

import numpy as np

from analyzer.pipelines.labels import label_themes


def _two_themes(texts_a: list[str], texts_b: list[str]):
    texts = texts_a + texts_b
    labels = np.array([0] * len(texts_a) + [1] * len(texts_b))
    embeddings = np.eye(2, dtype=np.float32)[labels]
    return texts, embeddings, labels, np.eye(2, dtype=np.float32)


def test_labels_name_the_phrase_that_sets_each_theme_apart_in_singular():
    texts, X, labels, centroids = _two_themes(
        ["The class sizes are too big this year.", "Class sizes keep growing at our school.",
         "Smaller class sizes would help my daughter.", "Cap class sizes at twenty-five."],
        ["The bus stops have no shelters.", "Bus stops are far from our homes.",
         "Move the bus stops closer please.", "More bus stops on the east side."])
    result = label_themes(texts, X, labels, centroids, {0: ("class",), 1: ("bus",)})
    assert result[0].lower().startswith("class size")
    assert result[1].lower().startswith("bus stop")


def test_phrases_of_non_english_comments_are_not_lemmatised_as_english():
    spanish = ["Muchas gracias por las clases de inglés.", "Muchas gracias a los maestros.",
               "Muchas gracias por todo.", "Les damos muchas gracias."]
    english = ["The lunch menu is never posted.", "Post the lunch menu online.",
               "The lunch menu changes every day.", "We want the lunch menu in advance."]
    texts, X, labels, centroids = _two_themes(spanish, english)
    result = label_themes(texts, X, labels, centroids, {0: ("gracias",), 1: ("menu",)},
                          languages=["es"] * 4 + ["en"] * 4)
    assert "gracias" in result[0].lower() and "gracia " not in result[0].lower() + " "
    assert "lunch menu" in result[1].lower()


def test_acronyms_and_proper_nouns_keep_their_capitals_in_labels():
    texts, X, labels, centroids = _two_themes(
        ["Parking near WKU is impossible.", "Students at WKU need more housing.",
         "WKU should build a garage.", "Traffic around WKU is bad."],
        ["Bowling Green needs more parks.", "I love living in Bowling Green.",
         "Downtown Bowling Green has no shade.", "Keep Bowling Green clean."])
    result = label_themes(texts, X, labels, centroids, {0: ("wku",), 1: ("bowling",)})
    assert result[0].startswith("WKU")
    assert result[1].startswith("Bowling Green")


def test_vague_adjectives_do_not_open_a_label_but_proper_names_keep_new():
    texts, X, labels, centroids = _two_themes(
        ["We need a real classroom, not a portable.", "Give us a real classroom.",
         "A real classroom would help.", "My son wants a real classroom."],
        ["Our cousins in New Zealand pay less rent.", "New Zealand taxes capital gains.",
         "Look at New Zealand for housing ideas.", "Copy what New Zealand did."])
    result = label_themes(texts, X, labels, centroids, {0: ("classroom",), 1: ("zealand",)})
    assert result[0].startswith("Classroom")
    assert result[1].startswith("New Zealand")


def test_shouted_words_and_list_items_are_not_kept_in_capitals():
    texts, X, labels, centroids = _two_themes(
        ["THE BUSES ARE ALWAYS LATE", "the buses are late again", "buses late every day",
         "Why are the buses late"],
        ["Priorities:\nTeacher Pay\nSmaller classes", "Raise teacher pay now",
         "Teacher pay is too low", "We need better teacher pay"])
    result = label_themes(texts, X, labels, centroids, {0: ("buses",), 1: ("pay",)})
    assert result[0] == "Bus"
    assert result[1].startswith("Teacher pay")


def test_keyword_bigrams_never_bridge_a_stop_word_or_punctuation():
    from analyzer.pipelines.terms import keyword_terms

    terms = keyword_terms("Kids are coming to school hungry. Lower the lunch prices, please!")
    assert {"kids", "coming", "school", "hungry", "lower", "lunch", "prices"} <= set(terms)
    assert "school hungry" in terms and "lunch prices" in terms
    assert "coming school" not in terms and "hungry lower" not in terms
    assert "maestros bilingües" in keyword_terms("Queremos más maestros bilingües")


def test_no_label_starts_inside_a_hyphenated_word():
    texts, X, labels, centroids = _two_themes(
        ["We want real-time bus tracking.", "Add real-time bus tracking to the app.",
         "Real-time bus tracking would help.", "Is real-time bus tracking coming?"],
        ["The lunch menu is never posted.", "Post the lunch menu online.",
         "The lunch menu changes every day.", "We want the lunch menu in advance."])
    result = label_themes(texts, X, labels, centroids, {0: ("tracking",), 1: ("menu",)})
    assert result[0].startswith("Bus tracking")


def test_a_theme_shared_across_languages_is_labelled_in_the_main_language():
    """More of this theme's comments are Spanish, but the corpus is mostly English: the label
    is read from the English ones."""
    shared = ["El autobús escolar siempre llega tarde.", "El autobús escolar no pasa.",
              "Necesitamos otro autobús escolar.", "El autobús escolar va lleno.",
              "The school bus is always late.", "The school bus never came today."]
    english = ["The lunch menu is never posted.", "Post the lunch menu online.",
               "The lunch menu changes every day.", "We want the lunch menu in advance."]
    texts, X, labels, centroids = _two_themes(shared, english)
    languages = ["es"] * 4 + ["en"] * 2 + ["en"] * 4
    result = label_themes(texts, X, labels, centroids, {0: ("autobús",), 1: ("menu",)},
                          languages=languages)
    assert "school bus" in result[0].lower() and "autob" not in result[0].lower()
    assert "lunch menu" in result[1].lower()
