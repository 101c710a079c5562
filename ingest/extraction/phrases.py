"""Phrases that name a practice (a shared helper of the extraction steps).

A practice record is titled by a name, never by a sentence cut short. In order of preference
(s3_prose and s4_titles apply it):

- a heading of the document, a form's title field (the shapes take those as they are);
- a programme or structure the text is about: its first sentence names it as subject or object
  ("υλοποιεί το πρόγραμμα «Γειτονιές Αλληλεγγύης»"), not in passing ("... στο Κέντρο Κοινότητας",
  "... in the Migrant Integration Centre", "οι υπηρεσίες του Κέντρου");
- for a document that presents one practice, the document's own title (its metadata title or
  subject line) or its file name;
- a short noun phrase from the first sentence: what the municipality runs or offers
  ("Ο Δήμος λειτουργεί κοινωνική κουζίνα που ..." -> "Κοινωνική κουζίνα").

Everything here works on word lists of folded Greek and English function words, nothing else.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from ingest.extraction.cues import ARTICLES, DOC_TYPE, GENITIVE, PREPOSITIONS
from ingest.extraction.enumerations import governed, name_spans
from ingest.extraction.enumerations import word as _word
from ingest.extraction.text import fold, sentences
from kb.municipalities import canonical_municipality, find_municipalities

# -- places --------------------------------------------------------------------------------------

_PLACE_WORDS = {"δημοσ", "δημου", "πολη", "city", "of", "municipality", "town", "νομοσ", "περιφερεια"}


def is_place(text: str) -> bool:
    """A place name on its own ("Καλλιθέα", "Δήμος Βόλου"), not a name that contains one ("Κέντρο Κοινότητας Κατερίνης")."""
    if len(text.split()) > 3 or any(ch.isdigit() for ch in text) or canonical_municipality(text) is None:
        return False
    mentions = find_municipalities(text)
    rest = "".join(text[e:s] for (_, _, e), (_, s, _) in zip([("", 0, 0)] + mentions, mentions + [("", len(text), 0)]))
    return all(w in _PLACE_WORDS for w in fold(rest).replace(",", " ").split())


# -- word classes (folded) -----------------------------------------------------------------------

# Words that end a noun phrase: relative pronouns, conjunctions that open a clause, and prepositions
# of place, means and company (a title keeps "για"/"for" and "και"/"and").
_CLAUSE = {"που", "οπου", "ενω", "ωστε", "αλλα", "οποτε", "οταν", "καθωσ", "οποιοσ", "οποια", "οποιο", "οποιοι", "οποιεσ",
           "which", "who", "whom", "where", "that", "while", "whereas", "but", "so", "when", "because", "since", "until"}
_CUT_BEFORE = PREPOSITIONS | {"με", "with", "ωσ", "as", "after", "before", "μετα", "πριν", "εωσ", "μεχρι", "σχετικα", "about",
                              "καθε", "every", "each"}
_TRAILING = ARTICLES | GENITIVE | {"και", "ή", "η", "για", "με", "σε", "σχετικα", "and", "or", "for", "with", "to", "in", "at", "on",
                                   "of", "απο", "ωσ", "as"}
# Subjects that are the actor, not the practice ("Ο Δήμος Κοζάνης λειτουργεί ...").
ACTOR_NOUNS = {"δημοσ", "δημου", "πολη", "δημαρχοσ", "δημαρχεια", "υπηρεσια", "διευθυνση", "αντιδημαρχια", "κεμ", "city",
                "municipality", "council", "department", "service", "we", "εμεισ", "mayor", "directorate", "τμημα"}
# Leading words that are no part of what a sentence names: connectives, time adverbs.
LEAD_WORDS = {"επισησ", "επιπλεον", "επιπροσθετα", "ακομη", "ακομα", "παραλληλα", "σημερα", "πλεον", "ηδη", "τωρα",
               "also", "additionally", "moreover", "furthermore", "today", "currently", "now", "already", "finally",
               "τελοσ", "καθημερινα", "daily", "weekly", "monthly", "regularly", "τακτικα", "δωρεαν"}
_LEAD_PHRASE = re.compile(
    r"^(?:(?:στο|στα) πλαισιο (?:του|τησ|των) \w+(?: \w+)?|as (?:part|a part) of (?:the|its|a) \w+(?: \w+)?|in addition|"
    r"(?:απο|since|from) (?:το |τον |τη |την |the )?(?:\w+ )?(?:του )?\d{4}|(?:το|τον|τη|την|in|during) (?:\w+ )?(?:του )?\d{4}|"
    r"καθε \w+|every \w+|each \w+|(?:ενα|μια|μία|one|two|three|δυο|τρεισ|τρια) (?:φορα|φορεσ|times?) (?:την|τον|a|per) \w+|"
    r"twice a \w+|once a \w+|in the \w+ of \w+)\s*,?\s+"
)
# Verbs that stand alone or in front of a participle: "έχει συγκροτηθεί", "has set up", "will open".
_AUXILIARY = {"θα", "εχει", "εχουν", "εχουμε", "ειχε", "ειχαν", "ειναι", "has", "have", "had", "will", "is", "are", "was",
              "were", "been", "be", "would", "can", "may", "also", "already", "now", "jointly", "επισησ", "ηδη", "πλεον",
              "just", "recently", "still", "successfully"}
_EN_VERBS = {
    "run", "runs", "ran", "employ", "employs", "employed", "offer", "offers", "offered", "provide", "provides", "provided", "organise",
    "organises", "organised", "organize", "organizes", "organized", "operate", "operates", "operated", "open", "opens", "opened",
    "launch", "launches", "launched", "set", "sets", "create", "creates", "created", "establish", "establishes", "established",
    "manage", "manages", "managed", "coordinate", "coordinates", "coordinated", "deliver", "delivers", "delivered", "support",
    "supports", "supported", "host", "hosts", "hosted", "give", "gives", "gave", "teach", "teaches", "taught", "help", "helps",
    "helped", "start", "starts", "started", "hold", "holds", "held", "fund", "funds", "funded", "maintain", "maintains",
    "maintained", "train", "trains", "trained", "welcome", "welcomes", "welcomed", "develop", "develops", "developed", "make",
    "makes", "made", "keep", "keeps", "kept", "use", "uses", "used", "lend", "lends", "lent", "rent", "rents", "rented", "match",
    "matches", "matched", "bring", "brings", "brought", "take", "takes", "took", "accompany", "accompanies", "accompanied",
    "place", "places", "placed", "introduce", "introduces", "introduced", "pilot", "pilots", "piloted", "test", "tests", "tested",
    "set-up", "plan", "plans", "planned", "intend", "intends", "aim", "aims", "serve", "serves", "served", "distribute",
    "distributes", "distributed", "gets", "get", "got", "is", "are", "was", "were", "has", "have", "had", "will", "meet", "meets",
}
# English verb forms that end a noun phrase ("Volunteer teachers help ...").
_EN_FINITE = {"is", "are", "was", "were", "has", "have", "had", "will", "can", "may", "would", "runs", "ran", "offers", "offered",
              "provides", "provided", "helps", "helped", "supports", "supported", "organises", "organised", "organizes",
              "organized", "operates", "operated", "opened", "launched", "created", "established", "employs", "employed", "gives",
              "gave", "teaches", "taught", "accompany", "accompanies", "meet", "work", "works", "take", "takes", "took", "speak",
              "speaks", "help", "run", "visit", "visits", "visited", "receive", "receives", "received"}
# Greek finite verb endings (folded): 3rd person present, passive and past tenses.
_EL_VERB = re.compile(r"^[α-ω]+(?:ει|ουν|ουμε|εται|ονται|ειται|ουνται|ηκε|ηκαν|θηκε|θηκαν|ησε|ησαν|ισε|ισαν|ασε|ασαν|ωσε|ωσαν|"
                      r"ευσε|ευσαν|ξε|ξαν|ψε|ψαν|ανε|αναν|ηθει|αστει|ιστει|ωθει|ευτει|χθει|φθει|ει)$")
# Subjects that say how much, not what ("Ιδιαίτερη έμφαση δίνεται στην εκπαίδευση ...").
_LIGHT_NOUNS = {"εμφαση", "εμφασησ", "βαρυτητα", "προσοχη", "προτεραιοτητα", "εμφασεισ", "emphasis", "priority", "attention",
                "focus", "particular", "special", "ιδιαιτερη", "μεγαλη", "great"}


def _is_verb(word: str) -> bool:
    return word in _EN_VERBS or word in _AUXILIARY or bool(_EL_VERB.match(word)) and len(word) > 3


def ends_phrase(word: str) -> bool:
    """A finite verb after the start of a noun phrase."""
    return word in _EN_FINITE or word in _AUXILIARY or (len(word) > 5 and bool(_EL_VERB.match(word)))


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# -- names ---------------------------------------------------------------------------------------


def name_in(text: str, *, max_words_before: int = 14) -> str:
    """The programme or structure the first sentence of `text` is about, or "": a name (a named
    programme, a known kind of municipal structure) that stands as subject or object early in the
    sentence, not one named in passing after a preposition or as an example ("όπως", "such as")."""
    parts = sentences(text.strip())
    if not parts:
        return ""
    first = parts[0]
    for start, end, kind in name_spans(first):
        before = [_word(t) for t in first[:start].split()]
        if len(before) > max_words_before or {"οπωσ", "such", "like", "including", "οπωσ:"} & set(before[-3:]):
            continue
        if governed(first, start) and not (kind == "programme" and before and before[-1] in PREPOSITIONS | ARTICLES):
            continue
        name = first[start:end].strip(" ,.;:")
        if len(name.split()) >= 2:
            return _capitalise(name)
    return ""


# -- noun phrases --------------------------------------------------------------------------------


def _strip_lead(tokens: list[str]) -> list[str]:
    changed = True
    while tokens and changed:
        changed = False
        joined = fold(" ".join(tokens))
        match = _LEAD_PHRASE.match(joined + " ")
        if match:
            n = len(match.group(0).split())
            tokens = tokens[n:]
            changed = True
            continue
        if _word(tokens[0]) in LEAD_WORDS or not _word(tokens[0]):
            tokens = tokens[1:]
            changed = True
    return tokens


def _skip_actor(tokens: list[str]) -> tuple[list[str], bool]:
    """Drop an actor subject ("Ο Δήμος Κοζάνης", "The City of Athens", "We"); whether there was one."""
    words = [_word(t) for t in tokens]
    i = 0
    if i < len(words) and words[i] in ARTICLES:
        i += 1
    if i < len(words) and words[i] in ("δημοτικη", "κοινωνικη", "municipal", "social") and i + 1 < len(words) \
            and words[i + 1] in ACTOR_NOUNS:
        i += 1
    if i >= len(words) or words[i] not in ACTOR_NOUNS:
        place = _place_at_start(tokens)
        return (tokens[place:], True) if place else (tokens, False)
    i += 1
    # the actor's name: "Δήμος Κοζάνης", "City of Athens", "Κοινωνική Υπηρεσία του Δήμου"
    while i < len(tokens) and (words[i] in ("of", "του", "τησ") or tokens[i][:1].isupper()) and not _is_verb(words[i]):
        i += 1
    return tokens[i:], True


def _place_at_start(tokens: list[str]) -> int:
    """How many tokens at the start name a municipality ("Thessaloniki will present ...")."""
    for n in (3, 2, 1):
        head = tokens[:n]
        if len(head) == n and all(t[:1].isupper() for t in head) and is_place(" ".join(head).strip(",")):
            return n
    return 0


def _skip_verb(tokens: list[str]) -> list[str]:
    """Drop the verb group at the start: auxiliaries, then one main verb (and its particle)."""
    words = [_word(t) for t in tokens]
    i = 0
    while i < len(words) and words[i] in _AUXILIARY:
        i += 1
    if i < len(words) and (_is_verb(words[i]) or i > 0):
        i += 1
        if i < len(words) and words[i] in ("up", "out", "together", "on"):
            i += 1
    return tokens[i:]


def _strip_leading_function_words(tokens: list[str]) -> list[str]:
    while tokens and (_word(tokens[0]) in ARTICLES | PREPOSITIONS | GENITIVE | {"με", "with", "για", "for"}
                      or _word(tokens[0]) in LEAD_WORDS):
        tokens = tokens[1:]
    return tokens


def _owner_follows(tokens: list[str]) -> bool:
    words = [_word(t) for t in tokens]
    if words and words[0] == "the":
        words = words[1:]
    return bool(words) and words[0] in ACTOR_NOUNS | {"πολησ"}


def _phrase(tokens: list[str], max_words: int) -> str:
    """The noun phrase at the start of `tokens`: up to a clause boundary, a preposition of place or
    means (after two words), punctuation, or `max_words` words."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        word = _word(tok)
        if not word:
            break
        if word in _CLAUSE or (len(out) >= 2 and word in _CUT_BEFORE) or (out and ends_phrase(word)):
            break
        if out and word in GENITIVE and _owner_follows(tokens[i + 1:i + 3]):
            break  # "... του Δήμου Ιωαννιτών", "... of the City": the owner, not the name
        out.append(tok)
        if re.search(r"[,.;:·!?)»”]$", tok) and not re.search(r"[(«“][^)»”]*$", " ".join(out)) or len(out) >= max_words:
            break
    while out and _word(out[-1]) in _TRAILING:
        out.pop()
    text = " ".join(out).strip(" ,.;:·")
    if text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].strip()
    return text


