"""Non-answers: "n/a", "nothing", "no sé", "rien", "没有", "-" and the like.

A comment is a non-answer when, compared by `fingerprint` (case, accents, apostrophes and
punctuation ignored), it is one of the phrases of `NON_ANSWERS_BY_LANGUAGE`, optionally
wrapped in politeness or hedging from `FILLERS_BY_LANGUAGE` ("None at this time, thanks!",
"Rien à ajouter, merci"), or a short list of such pieces separated by punctuation
("N/A - nothing."). A text with no letters or digits at all ("-", "?", "...", an emoji alone)
is a non-answer too. Only short texts qualify: a text of more than `MAX_WORDS` words, or with
any word no phrase or filler uses, is an answer, so "Nothing works on the bus", "rien ne
marche dans le bus" and "không có xe buýt đưa đón" stay answers.

The languages are English, Spanish, and those most spoken at home in US communities after
them (`PLAUSIBLE_LANGUAGES` of the language step): French, Portuguese, Chinese, Vietnamese,
Korean, Tagalog, Arabic, Russian, Haitian Creole and Somali; then the common languages of
Europe, Turkey, Indonesia and East Africa (German, Italian, Dutch, Polish, Turkish, Indonesian,
the Scandinavian languages, Romanian, Croatian, Serbian, Ukrainian, Persian, Urdu, Hindi,
Swahili, Amharic). Phrases are matched whatever the
comment's detected language (most non-answers are too short to detect, and "nada" is Spanish
and Portuguese alike).

`fingerprint` treats phrases and comments alike: it drops Arabic hamza and short vowels
("لا أعرف" -> "لا اعرف", "شكراً" -> "شكرا"), Cyrillic and Vietnamese marks ("всё" -> "все",
"không có" -> "khong co") and leaves Han and Hangul as they are, full-width punctuation
turned into spaces ("沒有意見。謝謝！" -> "沒有意見 謝謝").

Chinese and Japanese are written without spaces, so `fingerprint` leaves "我没有意见" one
word. Such a word is matched whole ("没有意见" and "我没有意见" are both listed), or as pieces
glued together that are each a listed phrase or filler ("没有意见谢谢", "目前没有"); a word
holding anything else ("没有校车很不方便", no school bus is very inconvenient) makes the text
an answer, whatever its length. `MAX_WORDS` counts such a word once: for Chinese the
vocabulary, not the length, keeps long answers out, and glued words longer than
`MAX_GLUED_CHARACTERS` are not tried.

Decision: satisfaction is an answer, not a non-answer. "All good", "fine", "ok", "yes",
"everything is great" (and "très bien", "很好", "tốt") say something about the subject and go
to the themes; the phrases here decline, defer ("see above", "同上") or say there is nothing
to add. Thanks alone ("merci", "谢谢") adds nothing and is a non-answer.
Non-answers are kept, not dropped: they become the visible "(no answer)" bucket.
"""

from __future__ import annotations

import re

from analyzer.pipelines.clean.normalize import fingerprint

MAX_WORDS = 10
"""Texts with more words than this (after fingerprinting) are never non-answers."""
MAX_GLUED_CHARACTERS = 24
"""Longest space-less Chinese or Japanese word tried as glued non-answer pieces."""

