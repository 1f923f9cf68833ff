"""Write the bundled synthetic district survey and the truth planted in it.

Run ``python sample_feedback/generate.py``. It rewrites ``district_survey.csv``,
``planted_truth.csv`` and ``benchmark_shares.csv`` next to this file, and the counts
section of ``README.md``. Every draw comes from ``random.Random(2026)``, so two runs give
byte-identical files. Every comment is composed from the fragments below; none is real.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2026
ROLES = ("Parent", "Student", "Teacher", "Community member", "Spanish-speaking family")
ROUNDS = ("Spring 2026", "Fall 2026")
THEMES = ("transportation", "class_size", "safety_bullying", "mental_health", "school_food",
          "facilities", "communication", "homework_load", "teacher_pay", "arts_music",
          "technology", "language_access")
# Themed (non-campaign) comments per role; the columns follow THEMES.
THEME_COUNTS = {
    "Parent": (111, 70, 80, 55, 60, 55, 90, 55, 35, 30, 48, 2),
    "Student": (30, 20, 60, 70, 95, 40, 8, 95, 4, 24, 20, 0),
    "Teacher": (12, 80, 30, 35, 6, 35, 20, 10, 80, 12, 21, 2),
    "Community member": (35, 8, 18, 8, 6, 38, 20, 3, 24, 10, 8, 1),
    "Spanish-speaking family": (12, 3, 8, 4, 9, 3, 10, 5, 0, 0, 3, 38),
}
CAMPAIGN_COUNTS = {"Parent": 85, "Student": 7, "Teacher": 8, "Community member": 50}
NON_ANSWER_COUNTS = {"Parent": 22, "Student": 25, "Teacher": 8, "Community member": 10,
                     "Spanish-speaking family": 5}
EMPTY_COUNTS = {"Parent": 2, "Student": 2, "Teacher": 1, "Community member": 1}
FALL_SHARE = {"safety_bullying": 0.68, "school_food": 0.22, "technology": 1.0}
DEFAULT_FALL_SHARE = 0.40  # every other theme
OTHER_FALL_SHARE = 0.45    # campaign, non-answers, empty rows
SPANISH_SHARE = 0.52       # of Spanish-speaking family comments on themes with Spanish text
BENCHMARK = {"Parent": 0.38, "Student": 0.27, "Teacher": 0.08, "Community member": 0.12,
             "Spanish-speaking family": 0.15}
SCHOOLS = (("Maple Grove Elementary", "Maple Grove"), ("Lincoln Park Elementary", "Lincoln Park"),
           ("Riverside Middle School", "Riverside"), ("Cedar Hills High School", "Cedar Hills"),
           ("Eastview K-8 Academy", "Eastview"))
SCHOOL_WEIGHTS = {"Parent": (26, 22, 20, 20, 12), "Student": (0, 0, 40, 48, 12),
                  "Teacher": (20, 18, 22, 28, 12), "Community member": (20, 20, 20, 25, 15),
                  "Spanish-speaking family": (30, 10, 20, 15, 25)}
WINDOW_START = {"Spring 2026": dt.datetime(2026, 3, 2), "Fall 2026": dt.datetime(2026, 10, 5)}
WINDOW_DAYS = 40
CAMPAIGN_BURST_DAY = {"Spring 2026": 16, "Fall 2026": 15}
HOUR_WEIGHTS = (1, 1, 0, 0, 0, 1, 2, 5, 4, 3, 3, 3, 6, 5, 3, 5, 5, 6, 8, 10, 11, 10, 7, 3)

# English fragments. Cores start in lower case unless they start with "I"; the composer
# capitalises. Keys named after a role hold cores voiced by that role.
EN = {
    "transportation": {
        "any": [
            "the bus is late almost every morning and kids miss the start of first period.",
            "bus route {route} was cut this year and now we drive 25 minutes each way.",
            "the pickup line at {school} backs up onto the main road every afternoon.",
            "there is no crossing guard near the bus stop on our street.",
            "the buses are so crowded that kids are sitting three to a seat.",
            "nobody tells us when the bus is running late, we just stand at the stop and wait."],
        "Student": ["my bus comes at 6:40 which is way too early.",
                    "the bus is always late so I get marked tardy for something I can't control.",
                    "the late bus after practice got cancelled so I have no ride home."],
        "Teacher": ["students on bus {route} show up 20 minutes late and miss instruction.",
                    "dismissal is chaos because the buses arrive at different times."],
        "Community member": [
            "school drop-off traffic on our street is dangerous for everyone.",
            "parents idle in the bus lane and block the neighborhood every morning."],
        "detail": ["Last week the bus never showed up at all.",
                   "Kids wait outside in the rain and the dark in winter.",
                   "We had to rearrange our work schedules around drop-off.",
                   "The bus driver shortage has been going on for two years.",
                   "The stop was moved to a busy intersection without sidewalks."],
        "ask": ["Please add another bus route or stagger the start times.",
                "Can the district publish real-time bus tracking?",
                "Hire more bus drivers and pay them enough to stay.",
                "Please put a crossing guard at the corner by the bus stop."],
    },
    "class_size": {
        "any": [
            "class sizes are way too big, my daughter's class has {n} kids.",
            "with {n} students in one room the teacher can't give anyone individual attention.",
            "the classrooms are overcrowded and kids are sitting on the floor.",
            "there are too many students per class and not enough aides."],
        "Student": ["my math class has {n} people and there aren't enough desks.",
                    "it's hard to ask questions when there are {n} kids in the class."],
        "Teacher": ["I have {n} students in my third period and no aide.",
                    "large class sizes make it impossible to differentiate instruction.",
                    "with {n} kids per section I can't grade writing in a reasonable time."],
        "detail": ["Some kids fall behind and nobody notices.",
                   "Combined grade classes are not working.",
                   "Two classes were merged in October after a teacher left.",
                   "Kids with IEPs are not getting the support they need in a crowded room."],
        "ask": ["Please cap class sizes at 24.", "Hire more teachers and classroom aides.",
                "Lower the student to teacher ratio before adding new programs.",
                "Open another section instead of packing more kids into one classroom."],
    },
    "safety_bullying": {
        "any": ["bullying is a serious problem and the school is not dealing with it.",
                "my child was bullied for months and nothing happened to the other kids.",
                "there have been several fights in the hallways this year.",
                "kids are vaping in the bathrooms and students don't feel safe going in.",
                "cyberbullying on group chats follows kids into school every day."],
        "Student": [
            "people get bullied in the locker room and the teachers don't see it.",
            "there were three fights in the cafeteria last month and everyone filmed them.",
            "I don't feel safe in the bathrooms because of the vaping and fights."],
        "Teacher": ["hallway supervision is thin and fights break out between classes.",
                    "we need a clear, consistent discipline policy for bullying and threats."],
        "Community member": ["I see kids fighting at the bus stop after school.",
                             "there were police cars at the high school twice this month."],
        "detail": [
            "The bullying reports just disappear.",
            "Parents are only told after the fact.",
            "Kids are afraid to report it because of retaliation.",
            "It got a lot worse after the fall break.",
            "A student brought a knife to school and families heard about it on social media."],
        "ask": ["Please add hallway monitors and take bullying reports seriously.",
                "We need a real anti-bullying plan with follow up.",
                "Please tell families quickly when there is a safety incident.",
                "Put more adults in the hallways and bathrooms so kids feel safe."],
    },
    "mental_health": {
        "any": ["there is one counselor for over 400 students and it's not enough.",
                "kids are dealing with a lot of anxiety and depression and need support.",
                "students need more mental health services at school.",
                "my son has panic attacks before tests and the counselor is always booked."],
        "Student": ["a lot of us are stressed and anxious and the counselor has a two week wait.",
                    "I wish there was someone to talk to when things get bad.",
                    "the pressure about grades and college is really affecting our mental health."],
        "Teacher": ["I see more students with anxiety and self-harm than ever before.",
                    "we need more counselors and a school social worker on every campus."],
        "detail": ["Wait lists for outside therapists are months long.",
                   "Some kids just shut down and stop coming to school.",
                   "Staff are not trained to handle a mental health crisis.",
                   "A wellness room would help kids calm down instead of going home."],
        "ask": ["Please hire more counselors and social workers.",
                "Add mental health days and a calm space in each building.",
                "Partner with local clinics for on-site therapy.",
                "Train staff to notice students who are struggling emotionally."],
    },
    "school_food": {
        "any": ["the school lunch is low quality and kids throw most of it away.",
                "lunch portions are too small and my kids come home starving.",
                "the cafeteria food is mostly processed and not healthy.",
                "there are no real vegetarian options in the cafeteria."],
        "Student": ["lunch is honestly gross, the pizza is cold and the chicken is rubbery.",
                    "we only get 20 minutes for lunch and the line takes 15 of it.",
                    "the cafeteria runs out of food before the last lunch period.",
                    "breakfast is just a muffin and juice which doesn't keep you full."],
        "Parent": ["the lunch account charges are confusing and the posted menu is always wrong."],
        "detail": ["Fresh fruit would be easy to add.",
                   "The lunch menu online never matches what is served.",
                   "Kids with food allergies have very few choices.",
                   "Free breakfast should be for everyone."],
        "ask": ["Please serve fresher, healthier school meals.",
                "Give students more time to eat lunch.", "Add a salad bar and vegetarian options.",
                "Make sure the cafeteria doesn't run out of food."],
    },
    "facilities": {
        "any": ["the roof leaks in the gym every time it rains.",
                "the bathrooms are in terrible shape, broken stalls and no soap.",
                "the building has no air conditioning and classrooms are over 85 degrees in May.",
                "the heating is broken in half the classrooms every winter.",
                "the building is old, with peeling paint and mold in the portables."],
        "Student": ["the bathrooms are disgusting and half of them are locked.",
                    "it's so hot in the classrooms that nobody can focus.",
                    "the water fountains don't work and some have brown water."],
        "Teacher": [
            "my classroom heater has been broken since November and maintenance never came.",
            "we have stained ceiling tiles and a mold smell in the portable."],
        "Community member": [
            "the building needs a new roof and the bond money should go to repairs.",
            "the playground and field are in bad shape and neighbors use them too."],
        "detail": ["Maintenance requests take months.", "The parking lot is full of potholes.",
                   "The portables were supposed to be temporary ten years ago.",
                   "Kids wear coats in class because the heat is out."],
        "ask": ["Please fix the roof and the HVAC before anything else.",
                "Put the facilities budget into repairs, not new signs.",
                "Replace the portables with real classrooms.",
                "Keep the bathrooms clean and stocked."],
    },
    "communication": {
        "any": ["communication from the district is confusing and comes too late.",
                "we get emails, texts, and app notifications and they all say different things.",
                "I found out about the schedule change from another parent, not the school.",
                "the school website is out of date and hard to navigate."],
        "Teacher": [
            "staff hear about district decisions from the news before central office tells us.",
            "families miss important notices because they are buried in long newsletters."],
        "Community member": [
            "the school board doesn't explain its decisions to the public.",
            "board meeting agendas are posted the night before so nobody can plan."],
        "Student": ["we find out about schedule changes the morning of.",
                    "nobody tells students anything, we hear it from rumors."],
        "detail": ["The weekly newsletter is twenty pages long.",
                   "Teachers don't answer emails for a week.",
                   "The parent portal shows grades that are weeks old.",
                   "There are three different apps for messages."],
        "ask": ["Please use one channel and send a short weekly summary.",
                "Give families at least two weeks notice for changes.",
                "Respond to parent emails within two school days.",
                "Keep the website and the calendar up to date."],
    },
    "homework_load": {
        "any": ["the amount of homework is too much, my kid is up until 11pm.",
                "there is way too much homework in middle school and it's mostly busywork.",
                "homework takes three hours a night and leaves no time for family.",
                "every class assigns homework on the same night with no coordination."],
        "Student": ["I have like 4 hours of homework every night and I can't sleep.",
                    "teachers all give tests and big assignments the same week.",
                    "homework on weekends and breaks makes it impossible to rest.",
                    "the homework is just busywork that doesn't help me learn."],
        "Teacher": ["we should coordinate homework across subjects so students aren't overloaded.",
                    "I would support a homework policy that limits nightly assignments."],
        "detail": ["Kids can't do sports or jobs.", "Family dinners are gone.",
                   "Assignments are due at midnight online.",
                   "Students copy answers just to get the homework done."],
        "ask": ["Please set a limit on nightly homework.", "No homework over breaks, please.",
                "Coordinate test and project due dates.",
                "Focus on fewer, more meaningful assignments."],
    },
    "teacher_pay": {
        "any": ["teachers are underpaid and we keep losing good ones to other districts.",
                "teacher salaries have not kept up with the cost of living.",
                "the district needs to pay teachers and paraprofessionals a living wage.",
                "teacher turnover is terrible because the pay is so low."],
        "Teacher": [
            "I work a second job on weekends because my salary doesn't cover rent.",
            "after {years} years my pay is still below what the next district pays new hires.",
            "we haven't had a real raise in three years while insurance costs went up.",
            "substitutes and aides are paid so little that positions stay empty."],
        "Community member": ["I'd support a levy if the money actually goes to teacher pay.",
                             "good teachers leave because the salary schedule is not competitive."],
        "detail": ["Three teachers at our school left mid-year.",
                   "Classes had long-term subs for months.",
                   "Young teachers can't afford to live in town.",
                   "Stipends for extra duties are tiny."],
        "ask": ["Please raise teacher salaries and make them competitive.",
                "Put teacher retention and pay ahead of administrative positions.",
                "Give aides and subs a raise too.",
                "Negotiate a fair contract with the teachers union this year."],
    },
    "arts_music": {
        "any": ["the art program was cut to one semester and that's not enough.",
                "the band room has instruments that are falling apart.",
                "please keep music class in the elementary schools.",
                "the theater program depends entirely on parent fundraising."],
        "Student": ["band and choir are the only reason I like coming to school.",
                    "art class is where I can actually relax and be creative.",
                    "we don't have a drama club anymore and a lot of us miss it."],
        "Teacher": ["I teach art to 600 kids with a supply budget of $300.",
                    "music classes are scheduled against AP classes so students have to choose."],
        "detail": ["The spring concert was packed.", "Instruments are shared between three kids.",
                   "The kiln in the art room has been broken for a year.",
                   "Kids who struggle elsewhere shine in art and music."],
        "ask": ["Please fully fund the art and music teachers.",
                "Buy new instruments for the band program.", "Bring back the theater class.",
                "Protect the arts in the budget."],
    },
    "technology": {
        "any": ["the new Chromebooks are slow and half of them don't hold a charge.",
                "the StudentHub portal that launched this fall is confusing for families.",
                "the school wifi drops constantly during online tests.",
                "kids spend too much screen time on the new laptops."],
        "Student": ["the wifi blocks sites we need for research but not games.",
                    "my Chromebook charger broke and they want $40 to replace it.",
                    "StudentHub logs me out every ten minutes and I lose my work."],
        "Teacher": ["I spend half the period fixing logins on the new devices.",
                    "we got new laptops but no training on the new software."],
        "Parent": [
            "I can't find grades in the new StudentHub app, it's worse than the old portal."],
        "detail": ["The tech help desk takes weeks.", "Passwords reset every month.",
                   "Younger kids can't type their logins.", "The app crashes on older phones."],
        "ask": ["Please fix the wifi and give teachers tech support.",
                "Offer a family night to explain StudentHub.",
                "Limit screen time in the lower grades.", "Replace the broken Chromebooks."],
    },
    "language_access": {
        "any": ["meetings need interpreters, many families in our community speak Spanish.",
                "notices from the school only come in English.",
                "the district should hire more bilingual staff in the front office.",
                "translated documents are often weeks late or badly machine translated."],
        "Spanish-speaking family": [
            "at the parent conference there was no interpreter so my son had to translate.",
            "the letters come only in English and I need help to read them.",
            "when I call the office nobody speaks Spanish."],
        "Teacher": ["I can't talk with some of my students' parents without an interpreter.",
                    "we need bilingual staff who can call families in Spanish."],
        "detail": ["Enrollment forms and permission slips should be translated.",
                   "Using kids as translators is not fair to them.",
                   "The robocalls are only in English."],
        "ask": ["Please provide interpreters at every meeting.",
                "Translate all notices into Spanish.", "Hire bilingual office staff.",
                "Offer headsets with live interpretation at board meetings."],
    },
}
TERSE = {  # five to seven words, typed in a hurry
    "transportation": ("the bus is always late", "we need more bus routes",
                       "please fix the bus schedule"),
    "class_size": ("classes are way too big", "too many kids per class",
                   "please make class sizes smaller"),
    "safety_bullying": ("bullying is out of control", "kids don't feel safe at school",
                        "stop the fights and bullying"),
    "mental_health": ("we need more counselors, period", "kids need mental health support",
                      "hire more school counselors please"),
    "school_food": ("the lunch food is bad", "we want better school lunches!!",
                    "cafeteria food needs to improve"),
    "facilities": ("fix the leaking roof please", "the bathrooms need to be fixed",
                   "the building needs major repairs"),
    "communication": ("communication from the district is poor",
                      "please communicate better with families",
                      "too many confusing emails and texts"),
    "homework_load": ("way too much homework every night", "less homework please, we're exhausted",
                      "cut down on the homework"),
    "teacher_pay": ("pay our teachers what they deserve", "teachers deserve a real raise",
                    "raise teacher salaries now please"),
    "arts_music": ("keep art and music classes", "please don't cut the band program",
                   "more art and music please"),
    "technology": ("the new Chromebooks are terrible", "fix the school wifi please",
                   "StudentHub is really confusing to use"),
    "language_access": ("we need interpreters at meetings",
                        "please translate notices into Spanish",
                        "more bilingual staff in the office"),
}
ES = {
    "language_access": {
        "core": ["En las reuniones de padres no hay intérprete y no entiendo lo que dicen.",
                 "Las notas de la escuela llegan solo en inglés.",
                 "Cuando llamo a la oficina nadie habla español.",
                 "Los avisos del distrito deberían estar traducidos al español.",
                 "Mi hijo tiene que traducir para mí en las conferencias y eso no está bien."],
        "detail": ["Muchas familias no vamos a las juntas por eso.",
                   "Los formularios de inscripción también vienen solo en inglés."],
        "ask": ["Por favor, pongan intérpretes en todas las juntas.",
                "Pedimos que traduzcan los correos y las cartas.",
                "Ojalá contraten personal bilingüe en la oficina."],
    },
    "transportation": {
        "core": ["El autobús llega tarde casi todos los días.",
                 "La parada del autobús está muy lejos de nuestra casa.",
                 "Mis hijos esperan el autobús en la oscuridad y con frío."],
        "detail": ["No tengo carro para llevarlos.", "Cambiaron la ruta sin avisar."],
        "ask": ["Por favor, agreguen otra ruta de autobús.", "Necesitamos un guardia en el cruce."],
    },
    "school_food": {
        "core": ["La comida de la cafetería es muy mala y mis hijos llegan con hambre.",
                 "Las porciones del almuerzo son muy pequeñas.",
                 "Quisiera opciones más saludables en el desayuno y el almuerzo."],
        "detail": ["Casi todo es comida procesada.", "Mi hija no come nada en la escuela."],
        "ask": ["Por favor, sirvan fruta y verdura fresca.", "Den más tiempo para almorzar."],
    },
    "safety_bullying": {
        "core": ["Mi hija sufre acoso en la escuela y nadie hace nada.",
                 "Hay peleas en los pasillos y los niños tienen miedo.",
                 "No me siento tranquila mandando a mi hijo a la escuela por el bullying."],
        "detail": ["Ya hablé con la directora dos veces.",
                   "Los niños graban las peleas con el celular."],
        "ask": ["Pedimos más vigilancia en los pasillos.",
                "Que tomen en serio las quejas de acoso."],
    },
    "communication": {
        "core": ["No me entero de los eventos hasta el último momento.",
                 "La escuela manda demasiados mensajes y no sé cuál es importante.",
                 "Los maestros no contestan los correos."],
        "detail": ["A veces el mensaje llega el mismo día.", "La aplicación es muy complicada."],
        "ask": ["Manden un resumen corto cada semana.", "Avisen con tiempo de los cambios."],
    },
    "homework_load": {
        "core": ["Mi hijo tiene demasiada tarea y se acuesta muy tarde.",
                 "Las tareas son muy largas para niños tan pequeños."],
        "detail": ["No tenemos tiempo para estar en familia.", "Llora porque no termina la tarea."],
        "ask": ["Por favor, menos tarea los fines de semana."],
    },
    "mental_health": {
        "core": ["Mi hijo tiene mucha ansiedad y la consejera nunca tiene tiempo.",
                 "Los niños necesitan más apoyo emocional en la escuela."],
        "detail": ["Está muy triste desde el año pasado."],
        "ask": ["Contraten más consejeros que hablen español."],
    },
}
OPENERS = {
    "Parent": ["As a parent of two kids at {school},", "Parent of a {grade} grader here.",
               "Thanks for asking for feedback.", "My biggest concern this year:", "Honestly,",
               "I'll keep it short.", "Speaking as a working parent,"],
    "Student": ["Honestly", "ok so", "not gonna lie,", "I'm in {hgrade} grade and",
                "As a student at {school},", "idk if anyone reads these but"],
    "Teacher": ["As a teacher at {school},", "Speaking as staff,", "From the classroom side:",
                "After {years} years teaching in this district,", "I love my job, but"],
    "Community member": ["As a neighbor of {school},", "I don't have kids in school anymore but",
                         "As a local business owner,", "As a taxpayer,", "Grandparent here."],
    "Spanish-speaking family": ["As a Spanish-speaking parent,", "My English is not perfect but",
                                "Sorry for my English.", "I am a mom at {school}."],
}
ES_OPENERS = ["Buenas tardes.", "Hola,", "Como madre de familia,", "Gracias por preguntar.",
              "Soy papá de dos niños en {school}."]
CLOSERS = ["Thank you.", "Thanks for listening.", "Please do something.", "Appreciate the survey.",
           "Thanks!"]
ES_CLOSERS = ["Gracias.", "Muchas gracias.", "Ojalá nos escuchen."]
TYPOS = (("the ", "teh "), ("because", "becuase"), ("really", "realy"), ("don't", "dont"),
         ("can't", "cant"), ("doesn't", "doesnt"), ("their", "thier"), ("it's", "its"),
         ("a lot", "alot"), ("I'm", "im"), ("every", "evry"), ("there", "their"))
ACCENTS = str.maketrans("áéíóú¿¡", "aeiou  ")
NON_ANSWERS = ("n/a", "N/A", "NA", "N/a", "nothing", "Nothing.", "no comment", "No comments.",
               "none", "None", "-", "--", ".", "idk", "IDK", "see above", "nope", "no",
               "Nothing to add.", "nothing at this time", "not sure", "nada")
ES_NON_ANSWERS = ("nada", "Nada.", "no sé", "ninguno", "no tengo comentarios")
EMPTY_TEXTS = ("", " ", "   ", "\t", "", " \n ")
CAMPAIGN = ("I am writing to ask the school board to {save} the music and arts program. "
            "Band, choir and art class are the reason {many} come to school. "
            "Cutting them would {hurt} every school in our district.")
CAMPAIGN_GREETINGS = ("", "", "Dear School Board,", "Dear Board members,", "Hello,", "Hi,",
                      "To the school board:")
CAMPAIGN_SIGNOFFS = ("", "", "Thank you.", "Thanks.", "Thank you for your time.",
                     "Please vote no on the cuts.", "A proud {school} family.")
CHILD_NAMES = (("son", "Daniel Ortiz"), ("daughter", "Sofia Ramirez"), ("son", "Tyler Brooks"),
               ("son", "Aiden Nguyen"), ("daughter", "Grace Whitfield"), ("son", "Mateo Alvarez"),
               ("daughter", "Hannah Kowalski"), ("daughter", "Jordan Ellis"))
STAFF_NAMES = ("Ms. Patel", "Mr. Hoffman", "Mrs. Delgado", "Coach Reynolds", "Mr. Okafor")
SIGNOFF_NAMES = ("Laura Chen", "Mark Jensen", "Patricia Moreno", "Kevin Walsh")
EMAIL_USERS = ("karen.miller", "jlopez84", "dad.of.three", "m.chen", "rgarcia", "tbrooks.family",
               "lisa_w", "pta.volunteer", "ana.flores", "coach.mike")
STREETS = ("123 Maple Street", "48 Birch Lane", "2210 Oak Ridge Road", "915 Cedar Avenue")
AREA_CODES = ("217", "312", "503", "614", "919")
# The first two go to Spanish-written comments; students only ever name a teacher.
PII_PLAN = (["EMAIL", "PHONE"] + ["EMAIL"] * 9 + ["PHONE"] * 9 + ["NAME"] * 9 + ["ADDRESS"] * 3
            + ["EMAIL;PHONE"] * 3 + ["NAME;EMAIL"])
ARTIFACT_ROWS = 24  # English comments; 3 campaign copies and 4 Spanish comments come on top
PII_TEMPLATES = {  # kind: (before or after the comment, English wordings, Spanish wordings)
    "EMAIL": ("after", ("You can email me at {v}.", "Contact me at {v}.",
                        "Feel free to reach out at {v} if you want details."),
              ("Mi correo es {v}.",)),
    "PHONE": ("after", ("Call me at {v} if you have questions.", "My cell is {v}.",
                        "Happy to talk, {v}."), ("Mi teléfono es {v}.",)),
    "STAFF": ("after", ("I already told {v} in room {room} about it.",
                        "{v} in room {room} agrees with me."), ()),
    "CHILD": ("front", ("My {child} {v} is in {grade} grade.", "My {child} {v} goes to {school}."),
              ("{hijo} {v} está en {sgrade} grado.",)),
    "ADDRESS": ("front", ("We live at {v}, close to {school}.", "Our house is at {v}."), ()),
}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(parts: list[str]) -> str:
    """Join fragments; a fragment after an opener ending mid-sentence keeps its lower case."""
    out = ""
    for part in parts:
        if not out:
            out = _cap(part)
        else:
            out += " " + (_cap(part) if out[-1] in ".:!?" else part)
    return out


def _fit(parts: list[str], ctx: dict, max_words: int) -> str:
    """Fill placeholders and drop trailing fragments until the comment fits max_words."""
    text = _join(parts).format_map(ctx)
    while len(text.split()) > max_words and len(parts) > 1:
        parts = parts[:-1]
        text = _join(parts).format_map(ctx)
    return text


def english_comment(rng: random.Random, theme: str, role: str, ctx: dict, max_words: int) -> str:
    """One comment on theme in role's voice: terse, one sentence, or built from fragments."""
    bank = EN[theme]
    voiced = bank.get(role, [])
    voice_share = 0.8 if role == "Student" else 0.6  # students rarely sound like parents
    core = rng.choice(voiced if voiced and rng.random() < voice_share else bank["any"])
    form = rng.choices(("terse", "short", "medium", "long"), weights=(6, 8, 52, 34))[0]
    if form in ("terse", "short"):
        text = rng.choice(TERSE[theme]) if form == "terse" else _fit([core], ctx, max_words)
        if rng.random() < 0.5:
            text = text.rstrip(".")
        return text if rng.random() < 0.5 else _cap(text)
    parts = [rng.choice(OPENERS[role])] if rng.random() < 0.6 else []
    parts.append(core)
    if form == "medium":
        parts.append(rng.choice(bank["detail"] + bank["ask"]))
    else:
        parts += rng.sample(bank["detail"], rng.randint(1, 2)) + [rng.choice(bank["ask"])]
        if rng.random() < 0.5:
            parts.append(rng.choice(CLOSERS))
    return _fit(parts, ctx, max_words)


