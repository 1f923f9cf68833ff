"""Theme labels from noun phrases: real spaCy tagging on small hand-made themes."""

from __future__ import annotations

import numpy as np

from analyzer.pipelines.labels import label_themes


def _labels_of(*args, **kwargs) -> dict[int, str]:
    return {theme_id: name.label for theme_id, name in label_themes(*args, **kwargs).items()}


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
    result = _labels_of(texts, X, labels, centroids, {0: ("class",), 1: ("bus",)})
    assert result[0].lower().startswith("class size")
    assert result[1].lower().startswith("bus stop")


def test_phrases_of_non_english_comments_are_not_lemmatised_as_english():
    spanish = ["Muchas gracias por las clases de inglés.", "Muchas gracias a los maestros.",
               "Muchas gracias por todo.", "Les damos muchas gracias."]
    english = ["The lunch menu is never posted.", "Post the lunch menu online.",
               "The lunch menu changes every day.", "We want the lunch menu in advance."]
    texts, X, labels, centroids = _two_themes(spanish, english)
    result = _labels_of(texts, X, labels, centroids, {0: ("gracias",), 1: ("menu",)},
                          languages=["es"] * 4 + ["en"] * 4)
    assert "gracias" in result[0].lower() and "gracia " not in result[0].lower() + " "
    assert "lunch menu" in result[1].lower()


def test_acronyms_and_proper_nouns_keep_their_capitals_in_labels():
    texts, X, labels, centroids = _two_themes(
        ["Parking near WKU is impossible.", "Students at WKU need more housing.",
         "WKU should build a garage.", "Traffic around WKU is bad."],
        ["Bowling Green needs more parks.", "I love living in Bowling Green.",
         "Downtown Bowling Green has no shade.", "Keep Bowling Green clean."])
    result = _labels_of(texts, X, labels, centroids, {0: ("wku",), 1: ("bowling",)})
    assert result[0].startswith("WKU")
    assert result[1].startswith("Bowling Green")


def test_vague_adjectives_do_not_open_a_label_but_proper_names_keep_new():
    texts, X, labels, centroids = _two_themes(
        ["We need a real classroom, not a portable.", "Give us a real classroom.",
         "A real classroom would help.", "My son wants a real classroom."],
        ["Our cousins in New Zealand pay less rent.", "New Zealand taxes capital gains.",
         "Look at New Zealand for housing ideas.", "Copy what New Zealand did."])
    result = _labels_of(texts, X, labels, centroids, {0: ("classroom",), 1: ("zealand",)})
    assert result[0].startswith("Classroom")
    assert result[1].startswith("New Zealand")


def test_shouted_words_and_list_items_are_not_kept_in_capitals():
    texts, X, labels, centroids = _two_themes(
        ["THE BUSES ARE ALWAYS LATE", "the buses are late again", "buses late every day",
         "Why are the buses late"],
        ["Priorities:\nTeacher Pay\nSmaller classes", "Raise teacher pay now",
         "Teacher pay is too low", "We need better teacher pay"])
    result = _labels_of(texts, X, labels, centroids, {0: ("buses",), 1: ("pay",)})
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
    result = _labels_of(texts, X, labels, centroids, {0: ("tracking",), 1: ("menu",)})
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
    result = _labels_of(texts, X, labels, centroids, {0: ("autobús",), 1: ("menu",)},
                          languages=languages)
    assert "school bus" in result[0].lower() and "autob" not in result[0].lower()
    assert "lunch menu" in result[1].lower()


def _themes(*comments_per_theme: list[str], centroids: np.ndarray | None = None):
    """Texts, embeddings, labels and centroids of hand-made themes: each comment sits on its
    theme's centre (one-hot unless `centroids` are given)."""
    labels = np.repeat(np.arange(len(comments_per_theme)), [len(c) for c in comments_per_theme])
    if centroids is None:
        centroids = np.eye(len(comments_per_theme), dtype=np.float32)
    centroids = centroids / np.linalg.norm(centroids, axis=1, keepdims=True)
    texts = [text for comments in comments_per_theme for text in comments]
    return texts, centroids[labels].astype(np.float32), labels, centroids.astype(np.float32)


SUBJECTS = {
    "bus stop": ["The bus stop is too far in {town}.", "Move the bus stop in {town}.",
                 "A bus stop shelter for {town}.", "Our bus stop in {town} floods."],
    "lunch menu": ["The lunch menu in {town} is never posted.", "Post the {town} lunch menu.",
                   "The lunch menu changes daily in {town}.", "A lunch menu in {town} please."],
    "class size": ["Class sizes in {town} are huge.", "Cap class sizes in {town}.",
                   "Smaller class sizes for {town}.", "Class sizes grow in {town}."],
    "library hour": ["Library hours in {town} are short.", "Longer library hours in {town}.",
                     "Open library hours on weekends in {town}.",
                     "{town} library hours end early."],
}


def test_a_word_every_theme_uses_names_none_of_them():
    """As "Bowling Green" in that city's consultation: the town's name fills one theme and
    turns up in every other theme's comments, though not in the ones nearest their centres
    that the phrases are read from. It names no theme, nor is it an alternative alone."""
    town = ["Springfield parks are lovely.", "I love Springfield parks.",
            "Springfield needs a new park.", "Springfield parks have no shade.",
            "Keep Springfield clean.", "Springfield should plant trees in the parks."]
    per_theme = [town] + [[c.format(town="our town") for c in comments]
                          + [c.format(town="Springfield") for c in comments[:2]]
                          for comments in SUBJECTS.values()]
    texts, X, labels, centroids = _themes(*per_theme)
    nearness = np.where(np.char.find(np.array(texts), "Springfield") >= 0, 0.5, 1.0)
    nearness[labels == 0] = 1.0
    keywords = {0: ("springfield",), 1: ("bus",), 2: ("menu",), 3: ("class",), 4: ("library",)}
    names = label_themes(texts, X * nearness[:, None], labels, centroids, keywords,
                         per_theme=4)
    assert names[0].label == "Park"
    for name in names.values():
        assert "springfield" not in name.label.lower()
        assert "Springfield" not in name.alternatives  # a phrase holding it may be offered
    assert [names[t].label.lower() for t in range(1, 5)] == list(SUBJECTS)