_PRONOUNS = {"you", "we", "they", "it", "this", "these", "those", "he", "she", "i", "εμεισ", "εσεισ", "αυτοι", "αυτεσ", "αυτο",
             "αυτα", "αυτη", "αυτοσ", "εσυ", "εγω"}


def noun_phrase(text: str, *, max_words: int = 8) -> str:
    """See _noun_phrase; "" for a phrase that is only a pronoun or a number."""
    phrase = _noun_phrase(text, max_words=max_words)
    content = [w for w in (_word(t) for t in phrase.split()) if w and w not in _PRONOUNS and w not in ARTICLES and not w.isdigit()]
    return phrase if content else ""


def _noun_phrase(text: str, *, max_words: int = 8) -> str:
    """A short name for what the first sentence of `text` describes: the object of the actor's verb
    ("Ο Δήμος λειτουργεί κοινωνική κουζίνα ..." -> "Κοινωνική κουζίνα"), what a passive or impersonal
    verb introduces ("έχει συγκροτηθεί ομάδα εθελοντών ..." -> "Ομάδα εθελοντών"), else the subject
    ("Volunteer teachers help ..." -> "Volunteer teachers"). "" when none is found."""
    parts = sentences(text.strip())
    if not parts:
        return ""
    tokens = _strip_lead(parts[0].split())
    rest, actor = _skip_actor(tokens)
    if actor:
        rest = _strip_lead(_skip_verb(_strip_lead(rest)))
    elif rest and _is_verb(_word(rest[0])):
        rest = _strip_lead(_skip_verb(rest))
    else:
        subject = _phrase(_strip_leading_function_words(rest), max_words)
        subject_words = {_word(t) for t in subject.split()}
        verb_at = next((i for i, t in enumerate(rest) if _is_verb(_word(t))), None)
        if subject and not subject_words <= _LIGHT_NOUNS | ARTICLES and not (subject_words & _LIGHT_NOUNS):
            return _capitalise(subject)
        if verb_at is None:
            return _capitalise(subject)
        rest = _strip_lead(_skip_verb(rest[verb_at:]))
    return _capitalise(_phrase(_strip_leading_function_words(rest), max_words))


