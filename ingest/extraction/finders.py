"""Field finders: what a practice's own text says about it (a shared helper of the extraction
steps; s5_fields applies them to each candidate, earlier steps use a few as tests).

Every function takes the practice's text and returns a value only when the
text states it: a field the document does not fill stays empty. The field set
follows the good-practice templates of the European Website on Integration and
Interreg Europe (title, timescale, target groups and people reached, resources
and funding, results, lessons, transferability).
"""
from __future__ import annotations

import re

from ingest.extraction.text import fold, sentence_spans, sentences  # noqa: F401  (sentence helpers re-exported)
from kb import vocab
from kb.model import text_language
from kb.municipalities import fold_with_offsets

# -- language ----------------------------------------------------------------------


language = text_language  # 'el' or 'en' by letters; '' when there are none (kb.model)


# -- summary -----------------------------------------------------------------------


# Sentences that open minutes or reports rather than describe a practice.
_FORMULA = re.compile(
    r"(?<!\w)(?:συνηλθε σε|συνεδριασε|υστερα απο (?:την )?(?:υπ αριθ|προσκληση)|διαπιστωθηκε (?:η )?(?:νομιμη )?απαρτια|απαρτια|"
    r"εδωσε τον λογο|ο παρων|η παρουσα|το παρον|στο τευχοσ αυτο|σε αυτο το τευχοσ|was convened|quorum|this (?:report|document|issue))"
)


def summary(body: str, *, max_chars: int = 400) -> str:
    """The first one or two sentences of the practice's body (not a meeting's opening formula or a
    report's "this report presents")."""
    parts = [s for s in sentences(body) if len(s.split()) >= 3]
    described = [s for s in parts if not _FORMULA.search(fold(s))]
    parts = described or parts
    if not parts:
        return ""
    out = parts[0]
    if len(out) < 120 and len(parts) > 1 and len(out) + len(parts[1]) < max_chars:
        joiner = " " if re.search(r"[.!?;…»)]$", out) else "; "
        out = out + joiner + parts[1]
    if len(out) > max_chars:
        cut = out[:max_chars].rsplit(" ", 1)[0]
        out = cut.rstrip(",;:") + " …"
    return out


# -- status ------------------------------------------------------------------------


def status(text: str, hint: str = "", *, title: str = "") -> str:
    """running | planned | ended as the text describes the practice; `hint` (from the document's
    shape: a plan list, a funding application) wins unless the text states a start or an end.

    Future tense and plans -> planned; an explicit end, or a one-off event (a conference, a visit,
    a campaign) told in the past tense -> ended; present-tense services, recurring activities or a
    stated start -> running; a service told in the past tense of an activity report -> running."""
    f = fold(text)
    count = lambda name: vocab.count_cues(f, vocab.STATUS_CUES[name], folded=True)  # noqa: E731
    planned, ended, running, recurring = count("planned"), count("ended"), count("running"), count("recurring")
    head = fold(title + " " + (sentences(text)[0] if text.strip() else ""))
    event = vocab.count_cues(head, vocab.EVENT_NOUNS, folded=True) > 0
    past = vocab.count_cues(f, vocab.PAST_VERBS, folded=True) > 0
    if hint:
        return "ended" if ended > recurring else hint
    if ended and ended >= running + recurring:
        return "ended"
    if event and past and not recurring and planned <= 1:
        return "ended"
    if planned > running + recurring and planned >= 1:
        return "planned"
    if running or recurring:
        return "running"
    if planned:
        return "planned"
    if past or re.search(r"\w", f):
        return "running" if _ACTIVITY_PAST.search(f) else ""
    return ""


_ACTIVITY_PAST = re.compile(r"(?<!\w)(?:λειτουργησ|παρειχ|υλοποιησ|εξυπηρετησ|οργανωσ|πραγματοποιησ|υποστηριξ|βοηθησ|εγγραφηκ|εντα[χξ]θηκ|"
                            r"διδαχθηκ|συμμετειχ|δανεισ|served|provided|organi[sz]ed|supported|helped|ran\b|delivered|offered)")


# -- start year --------------------------------------------------------------------