def test_a_two_word_phrase_that_covers_most_uses_wins_over_its_noun():
    pay = ["Raise teacher pay now.", "Teacher pay is too low here.", "Fair teacher pay please.",
           "We want better pay for extra duties.", "Teacher pay keeps falling behind."]
    menu = ["The lunch menu is never posted.", "Post the lunch menu online.",
            "The lunch menu changes every day.", "We want the lunch menu in advance."]
    names = label_themes(*_themes(pay, menu), {0: ("pay",), 1: ("menu",)})
    assert names[0].label == "Teacher pay"


def test_alternatives_are_other_phrases_of_the_theme_distinct_from_the_label():
    buses = ["The bus driver was late and the bus stop is far.", "Our bus driver is kind.",
             "The bus stop has no shelter.", "Start times are too early for the bus.",
             "Later start times please.", "A crossing guard at the bus stop would help.",
             "The crossing guard left.", "The bus driver skipped our bus stop."]
    menu = ["The lunch menu is never posted.", "Post the lunch menu online.",
            "The lunch menu changes every day.", "We want the lunch menu in advance."]
    names = label_themes(*_themes(buses, menu), {0: ("bus",), 1: ("menu",)})
    shown = [names[0].label, *names[0].alternatives]
    assert 2 <= len(names[0].alternatives) <= 4
    assert len({n.lower() for n in shown}) == len(shown)
    assert {"crossing guard", "start time"} & {n.lower() for n in names[0].alternatives}
    assert not any("menu" in n.lower() for n in names[0].alternatives)


def test_sibling_themes_sharing_a_phrase_take_it_as_a_family_name():
    """Themes 0 and 1 are neighbours in the tree (their centres share a direction) and both
    talk about the building; the four others are apart. The siblings are named
    "Building: ..." and keep their own name as the first alternative; the others are not."""
    mould = ["Mould keeps growing in our building.", "The building smells of mould.",
             "Mould again in the building.", "Our building has mould on the walls."]
    heating = ["Heating in the building is broken.", "The building has no heating in winter.",
               "Fix the heating in our building.", "Heating fails in the building weekly."]
    others = [[c.format(town="town") for c in comments] for comments in SUBJECTS.values()]
    centroids = np.eye(6, 7)
    centroids[:2, 6] = 1.5
    names = label_themes(*_themes(mould, heating, *others, centroids=centroids),
                         {0: ("mould",), 1: ("heating",), 2: ("bus",), 3: ("menu",),
                          4: ("class",), 5: ("library",)})
    assert names[0].label == "Building: mould"
    assert names[1].label == "Building: heating"
    assert names[0].alternatives[0] == "Mould" and names[1].alternatives[0] == "Heating"
    assert not any(":" in names[t].label for t in range(2, 6))
    without = label_themes(*_themes(mould, heating, *others, centroids=centroids),
                           {0: ("mould",), 1: ("heating",), 2: ("bus",), 3: ("menu",),
                            4: ("class",), 5: ("library",)}, family_names=False)
    assert without[0].label == "Mould" and without[1].label == "Heating"


def test_the_same_input_gives_the_same_names():
    per_theme = [[c.format(town="Springfield") for c in comments] for comments in SUBJECTS.values()]
    args = (*_themes(*per_theme), {t: ("springfield",) for t in range(4)})
    assert label_themes(*args) == label_themes(*args)


def test_keywords_include_words_only_one_theme_uses():
    """BERTopic counts words over one document per theme: a minimum document frequency of 2
    there kept only words shared by two themes ("coming; wish; days" instead of "mental
    health; counselor" on the sample)."""
    from analyzer.pipelines.model import fit_themes

    subjects = {"counselor": "We need a counselor for anxiety at school number {i}.",
                "bus": "The bus for route {i} is late again at school.",
                "menu": "Post the lunch menu for week {i} at school."}
    texts = [template.format(i=i) for template in subjects.values() for i in range(20)]
    embeddings = np.repeat(np.eye(3, dtype=np.float32), 20, axis=0)
    fitted = fit_themes(texts, embeddings, n_themes=3, seed=0, fit_sample_size=100,
                        max_unassigned_share=0.0, clustering="kmeans")
    found = {word for words in fitted.keywords.values() for word in words}
    assert {"counselor", "anxiety", "bus", "menu"} <= found


def test_a_one_word_label_takes_a_second_idea_nearly_as_common():
    arts = ["Keep art and music in every school", "Art class and music class matter",
            "Fund art supplies and music teachers", "My kids love art and music",
            "Art helps kids", "Music keeps kids in school"]
    menu = ["The lunch menu is never posted", "Post the lunch menu online",
            "The lunch menu changes", "We want the lunch menu early", "lunch menu please",
            "menu online"]
    names = label_themes(*_themes(arts, menu), {0: ("art", "music"), 1: ("menu",)})
    assert names[0].label == "Art and music"
    assert " and " not in names[1].label  # one phrase covers the other theme