def spanish_comment(rng: random.Random, theme: str, ctx: dict, max_words: int) -> str:
    """One comment written in Spanish by a Spanish-speaking family."""
    bank = ES[theme]
    parts = [rng.choice(ES_OPENERS)] if rng.random() < 0.5 else []
    parts.append(rng.choice(bank["core"]))
    if rng.random() < 0.7:
        parts.append(rng.choice(bank["detail"]))
    if rng.random() < 0.7:
        parts.append(rng.choice(bank["ask"]))
    if rng.random() < 0.4:
        parts.append(rng.choice(ES_CLOSERS))
    if parts[0].endswith(","):  # "Hola, mi hija..." continues the opener's sentence
        parts[1] = parts[1][:1].lower() + parts[1][1:]
    text = _fit(parts, ctx, max_words)
    if rng.random() < 0.3:  # typed without accents, as on many phones
        text = " ".join(text.translate(ACCENTS).split())
    return text


def add_typos(rng: random.Random, text: str) -> str:
    options = [pair for pair in TYPOS if pair[0] in text]
    for old, new in rng.sample(options, min(len(options), rng.randint(1, 2))):
        text = text.replace(old, new, 1)
    if rng.random() < 0.3:
        text = text.lower()
    if rng.random() < 0.3:
        text = text.rstrip(".")
    return text