NON_ANSWERS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": (
        "n/a", "n.a.", "na", "n a", "none", "nothing", "nil", "null", "nan", "no", "nope", "nah",
        "no comment", "no comments", "no comment at all", "no further comments",
        "no additional comments", "no other comments", "no answer", "no response", "blank",
        "not applicable", "does not apply", "doesn't apply", "not relevant",
        "don't know", "dont know", "do not know", "i don't know", "i do not know", "idk", "dunno",
        "no idea", "no clue", "not sure", "i'm not sure", "i am not sure", "unsure", "no opinion",
        "i have no opinion", "not really", "not at this time", "not now", "no thanks",
        "see above", "same as above", "as above", "same as before", "see previous",
        "see previous answer", "see previous comment", "see my previous answer",
        "as previously stated", "as stated above", "already answered", "already said",
        "same", "ditto", "same here", "same as previous",
        "nothing to add", "nothing else", "nothing more", "nothing more to add",
        "nothing at all", "nothing to say", "nothing to report", "nothing comes to mind",
        "nothing in particular", "nothing specific", "not anything", "none that i can think of",
        "can't think of anything", "cannot think of anything", "i can't think of anything",
        "no suggestions", "no concerns", "no other concerns", "no questions", "none so far",
        "i have nothing to add", "i have no comments", "i have none", "i have nothing",
        "pass", "skip", "x", "xx", "xxx", "asdf",
    ),
    "es": (
        "nada", "ninguno", "ninguna", "ningun", "ningún", "no sé", "no se", "yo no sé",
        "no lo sé", "no sabe", "no sabría", "no sabria", "no estoy seguro", "no estoy segura",
        "no tengo idea", "ni idea", "no opino", "sin opinión", "no tengo opinión",
        "sin comentarios", "sin comentario", "ningún comentario", "no tengo comentarios",
        "no hay comentarios", "sin respuesta", "no aplica", "no corresponde",
        "ver arriba", "igual que arriba", "lo mismo que arriba", "lo mismo", "igual", "ídem",
        "idem", "ya lo dije", "como dije antes", "ver respuesta anterior",
        "nada más", "nada que agregar", "nada que añadir", "no tengo nada que agregar",
        "no tengo nada que añadir", "nada que decir", "no tengo nada", "no, gracias",
        "ninguna sugerencia", "no tengo sugerencias", "ninguna por ahora", "ninguno por ahora",
    ),
    "fr": (
        "rien", "aucun", "aucune", "néant", "non", "non merci", "je ne sais pas",
        "je sais pas", "sais pas", "ne sais pas", "jsp", "aucune idée", "pas d'idée",
        "je n'en sais rien", "pas d'avis", "sans avis", "je n'ai pas d'avis", "sans opinion",
        "pas d'opinion", "sans commentaire", "sans commentaires", "pas de commentaire",
        "pas de commentaires", "aucun commentaire", "rien à ajouter", "rien à dire",
        "rien à signaler", "rien de plus", "rien d'autre", "rien de spécial",
        "rien en particulier", "je n'ai rien à ajouter", "je n'ai rien à dire",
        "pas de suggestion", "aucune suggestion", "non applicable", "ne s'applique pas",
        "sans objet", "voir ci-dessus", "voir plus haut", "idem", "pareil", "même chose",
        "même réponse", "comme ci-dessus", "déjà dit",
    ),
    "pt": (
        "nada", "nenhum", "nenhuma", "não", "não obrigado", "não obrigada", "não sei",
        "nao sei", "eu não sei", "sei lá", "não faço ideia", "nenhuma ideia", "sem opinião",
        "não tenho opinião", "sem comentários", "sem comentário", "nenhum comentário",
        "não tenho comentários", "nada a declarar", "nada a acrescentar", "nada a dizer",
        "nada mais", "não tenho nada a acrescentar", "não tenho nada a dizer",
        "nenhuma sugestão", "não se aplica", "não aplicável", "ver acima", "o mesmo",
        "mesmo que acima", "igual acima", "idem", "já respondi",
    ),
    "zh": (
        "没有", "沒有", "无", "無", "没", "沒", "不", "不用", "不用了", "没有了", "沒有了",
        "不知道", "我不知道", "不清楚", "不晓得", "不曉得", "不确定", "不確定",
        "没有意见", "沒有意見", "我没有意见", "我沒有意見", "无意见", "無意見", "暂无",
        "暫無", "暂无意见", "暫無意見", "没什么", "沒什麼", "没有什么", "沒有什麼",
        "没有建议", "沒有建議", "没有想法", "沒有想法", "没有补充", "沒有補充", "无可奉告",
        "無可奉告", "不适用", "不適用", "同上", "如上",
    ),
    "vi": (
        "không", "không có", "không có gì", "không có gì thêm", "không có gì để nói",
        "không có ý kiến", "không ý kiến", "không có nhận xét", "không có góp ý",
        "chưa có", "không biết", "tôi không biết", "không rõ", "không chắc", "như trên",
        "giống như trên", "không áp dụng",
    ),
    "ko": (
        "없음", "없습니다", "없어요", "없다", "없네요", "없어", "아니요", "아니오",
        "모름", "모르겠어요", "모르겠습니다", "몰라요", "잘 모르겠어요", "잘 모르겠습니다",
        "의견 없음", "의견 없습니다", "의견이 없습니다", "특별한 의견 없습니다",
        "해당 없음", "해당 사항 없음", "위와 같음", "위와 동일",
    ),
    "tl": (
        "wala", "wala na", "wala pa", "wala naman", "hindi", "hindi ko alam", "di ko alam",
        "ewan", "ewan ko", "hindi ako sigurado", "walang komento", "wala akong komento",
        "wala akong masabi", "wala akong maidadagdag", "katulad ng nasa itaas",
    ),
    "ar": (
        "لا", "لا شيء", "لا شئ", "لا يوجد", "لا أعرف", "لا اعرف", "لا أدري", "لا ادري",
        "لست متأكدا", "لا تعليق", "لا يوجد تعليق", "ليس لدي تعليق", "بدون تعليق",
        "لا شيء لإضافته", "ليس لدي ما أضيفه", "لا رأي لي", "لا ينطبق", "كما سبق",
    ),
    "ru": (
        "ничего", "нет", "не знаю", "я не знаю", "не уверен", "не уверена",
        "затрудняюсь ответить", "без комментариев", "нет комментариев", "нечего добавить",
        "мне нечего добавить", "нечего сказать", "нет мнения", "нет предложений",
        "то же самое", "см выше", "смотри выше", "как выше", "не применимо",
    ),
    "ht": (
        "anyen", "pa gen anyen", "okenn", "non", "mwen pa konnen", "m pa konnen",
        "mwen pa konn", "m pa konn", "pa konnen", "pa gen kòmantè", "mwen pa gen kòmantè",
        "mwen pa gen anyen pou m ajoute", "menm jan ak anwo a",
    ),
    "so": (
        "waxba", "maya", "ma aqaano", "ma aqaan", "ma garanayo", "waxba ma jiraan",
        "wax kale ma jiro", "faallo ma leh",
    ),
    "de": ("nichts", "keine", "keiner", "weiß nicht", "ich weiß nicht", "keine ahnung",
           "kein kommentar", "keine kommentare", "nichts hinzuzufügen", "siehe oben"),
    "it": ("niente", "nulla", "nessuno", "nessuna", "non so", "non lo so", "nessun commento",
           "niente da aggiungere", "vedi sopra"),
    "nl": ("niets", "geen", "weet niet", "ik weet het niet", "geen idee", "geen opmerkingen",
           "geen commentaar", "niets toe te voegen"),
    "pl": ("nic", "brak", "nie wiem", "brak uwag", "bez komentarza", "nie mam zdania"),
    "tr": ("yok", "hiçbir şey", "hiçbiri", "bilmiyorum", "fikrim yok", "yorum yok",
           "eklenecek bir şey yok"),
    "id": ("tidak ada", "tidak tahu", "tidak ada komentar", "belum ada", "tidak ada saran"),
    "da": ("intet", "ingen", "ved ikke", "ingen kommentarer", "ingenting"),
    "sv": ("inget", "ingen", "ingenting", "vet inte", "inga kommentarer"),
    "no": ("ingenting", "ingen", "vet ikke", "ingen kommentarer"),
    "ro": ("nimic", "niciunul", "nu știu", "nu stiu", "niciun comentariu", "fără comentarii"),
    "hr": ("ništa", "ne znam", "bez komentara", "nemam komentar"),
    "sr": ("ništa", "ne znam", "bez komentara", "ништа", "не знам", "без коментара"),
    "uk": ("нічого", "немає", "не знаю", "без коментарів"),
    "fa": ("هیچ", "هیچی", "نمی دانم", "نمی‌دانم", "نظری ندارم"),
    "ur": ("کچھ نہیں", "پتہ نہیں", "معلوم نہیں", "کوئی تبصرہ نہیں"),
    "hi": ("कुछ नहीं", "पता नहीं", "मालूम नहीं", "कोई टिप्पणी नहीं"),
    "sw": ("hakuna", "sijui", "hakuna maoni", "sina maoni"),
    "am": ("የለም", "አላውቅም", "ምንም", "አስተያየት የለኝም"),
}
"""Whole answers that say nothing about the subject, by language (ISO 639-1)."""