def short_title(text: str, *, max_words: int = 12) -> str:
    """The leading clause of a list item or a sentence, at most `max_words` words, cut at a natural
    boundary rather than mid-phrase, with no ellipsis."""
    first = re.split(r"(?<=[^\d])[.;:](?:\s|$)", text.strip(), maxsplit=1)[0].strip()
    words = first.split()
    if len(words) <= max_words:
        return first.rstrip(",")
    # cut before a clause (a comma, a relative pronoun) rather than before a preposition, and the
    # latest such place that keeps the title within max_words
    cuts = {2: 0, 1: 0}
    previous_boundary = False
    for i, tok in enumerate(words[:max_words + 1]):
        word = _word(tok)
        boundary = word in _CLAUSE or word in _CUT_BEFORE or word in ("για", "for")
        if i >= 4 and boundary and not previous_boundary:
            cuts[2 if word in _CLAUSE else 1] = i
        if i >= 3 and i < max_words and tok.endswith(","):
            cuts[2] = i + 1
        previous_boundary = boundary
    cut = cuts[2] or cuts[1]
    kept = words[:cut] if cut else words[:max_words]
    while kept and _word(kept[-1]) in _TRAILING:
        kept.pop()
    return " ".join(kept).strip(" ,;:")


def item_title(text: str) -> str:
    """A list item's title: the name it opens with ("Κοινωνικό Παντοπωλείο, που ..."), its label
    ("Legal desk: a lawyer ..."), else its leading clause."""
    for start, end, _ in name_spans(text)[:1]:
        lead = [w for w in (_word(t) for t in text[:start].split()) if w and w not in ARTICLES]
        if not lead:
            return _capitalise(text[start:end].strip(" ,.;:"))
    label = re.match(r"^([^:–—]{3,60})\s*(?::|\s[–—-])\s+\S", text.strip())
    if label and len(label.group(1).split()) <= 6:
        return label.group(1).strip()
    return short_title(text)