def campaign_comment(rng: random.Random, role: str, ctx: dict, signer: str | None) -> str:
    """One copy of the form letter: a changed word or two, a greeting, a sign-off."""
    while True:
        body = CAMPAIGN.format(save=rng.choice(("save", "save", "protect", "keep")),
                               many=rng.choice(("many kids", "many students", "so many kids")),
                               hurt=rng.choice(("hurt", "hurt", "harm", "damage")))
        signoff = rng.choice(CAMPAIGN_SIGNOFFS + (("Sincerely, a concerned parent",)
                                                  if role == "Parent" else ()))
        if signer:
            signoff = f"Sincerely, {signer}"
        parts = (rng.choice(CAMPAIGN_GREETINGS), body, signoff.format_map(ctx))
        text = " ".join(p for p in parts if p)
        if 30 <= len(text.split()) <= 45:
            return text


def pii_sentences(rng: random.Random, row: dict, ctx: dict) -> tuple[list, list, list]:
    """Return (sentences to put before, sentences to put after, planted values) for a row."""
    front, back, values = [], [], []
    for kind in row["pii_kinds"]:
        if kind == "EMAIL":
            value = f"{rng.choice(EMAIL_USERS)}@{rng.choice(('example.org', 'example.com'))}"
        elif kind == "PHONE":
            area, line = rng.choice(AREA_CODES), f"01{rng.randint(0, 99):02d}"
            value = rng.choice((f"({area}) 555-{line}", f"{area}.555.{line}",
                                f"+1 {area} 555 {line}", f"{area}-555-{line}"))
        elif kind == "ADDRESS":
            value = rng.choice(STREETS)
        elif row["Role"] in ("Student", "Teacher"):
            kind, value = "STAFF", rng.choice(STAFF_NAMES)
        else:
            kind, (child, value) = "CHILD", rng.choice(CHILD_NAMES)
            grand = "grand" if row["Role"] == "Community member" else ""
            ctx = dict(ctx, child=grand + child, hijo="Mi hijo" if child == "son" else "Mi hija")
        where, english, spanish = PII_TEMPLATES[kind]
        forms = spanish if row["language"] == "es" and spanish else english
        sentence = rng.choice(forms).format_map(dict(ctx, v=value))
        (front if where == "front" else back).append(sentence)
        values.append(value)
    return front, back, values