FILLERS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": (
        "thanks", "thank you", "thank you very much", "thanks so much", "thanks again", "thx",
        "ty", "sorry", "really", "honestly", "i think", "at this time", "at the moment",
        "right now", "for now", "so far", "that's all", "thats all", "that is all",
    ),
    "es": (
        "gracias", "muchas gracias", "por ahora", "por el momento", "de momento", "la verdad",
        "eso es todo", "lo siento", "perdón",
    ),
    "fr": (
        "merci", "merci beaucoup", "merci bien", "pour l'instant", "pour le moment",
        "désolé", "désolée", "c'est tout", "honnêtement", "franchement", "vraiment",
    ),
    "pt": (
        "obrigado", "obrigada", "muito obrigado", "muito obrigada", "por enquanto",
        "no momento", "por agora", "desculpe", "é isso", "sinceramente",
    ),
    "zh": (
        "谢谢", "謝謝", "谢谢你", "謝謝你", "谢谢您", "謝謝您", "多谢", "多謝", "暂时",
        "暫時", "目前", "现在", "現在", "目前为止", "目前為止", "就这样", "就這樣", "抱歉",
    ),
    "vi": (
        "cảm ơn", "cám ơn", "xin cảm ơn", "cảm ơn nhiều", "hiện tại", "lúc này",
        "xin lỗi", "vậy thôi", "thật sự",
    ),
    "ko": (
        "감사합니다", "고맙습니다", "감사해요", "고마워요", "현재로서는", "지금은",
        "죄송합니다", "특별히", "딱히",
    ),
    "tl": ("salamat", "salamat po", "maraming salamat", "po", "naman", "sa ngayon", "pasensya"),
    "ar": ("شكرا", "شكراً", "شكرا جزيلا", "شكراً جزيلاً", "حاليا", "حالياً", "آسف"),
    "ru": ("спасибо", "большое спасибо", "пока", "пока что", "на данный момент", "извините"),
    "ht": ("mèsi", "mèsi anpil", "pou kounye a", "padon"),
    "so": ("mahadsanid", "mahadsanid aad", "hadda", "waan ka xumahay"),
    "de": ("danke", "vielen dank", "danke schön", "momentan", "zurzeit"),
    "it": ("grazie", "grazie mille", "per ora", "al momento"),
    "nl": ("bedankt", "dank je", "dank u", "op dit moment", "voorlopig"),
    "pl": ("dziękuję", "dzięki", "na razie", "obecnie"),
    "tr": ("teşekkürler", "teşekkür ederim", "şimdilik", "şu an"),
    "id": ("terima kasih", "untuk saat ini", "maaf"),
    "da": ("mange tak", "tusind tak", "for nu"),
    "sv": ("tack", "tack så mycket", "för tillfället"),
    "no": ("takk", "tusen takk", "for øyeblikket"),
    "ro": ("mulțumesc", "multumesc", "deocamdată", "deocamdata"),
    "hr": ("hvala", "hvala lijepa", "za sada"),
    "sr": ("hvala", "za sada", "хвала", "за сада"),
    "uk": ("дякую", "поки що", "наразі"),
    "fa": ("ممنون", "مرسی", "متشکرم", "فعلا"),
    "ur": ("شکریہ", "فی الحال"),
    "hi": ("धन्यवाद", "शुक्रिया", "अभी के लिए"),
    "sw": ("asante", "asante sana", "kwa sasa"),
    "am": ("አመሰግናለሁ", "ለአሁን"),
}
"""Politeness and hedging that may surround a non-answer without changing it, by language."""

