"""Words that never make a theme keyword or label: English, Spanish, and survey filler."""

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

SPANISH = frozenset("""
a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante
e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba estado estan
estar este esto estos fue fueron ha hay la las le les lo los mas me mi mis mucho muy nada ni
no nos nosotros o os otra otro para pero poco por porque que quien se sea ser si sido sin
sobre son su sus también tambien te tiene tienen todo todos tu un una uno unos y ya yo
más está están estás qué sí él aquí solo sólo ojalá ojala hacer hace favor
""".split())

SURVEY_FILLER = frozenset("""
think feel really just like would could should also get got make lot lots thing things
want need needs please maybe much many way ve ll don doesn isn aren didn won wasn im
email phone name address url
dont doesnt didnt cant wont isnt arent wasnt werent im ive id thats theyre theres youre
lets ok okay yes
""".split())

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | SPANISH | SURVEY_FILLER