def add_artifact(rng: random.Random, text: str, kind: str) -> tuple[str, str]:
    """Damage text the way exports do: HTML line breaks, escaped entities or mojibake."""
    damaged = {
        "br": text.replace(". ", ".<br>"),
        "amp": text.replace(" and ", " &amp; ", 1),
        "mojibake": text.replace("'", "\u2019").encode("utf-8").decode("cp1252", "replace"),
    }
    usable = [k for k, v in damaged.items() if v != text]
    if kind == "any" and usable:
        kind = rng.choice(usable + ["p"])
    return (damaged[kind], kind) if kind in usable else (f"<p>{text}</p>", "p")


def plan_rows(rng: random.Random) -> list[dict]:
    """Decide role, kind, theme, round, language and PII for every row before writing text."""
    rows = []
    for role in ROLES:
        for theme, count in zip(THEMES, THEME_COUNTS[role]):
            rows += [{"Role": role, "kind": "theme", "planted_theme": theme} for _ in range(count)]
        for kind, counts in (("campaign", CAMPAIGN_COUNTS), ("non_answer", NON_ANSWER_COUNTS),
                             ("empty", EMPTY_COUNTS)):
            label = "arts_music" if kind == "campaign" else kind
            rows += [{"Role": role, "kind": kind, "planted_theme": label}
                     for _ in range(counts.get(role, 0))]
    for row in rows:
        row.update(language="en", pii_kinds=[], artifact="")
        if row["Role"] == "Spanish-speaking family" and row["kind"] == "non_answer":
            row["language"] = "es"
    for kind, language in (("empty", "en"), ("non_answer", "en"), ("non_answer", "es")):
        same = [r for r in rows if r["kind"] == kind and r["language"] == language]
        for i, row in enumerate(same):  # hand the stock answers out in turn: each one is used
            row["stock_index"] = i
    by_key: dict[str, list] = {}
    for row in rows:
        by_key.setdefault(row["planted_theme"] if row["kind"] == "theme" else row["kind"],
                          []).append(row)
    for key, group in by_key.items():
        share = FALL_SHARE.get(key, DEFAULT_FALL_SHARE if key in THEMES else OTHER_FALL_SHARE)
        rng.shuffle(group)
        n_fall = round(len(group) * share)
        for i, row in enumerate(group):
            row["Round"] = ROUNDS[1] if i < n_fall else ROUNDS[0]
    for theme in ES:
        group = [r for r in by_key[theme] if r["Role"] == "Spanish-speaking family"]
        for row in group[:round(len(group) * SPANISH_SHARE)]:  # already shuffled
            row["language"] = "es"
    themed = [r for r in rows if r["kind"] == "theme"]
    spanish = [r for r in themed if r["language"] == "es"]
    english = [r for r in themed if r["language"] == "en"]
    for row, kinds in zip(rng.sample(spanish, 2), PII_PLAN[:2]):
        row["pii_kinds"] = kinds.split(";")
    pool = rng.sample(english, len(english))
    for kinds in PII_PLAN[2:]:
        row = next(r for r in pool if not r["pii_kinds"]
                   and (kinds == "NAME" or r["Role"] != "Student"))
        row["pii_kinds"] = kinds.split(";")
    campaign = [r for r in rows if r["kind"] == "campaign"]
    for row, name in zip(rng.sample(campaign, len(SIGNOFF_NAMES)), SIGNOFF_NAMES):
        row["pii_kinds"], row["signer"] = ["NAME"], name
    clean = [r for r in themed if not r["pii_kinds"] and r["language"] == "en"]
    for row in rng.sample(clean, ARTIFACT_ROWS) + rng.sample(campaign, 3):
        row["artifact"] = "any"
    for row in rng.sample([r for r in spanish if not r["pii_kinds"]], 4):
        row["artifact"] = "mojibake"  # "está" arrives as "estÃ¡"
    return rows