_MONTH = r"(?:\w+\s+)?(?:του\s+)?"
_START_PATTERNS = [
    rf"(?:since|from)\s+{_MONTH}(\d{{4}})",
    rf"απο\s+(?:το\s+|τον\s+|την\s+){_MONTH}(\d{{4}})",
    rf"(?:ξεκινησε|ξεκινησαμε|αρχισε|ιδρυθηκε|συσταθηκε|συγκροτηθηκε|δημιουργηθηκε|ξεκινα|λειτουργει)\b[^.;]{{0,60}}?"
    rf"(?:το|τον|την|στισ|στο|κατα το)\s+{_MONTH}(\d{{4}})",
    r"(?:started|launched|established|founded|set up|created|opened|began)\b[^.;]{0,60}?\bin\s+(?:\w+\s+)?(\d{4})",
]
_START_RE = [re.compile(p) for p in _START_PATTERNS]


def start_year(text: str) -> int | None:
    """The year the practice started, when the text says so ("since 2017", "από το 2016", "ξεκίνησε το 2019")."""
    f = fold(text)
    years = []
    for regex in _START_RE:
        for match in regex.finditer(f):
            year = int(match.group(1))
            if 1950 <= year <= 2100:
                years.append(year)
    return min(years) if years else None


# -- sentences about funding, results, contact ------------------------------------------

_FUNDING = re.compile(
    r"(?<!\w)(?:χρηματοδοτ|συγχρηματοδοτ|εσπα|ταμε|amif|προυπολογισμ|δαπαν|ευρω\b|€|eur\b|ιδιουσ πορουσ|ιδιοι ποροι|δωρε(?:α|εσ|ων)\b|donation|"
    r"χορηγ|funded|funding|budget|grant\b|grants\b|co-?financ|erdf|esf\+?(?!\w)|fead\b|sponsor|eu contribution|ποροι\b|ποροισ\b)"
)
_PEOPLE = re.compile(
    r"(?<!\w)(?:ωφελουμεν|ατομα|ατομων|παιδια|οικογενει|νοικοκυρι|συμμετεχοντ|συμμετειχ|εκπαιδευομεν|εξυπηρετ|θεσεισ|"
    r"επισκεψεισ|συνεδριεσ|συνεδριων|εγγραφηκαν|εντα[χξ]θηκαν|παραπεμφθηκαν|εμβολιαστηκαν|βρηκαν|τμηματα|"
    r"participants|beneficiaries|people|persons|families|households|children|refugees|migrants|served|reached|visits|"
    r"sessions|completed|found|enrolled|attended|places)"
)
_NUMBER = re.compile(r"(?<![\w./-])(\d{1,3}(?:[.,]\d{3})+|\d+)(?:%|\s*%)?(?![\w/-])")


def _has_count(sentence: str) -> bool:
    for match in _NUMBER.finditer(sentence):
        digits = match.group(1).replace(".", "").replace(",", "")
        if not digits.isdigit():
            continue
        value = int(digits)
        if 1900 <= value <= 2100 and len(match.group(1)) == 4:
            continue  # a year
        return True
    return False


def _pick(text: str, test, limit: int = 3, max_chars: int = 700) -> str:
    chosen = []
    for s in sentences(text):
        if test(s, fold(s)):
            chosen.append(s.strip())
            if len(chosen) >= limit:
                break
    out = " ".join(chosen)
    return out if len(out) <= max_chars else out[:max_chars].rsplit(" ", 1)[0] + " …"


def funding(text: str) -> str:
    """Sentences about funding, budget and resources."""
    return _pick(text, lambda s, f: bool(_FUNDING.search(f)))


def _counted_people(folded: str) -> bool:
    """A count next to a word for people or services ("412 εκπαιδευόμενοι", "served 612 unique beneficiaries")."""
    tokens = re.findall(r"[\w.,%]+", folded)
    for i, tok in enumerate(tokens):
        if _PEOPLE.match(tok):
            near = tokens[max(0, i - 4): i] + tokens[i + 1: i + 3]
            if any(_has_count(t) for t in near if any(ch.isdigit() for ch in t)):
                return True
    return False