# -- the document's own title --------------------------------------------------------------------

_GENERIC = re.compile(
    r"^(?:untitled|document\d*|new document|νεο εγγραφο|εγγραφο\d*|microsoft word\b|scan|σαρωση|img|image|doc\d*|file|"
    r"αρχειο|draft|προσχεδιο|copy|αντιγραφο)\b|^[\d\s_.-]+$"
)
_ADMIN = re.compile(r"^(?:εισηγηση|εγκριση|προσκληση|invitation|agenda|ημερησια διαταξη|ανακοινωση|announcement|press release|"
                    r"δελτιο τυπου|memo|σημειωμα|letter|επιστολη|(?:good |featured )?practices? to (?:showcase|share|present)|"
                    r"(?:η )?καλη πρακτικη(?: του μηνα)?|good practice(?: of the month)?|showcase|spotlight|highlights?|"
                    r"featured(?: practice| project)?|στο επικεντρο|στο προσκηνιο|in focus|focus on)\s*$")
_STEM_NOISE = re.compile(
    r"(?<![^\W_])(?:\d{4}[-_.]\d{1,2}(?:[-_.]\d{1,2})?|\d{1,2}[-_.]\d{1,2}[-_.]\d{2,4}|v\d+|final|draft|copy|αντιγραφο|"
    r"en|el|gr|eng|ελ|notes?|memo|description|summary|περιγραφη|περιγραφή|περιληψη|περίληψη|σημειωμα|σημείωμα|factsheet)(?![^\W_])",
    re.IGNORECASE,
)