def write_text(rng: random.Random, row: dict) -> None:
    ctx = {"school": row["school_short"], "route": rng.randint(3, 19), "n": rng.randint(31, 38),
           "grade": rng.choice(("2nd", "3rd", "4th", "5th", "6th", "7th")),
           "hgrade": rng.choice(("8th", "9th", "10th", "11th", "12th")),
           "years": rng.randint(6, 24), "room": rng.randint(4, 32),
           "sgrade": rng.choice(("segundo", "tercer", "cuarto", "quinto", "sexto"))}
    row["pii_values"] = []
    if row["kind"] == "empty":
        row["Comment"] = EMPTY_TEXTS[row["stock_index"] % len(EMPTY_TEXTS)]
        return
    if row["kind"] == "non_answer":
        stock = ES_NON_ANSWERS if row["language"] == "es" else NON_ANSWERS
        row["Comment"] = stock[row["stock_index"] % len(stock)]
        return
    if row["kind"] == "campaign":
        text = campaign_comment(rng, row["Role"], ctx, row.get("signer"))
        row["pii_values"] = [row["signer"]] if row.get("signer") else []
    else:
        max_words = 44 if row["pii_kinds"] else 60
        if row["language"] == "es":
            text = spanish_comment(rng, row["planted_theme"], ctx, max_words)
        else:
            text = english_comment(rng, row["planted_theme"], row["Role"], ctx, max_words)
            if rng.random() < (0.3 if row["Role"] == "Student" else 0.12):
                text = add_typos(rng, text)
            if rng.random() < 0.2:  # typed on a phone: curly apostrophes
                text = text.replace("'", "\u2019")
            if rng.random() < 0.03:  # a line break typed inside the answer box
                text = text.replace(". ", ".\n", 1)
        if row["pii_kinds"]:
            front, back, row["pii_values"] = pii_sentences(rng, row, ctx)
            text = " ".join(front + [text if text[-1] in ".!?" else text + "."] + back)
    if row["artifact"]:
        text, row["artifact"] = add_artifact(rng, text, row["artifact"])
    row["Comment"] = text