def results(text: str) -> str:
    """Sentences that report people reached or other counted results."""
    return _pick(text, lambda s, f: _counted_people(f))


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d])(?:\+30[\s-]?)?(?:2\d{9}|2\d{1,3}[\s-]\d{6,8}|69\d{8}|2\d{2}\s\d{3}\s\d{4})(?!\d)")
_CONTACT_LABEL = re.compile(
    r"^(?:επικοινωνια|στοιχεια επικοινωνιασ|πληροφοριεσ(?: και εγγραφεσ)?|υπευθυν\w*(?: επικοινωνιασ)?|contact(?: person| details)?|"
    r"for (?:more )?information|more information|information and registration)\b"
)
_CONTACT_SENTENCE = re.compile(r"(?:please contact|contact (?:the|us)|επικοινωνηστε|για περισσοτερεσ πληροφοριεσ)")


def contact(text: str) -> str:
    """E-mail addresses, phone numbers and contact lines in the practice's own text."""
    found: list[str] = []
    for s in sentences(text):
        f = fold(s)
        if _CONTACT_LABEL.search(f) or _CONTACT_SENTENCE.search(f):
            found.append(s.strip())
    for regex in (_EMAIL, _PHONE):
        for match in regex.finditer(text):
            value = match.group(0).strip()
            if not any(value in item for item in found):
                found.append(value)
    return "; ".join(found)[:500]


# -- timescale ---------------------------------------------------------------------

_MONTHS = (r"(?:ιανουαρ\w*|φεβρουαρ\w*|μαρτ\w*|απριλ\w*|μαι\w*|ιουν\w*|ιουλ\w*|αυγουστ\w*|σεπτεμβρ\w*|οκτωβρ\w*|νοεμβρ\w*|"
           r"δεκεμβρ\w*|january|february|march|april|may|june|july|august|september|october|november|december)")
_RANGE = re.compile(
    rf"(?:{_MONTHS}\s+)\d{{4}}\s*[–—-]\s*(?:{_MONTHS}\s+)\d{{4}}"
    r"|(?:απο|from)\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\s+(?:εωσ|to|until)\s+\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"
    r"|(?<!\w)\d{1,3}\s+(?:months|μηνεσ|μηνων|years|ετη|χρονια)(?!\w)"
)


def timescale(text: str) -> str:
    """A stated period or duration ("March 2021 – June 2022", "36 months")."""
    folded, offsets = fold_with_offsets(text)
    match = _RANGE.search(folded)
    if not match:
        return ""
    return text[offsets[match.start()]: offsets[match.end() - 1] + 1].strip()


# -- partners ----------------------------------------------------------------------

_WITH = re.compile(
    r"(?:σε\s+συνεργασια\s+με|σε\s+συμπραξη\s+με|με\s+τη\s+συνεργασια|με\s+τη\s+συνδρομη|από\s+κοινου\s+με|απο\s+κοινου\s+με|"
    r"in\s+(?:partnership|cooperation|collaboration)\s+with|together\s+with|jointly\s+with|partners?\s*:)\s+"
)
_ARTICLE = re.compile(r"^(?:τον|την|τη|το|τους|τις|τα|του|της|των|the|a|an)\s+", re.IGNORECASE)
_PARTNER_SPLIT = re.compile(r",\s+|;\s+|\s+και\s+(?:με\s+)?|\s+and\s+")
_PARTNER_STOP = re.compile(r"[.;:()]|\s(?:για|ώστε|προκειμένου|που|οι οποίοι|to|for|which|who|in order)\s")


def partners(text: str) -> list[str]:
    """Partner organisations: known ones by their short name, others as named after "σε συνεργασία με"."""
    folded, offsets = fold_with_offsets(text)
    found = vocab.known_partners(folded, folded=True)
    for match in _WITH.finditer(folded):
        if match.end() >= len(offsets):
            continue
        start = offsets[match.end()]
        tail = text[start:start + 250]
        stop = _PARTNER_STOP.search(tail)
        tail = tail[: stop.start()] if stop else tail
        for part in _PARTNER_SPLIT.split(tail):
            name = _ARTICLE.sub("", part.strip()).strip(" ,")
            if not name or not name[0].isupper() or len(name.split()) > 10:
                continue
            known = vocab.known_partners(name)
            for k in known or [name]:
                if k not in found:
                    found.append(k)
    return found[:12]


# -- form labels ---------------------------------------------------------------------