NON_ANSWER_PHRASES: tuple[str, ...] = tuple(
    p for phrases in NON_ANSWERS_BY_LANGUAGE.values() for p in phrases)
"""Every language's non-answer phrases."""
FILLERS: tuple[str, ...] = tuple(f for fillers in FILLERS_BY_LANGUAGE.values() for f in fillers)
"""Every language's fillers."""

_PHRASE_KEYS = frozenset(fingerprint(p) for p in NON_ANSWER_PHRASES)
_FILLER_KEYS = tuple(sorted({fingerprint(f) for f in FILLERS}, key=len, reverse=True))
_VOCABULARY = frozenset(w for k in _PHRASE_KEYS.union(_FILLER_KEYS) for w in k.split())
_SPACELESS = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_GLUED_PIECES = frozenset(w for w in _VOCABULARY if _SPACELESS.search(w))
_GLUED_LENGTHS = tuple(sorted({len(w) for w in _GLUED_PIECES}, reverse=True))
_PIECE_BREAK = re.compile(
    r"\s[-\u2013\u2014]+\s|[,;:.!?¡¿()\u3001\u3002\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f"
    r"\u060c\u061b\u061f]+|\s[-\u2013\u2014]+$")


def is_non_answer(text: str, key: str | None = None) -> bool:
    """Whether a (normalised) comment says nothing about the subject. `key`: its
    `fingerprint`, when the caller has it already.

    >>> is_non_answer("N/A"), is_non_answer("No sé."), is_non_answer("Nothing works on the bus")
    (True, True, False)
    >>> is_non_answer("Rien à ajouter, merci !"), is_non_answer("没有意见谢谢")
    (True, True)
    >>> is_non_answer("没有校车很不方便"), is_non_answer("không có xe buýt đưa đón")
    (False, False)
    """
    if not isinstance(text, str) or not text.strip():
        return False  # empty is "empty after cleaning", not a non-answer
    key = fingerprint(text) if key is None else key
    if not key:
        return True  # punctuation, symbols or emoji only
    if len(key.split()) > MAX_WORDS:
        return False
    key = _known(key)
    if key is None:
        return False  # a word no non-answer uses: fast exit for most answers
    if _is_phrase(key) or (key in _FILLER_KEYS):
        return True
    pieces = [_known(fingerprint(p)) for p in _PIECE_BREAK.split(text)]
    pieces = [p for p in pieces if p != ""]
    return len(pieces) > 1 and all(p is not None and (_is_phrase(p) or p in _FILLER_KEYS)
                                   for p in pieces) and any(_is_phrase(p) for p in pieces)