def is_generic_title(title: str) -> bool:
    """A title that names a kind of document, not what it is about ("Newsletter – Issue 5", "Εισήγηση",
    "Document1"); "Κοινοί λαχανόκηποι: απολογισμός" names its subject beside the kind."""
    parts = [p for p in re.split(r"\s*[:|–—]\s*|\s+-\s+", fold(title)) if p.strip(" .,-")]
    return not parts or all(_generic_part(p.strip(" .,-")) for p in parts)


def _generic_part(f: str) -> bool:
    return bool(_GENERIC.search(f) or _ADMIN.match(f) or (DOC_TYPE.search(f) and len(f.split()) <= 6)
                or bool(_DATE_PART.fullmatch(f)))


_PERIOD = (r"(?:ιανουαρ|φεβρουαρ|μαρτ|απριλ|μαι|ιουν|ιουλ|αυγουστ|σεπτεμβρ|οκτωβρ|νοεμβρ|δεκεμβρ|january|february|march|april|may|"
           r"june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|ανοιξη|καλοκαιρι|φθινοπωρο|"
           r"χειμωνασ)\w*")
# "Τεύχος 3, Ιούλιος 2023", "Issue 5, Spring 2024", "12/2023": the date of an issue, no subject.
_DATE_PART = re.compile(r"(?:(?:τευχοσ|issue|no\.?|αρ\.?)\s*\d+\s*,?\s*)?(?:" + _PERIOD + r"\s*)?(?:\d{1,2}\s*[/.-]\s*)?\d{4}"
                        r"|(?:τευχοσ|issue|no\.?)\s*\d+")


def file_title(source: str) -> str:
    """A file's name as a title: "bike_lessons_for_women.txt" -> "Bike lessons for women"; "" for a
    name that says nothing ("Νέο Έγγραφο του Microsoft Word", "scan_0001")."""
    stem = PurePosixPath(source.replace("\\", "/")).stem if source else ""
    stem = _STEM_NOISE.sub(" ", fold(stem) if stem.isupper() else stem)
    stem = re.sub(r"[_\s]+|(?<=\w)-(?=\w)|\s+-\s+", " ", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" -–—.,")
    words = stem.split()
    if len(words) < 2 or is_generic_title(stem) or sum(ch.isalpha() for ch in stem) < 6:
        return ""
    return _capitalise(stem)