def timestamp(rng: random.Random, row: dict) -> str:
    if row["kind"] == "campaign" and rng.random() < 0.85:
        day = CAMPAIGN_BURST_DAY[row["Round"]] + rng.randint(0, 2)
    else:
        day = int(WINDOW_DAYS * rng.random() ** 1.8)  # most answers come soon after launch
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    moment = WINDOW_START[row["Round"]] + dt.timedelta(
        days=day, hours=hour, minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def build(seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    rows = plan_rows(rng)
    for row in rows:
        full, short = rng.choices(SCHOOLS, weights=SCHOOL_WEIGHTS[row["Role"]])[0]
        row["School"], row["school_short"] = full, short
        spanish = row["language"] == "es" or (row["Role"] == "Spanish-speaking family"
                                              and rng.random() < 0.5)
        row["Preferred language"] = "Spanish" if spanish else "English"
        write_text(rng, row)
        row["Timestamp"] = timestamp(rng, row)
    rows.sort(key=lambda r: r["Timestamp"])
    for i, row in enumerate(rows, start=1):
        row["Response ID"] = f"R{i:04d}"
    return rows


def _table(header: list[str], body: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in line) + " |" for line in body]
    return "\n".join(lines)


def counts_markdown(rows: list[dict]) -> str:
    """The README's counts section, computed from the rows actually written."""
    by = Counter((r["planted_theme"], r["Role"]) for r in rows)
    per_round = Counter(r["Round"] for r in rows)
    labels = list(THEMES) + ["non_answer", "empty"]
    themes = _table(["planted_theme"] + list(ROLES) + ["total"],
                    [[t] + [by[t, g] for g in ROLES] + [sum(by[t, g] for g in ROLES)]
                     for t in labels]
                    + [["**all rows**"] + [sum(r["Role"] == g for r in rows) for g in ROLES]
                       + [len(rows)]])
    rc = Counter((r["planted_theme"], r["Round"]) for r in rows)
    rounds = _table(["planted_theme"] + [f"{x} (share)" for x in ROUNDS],
                    [[t] + [f"{rc[t, x]} ({rc[t, x] / per_round[x]:.1%})" for x in ROUNDS]
                     for t in labels] + [["**all rows**"] + [per_round[x] for x in ROUNDS]])
    camp = [r for r in rows if r["kind"] == "campaign"]
    cc = Counter((r["Role"], r["Round"]) for r in camp)
    campaign = _table(["Role"] + list(ROUNDS) + ["total"],
                      [[g] + [cc[g, x] for x in ROUNDS] + [sum(cc[g, x] for x in ROUNDS)]
                       for g in CAMPAIGN_COUNTS])
    la = [r for r in rows if r["planted_theme"] == "language_access"]
    la_small = sum(r["Role"] == ROLES[-1] for r in la)
    lang = Counter((r["Role"], r["language"]) for r in rows)
    pref = Counter((r["Role"], r["Preferred language"]) for r in rows)
    languages = _table(["Role", "written en", "written es", "Preferred English",
                        "Preferred Spanish"],
                       [[g, lang[g, "en"], lang[g, "es"], pref[g, "English"],
                         pref[g, "Spanish"]] for g in ROLES])
    kinds = Counter(k for r in rows for k in r["pii_kinds"])
    artifacts = Counter(r["artifact"] for r in rows if r["artifact"])
    es_themes = Counter(r["planted_theme"] for r in rows if r["language"] == "es")
    return "\n".join([
        f"Rows: {len(rows)}. Themed (non-campaign) comments: "
        f"{sum(r['kind'] == 'theme' for r in rows)}; campaign copies: {len(camp)}; "
        f"non-answers: {sum(r['kind'] == 'non_answer' for r in rows)}; "
        f"empty: {sum(r['kind'] == 'empty' for r in rows)}.", "",
        "### Planted theme by group (campaign copies counted under arts_music)", "", themes, "",
        "### Planted theme by round", "", rounds, "",
        "### Form-letter campaign (theme arts_music, is_campaign = 1)", "", campaign, "",
        f"`language_access`: {len(la)} comments, {la_small} of them "
        f"({la_small / len(la):.0%}) from Spanish-speaking family.", "",
        "### Language", "", languages, "",
        "Spanish-written rows by planted theme: "
        + ", ".join(f"{t} {n}" for t, n in sorted(es_themes.items())) + ".", "",
        f"### PII: {sum(bool(r['pii_kinds']) for r in rows)} rows", "",
        ", ".join(f"{k} {kinds[k]}" for k in ("EMAIL", "PHONE", "NAME", "ADDRESS"))
        + " (a row can hold two kinds).", "",
        f"### Export damage: {sum(artifacts.values())} rows", "",
        ", ".join(f"{k} {n}" for k, n in sorted(artifacts.items())) + ".",
    ])


def write_all(rows: list[dict], folder: Path = HERE) -> None:
    survey_cols = ["Timestamp", "Response ID", "Round", "Role", "School", "Preferred language",
                   "Comment"]
    truth_cols = ["Response ID", "planted_theme", "is_campaign", "language", "pii_kinds",
                  "pii_values"]
    with open(folder / "district_survey.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(survey_cols)
        writer.writerows([r[c] for c in survey_cols] for r in rows)
    with open(folder / "planted_truth.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(truth_cols)
        writer.writerows([r["Response ID"], r["planted_theme"], int(r["kind"] == "campaign"),
                          r["language"], ";".join(r["pii_kinds"]), ";".join(r["pii_values"])]
                         for r in rows)
    with open(folder / "benchmark_shares.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["attribute", "group", "share"])
        writer.writerows(["Role", g, share] for g, share in BENCHMARK.items())
    readme = folder / "README.md"
    start, end = "<!-- counts:start -->", "<!-- counts:end -->"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if start not in text or end not in text:
        print(f"{readme} has no {start} ... {end} markers; its counts were not updated.")
        return
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    readme.write_text(f"{head}{start}\n{counts_markdown(rows)}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    rows = build()
    write_all(rows)
    print(counts_markdown(rows))


if __name__ == "__main__":
    main()