def _known(key: str) -> str | None:
    """`key` with glued Chinese or Japanese pieces split by spaces, or None when one of its
    words is neither a word of the phrases and fillers nor glued from such pieces."""
    words = key.split()
    if _VOCABULARY.issuperset(words):
        return key
    split: list[str] = []
    for word in words:
        if word in _VOCABULARY:
            split.append(word)
            continue
        pieces = _glued_pieces(word)
        if pieces is None:
            return None
        split += pieces
    return " ".join(split)


def _glued_pieces(word: str) -> list[str] | None:
    """The fewest known pieces that `word` is made of, or None."""
    n = len(word)
    if n > MAX_GLUED_CHARACTERS or not _SPACELESS.search(word):
        return None
    best: list[list[str] | None] = [[]] + [None] * n
    for start in range(n):
        so_far = best[start]
        if so_far is None:
            continue
        for length in _GLUED_LENGTHS:
            end = start + length
            if end <= n and word[start:end] in _GLUED_PIECES:
                if best[end] is None or len(so_far) + 1 < len(best[end]):
                    best[end] = so_far + [word[start:end]]
    return best[n]


def _is_phrase(key: str) -> bool:
    """A phrase key, possibly with fillers before or after it."""
    if key in _PHRASE_KEYS:
        return True
    changed = True
    while changed and key:
        changed = False
        for filler in _FILLER_KEYS:
            if key.startswith(filler + " "):
                key, changed = key[len(filler) + 1:], True
            elif key.endswith(" " + filler):
                key, changed = key[:-len(filler) - 1], True
            if key in _PHRASE_KEYS:
                return True
    return False