# Field labels of submission forms and fact tables (folded keywords, most specific first).
FIELD_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ignore", ("ημερομηνια", "date", "πεδιο", "field", "στοιχεια πρακτικησ", "information", "υπογραφη", "signature",
                "submitted", "submission", "υποβληθηκε", "υποβολη", "συνταξη", "prepared by", "completed by",
                "project acronym", "acronym", "ακρωνυμιο")),
    ("axes", ("αξονα", "αξονεσ", "axis", "axes", "mou")),
    ("target_groups", ("ομαδα στοχοσ", "ομαδεσ στοχοσ", "ομαδα-στοχοσ", "ομαδεσ-στοχοσ", "ωφελουμεν", "target group", "target population",
                       "beneficiar", "direct participants", "participants", "people reached")),
    ("title", ("τιτλοσ", "ονομασια", "ονομα πρακτικησ", "ονομα δρασησ", "title", "name of the practice", "practice name", "project name",
               "project title", "name of the project")),
    ("municipality", ("δημοσ", "φορεασ", "municipality", "city", "organisation", "organization", "applicant", "main urban authority",
                      "lead partner", "local authority")),
    ("summary", ("περιγραφη", "συντομη περιγραφη", "περιληψη", "σκοποσ", "στοχοι", "description", "summary", "abstract",
                 "objectives", "aim", "what is the practice")),
    ("funding", ("ποροι", "πορων", "χρηματοδοτηση", "χρηματοδοτικ", "προυπολογισμ", "κοστοσ", "resources", "funding", "budget",
                 "cost", "requested eu contribution", "eu contribution", "financing")),
    ("results", ("αποτελεσματα", "αντικτυποσ", "επιτευγματα", "results", "outcomes", "impact", "evidence", "achievements", "outputs")),
    ("lessons", ("διδαγματα", "δυσκολιεσ", "προκλησεισ", "lessons", "challenges", "difficulties")),
    ("transferability", ("δυνατοτητα μεταφορασ", "μεταφερσιμοτητα", "μεταφορα σε αλλουσ", "transferability", "replicab", "transfer")),
    ("contact", ("στοιχεια επικοινωνιασ", "επικοινωνια", "υπευθυνοσ", "contact")),
    ("timescale", ("διαρκεια", "χρονοδιαγραμμα", "περιοδοσ υλοποιησησ", "χρονικη διαρκεια", "εναρξη", "timescale", "duration",
                   "period", "timeline", "timeframe", "start date", "dates")),
    ("partners", ("εταιροι", "εταιρ", "συνεργατεσ", "συνεργαζομενοι φορεισ", "συνεργασιεσ", "partners", "delivery partners", "partnership")),
    ("status", ("κατασταση", "status")),
    ("services", ("θεματικη", "θεματικο πεδιο", "τομεασ", "theme", "thematic area", "area of intervention", "sector")),
)


def field_for_label(label: str) -> str | None:
    """The practice field a form label stands for, or None when the label is not a field label."""
    f = re.sub(r"\(.*?\)", " ", fold(label))
    f = re.sub(r"[:*#\d.]+", " ", f)
    f = re.sub(r"\s+", " ", f).strip()
    if not f or len(f.split()) > 7:
        return None
    for name, keys in FIELD_LABELS:
        for key in keys:
            if f == key or f.startswith(key + " ") or f.startswith(key) and len(key) >= 5 or (" " + key) in (" " + f) and len(key) >= 6:
                return name
    return None


_AXIS_NUMBER = re.compile(r"(?:αξονα\w*|axis|axes|αξονεσ)\s*(\d(?:\s*(?:,|και|and|&)\s*\d)*)")


def label_value(text: str) -> tuple[str | None, str, str]:
    """(field, label, value) of a "Label: value" line whose label is a form label; (None, "", "") otherwise."""
    match = re.match(r"^([^:]{2,60}):\s+(\S.*)$", text, re.S)
    name = field_for_label(match.group(1)) if match else None
    return (name, match.group(1), match.group(2)) if name else (None, "", "")


def axis_numbers(text: str) -> list[int]:
    """Axis numbers a form names: "Άξονας 1 ... και Άξονας 6" -> [1, 6]."""
    numbers: list[int] = []
    for match in _AXIS_NUMBER.finditer(fold(text)):
        for digit in re.findall(r"\d", match.group(1)):
            n = int(digit)
            if 1 <= n <= 8 and n not in numbers:
                numbers.append(n)
    if not numbers and re.fullmatch(r"[\d\s,;και&and]+", fold(text) or "x"):
        numbers = [int(d) for d in re.findall(r"\d", text) if 1 <= int(d) <= 8]
    return numbers
