"""Cue vocabularies for reading a document's shape (folded regular expressions, Greek and English).

kb.fold folds both the patterns' targets and the text: no accents, lower case, final sigma as σ.
Patterns are word-start anchored stems, so "συνεργασιεσ" and "συνεργασιων" need one entry each
only when their stems differ. Nothing here names a particular document or practice.
"""
from __future__ import annotations

import re


def rx(*patterns: str) -> re.Pattern:
    """One pattern from word-start anchored alternatives."""
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")")


MINUTES_PROCEDURE = re.compile(
    r"^(?:εγκριση (?:του |των )?(?:πρακτικ|ημερησιασ)|approval of (?:the )?(?:previous )?minutes|adoption of (?:the )?agenda|εναρξη|"
    r"καλωσορισμα|welcome|opening|λοιπα θεματα|διαφορα|τρεχοντα|any other business|other business|aob\b|ανακοινωσεισ|announcements|"
    r"κλεισιμο|λη[ξψ]η τησ συνεδριασ|closing|close of|επομενη συναντηση|επομενη συνεδριαση|next meeting|date of next|παροντεσ|"
    r"συμμετεχοντεσ|συμμετειχαν|attendance|participants|present\b|απουσιεσ|σημειωσεισ συναντησησ|ημερησια διαταξη|agenda\b|"
    r"πρακτικο τησ|minutes of|meeting notes|notes of the meeting)"
    r"|(?<!\w)(?:επομεν\w* (?:συναντησ|συνεδριασ)|τοποσ και χρονοσ|next meeting|date and venue|ημερομηνια και τοποσ)"
)
DOC_TYPE = rx(
    r"εκθεση", r"απολογισμ", r"δελτιο", r"ενημερωτικο φυλλαδιο", r"φυλλαδιο", r"factsheet", r"fact sheet", r"newsletter", r"report\b",
    r"form\b", r"φορμα", r"πρακτικ(?:ο|α|ου|ων)\b", r"minutes", r"presentation", r"παρουσιαση", r"project summary", r"news item", r"ανακοινωση",
    r"εισηγηση", r"τευχοσ", r"issue \d", r"σημειωσεισ", r"notes\b", r"αποσπασμα", r"δικτυο πολεων για την ενταξη$", r"cities network for integration",
    r"περιγραφη (?:τησ )?πρακτικησ", r"practice description", r"καλησ πρακτικησ", r"good practice",
)
# A document that says it describes one practice ("Σύντομη περιγραφή πρακτικής", "Practice description").
ONE_PRACTICE = rx(r"περιγραφη (?:τησ |μιασ )?(?:καλησ )?πρακτικησ", r"(?:good )?practice description", r"practice (?:profile|sheet)",
                  r"description of (?:the|a|our) (?:good )?practice", r"δελτιο (?:καλησ )?πρακτικησ")
MINUTES_DOC = rx(r"πρακτικ(?:ο|α|ου|ων)\b", r"σημειωσεισ συναντησησ", r"συνεδριασ\w*", r"αποσπασμα", r"minutes", r"meeting notes", r"notes of the meeting",
                   r"ημερησια διαταξη", r"agenda")

# Heading classes, matched on the folded heading without its numbering. A class word counts when it
# opens the heading ("Αποτελέσματα 2021", "Contact details") or the heading is at most three words;
# the "anywhere" phrases are distinctive enough to count wherever they stand ("Η πόλη σε αριθμούς").
HEADING_CLASSES: tuple[tuple[str, re.Pattern, re.Pattern | None], ...] = (
    ("skip",
     rx(r"ευχαριστ", r"thank", r"ερωτησεισ", r"questions", r"περιεχομενα", r"contents", r"table of contents", r"annex\b",
         r"παραρτημα(?:\s+[α-ω0-9]\b|$)", r"references", r"βιβλιογραφ", r"σε συντομια", r"συντομα", r"in brief", r"news in brief",
         r"προσεχωσ", r"coming (?:up|soon)", r"upcoming events", r"ανακοινωσεισ$", r"methodology", r"μεθοδολογια", r"δικαιολογητικ",
         r"required documents", r"how to apply", r"glossary", r"γλωσσαρι", r"abbreviations", r"συντομογραφ", r"disclaimer",
         r"action items", r"actions agreed", r"εκκρεμοτητεσ", r"ενεργειεσ$", r"υπογραφ", r"signature"),
     re.compile(r"table of contents|ευχαριστουμε|^(?:πινακασ|table|σχημα|figure|διαγραμμα|chart|εικονα|γραφημα|graph)\s*\d")),
    ("contact",
     rx(r"επικοινων", r"contact", r"πληροφοριεσ\s*$", r"more information", r"στοιχεια επικοινωνιασ"),
     rx(r"στοιχεια επικοινωνιασ", r"contact details")),
    ("results",
     rx(r"αποτελεσματ", r"results", r"expected results", r"outcomes", r"impact", r"αντικτυπ", r"επιτευγματ", r"achievements",
         r"αριθμ(?:ουσ|οι)", r"ποσοτικ", r"στατιστικ", r"στοιχεια", r"συγκεντρωτικ", r"δεικτ", r"key figures", r"figures",
         r"statistics", r"indicators", r"ωφελουμενοι$", r"beneficiaries$", r"facts and figures", r"κυρια στοιχεια"),
     rx(r"(?:σε|με|στουσ) αριθμουσ", r"in (?:numbers|figures)", r"by the numbers", r"key figures", r"στοιχεια ωφελουμεν")),
    ("lessons",
     rx(r"δυσκολι", r"προκλησ", r"challenges", r"difficult", r"^lessons\b", r"διδαγματ", r"συμπερασματ", r"conclusion",
         r"επομενα βηματα", r"next steps", r"follow[- ]up", r"evaluation", r"αξιολογηση", r"τι μαθαμε", r"what we learn"),
     rx(r"επομενα βηματα", r"next steps", r"lessons learn", r"τι μαθαμε", r"what we learn")),
    ("transferability",
     rx(r"sustainab", r"βιωσιμοτ", r"transferab", r"μεταφερσιμ", r"δυνατοτητα μεταφορασ", r"replicab"),
     rx(r"transferab", r"μεταφερσιμ", r"δυνατοτητα μεταφορασ")),
    ("funding",
     rx(r"budget", r"indicative budget", r"προυπολογισμ", r"χρηματοδοτηση", r"funding", r"resources", r"ποροι", r"costs?\b", r"κοστοσ"),
     None),
    ("partners",
     rx(r"συνεργασιεσ", r"συνεργατεσ", r"partners", r"partnerships?", r"εταιρ", r"συνεργαζομεν\w* φορεισ"),
     None),
    ("plan",
     rx(r"προτεραιοτητ", r"προγραμματισμ", r"σχεδια\b", r"σχεδιασμοσ", r"μελλοντικ", r"προτασεισ", r"προταση\b", r"priorities",
         r"plans\b", r"planning", r"proposals?", r"proposed actions", r"future", r"κοινη προταση", r"joint proposal"),
     rx(r"(?:για το|for) \d{4}$", r"κοινη προταση", r"joint proposal", r"future (?:actions|plans)")),
    ("overview",
     rx(r"εισαγωγη", r"introduction", r"ταυτοτητα", r"identity", r"about\b", r"σχετικα με", r"ποιοι ειμαστε", r"who we are",
         r"what (?:is|the|we|it)\b", r"who (?:it|we) serve", r"τι ειναι", r"τι κανουμε", r"overview", r"επισκοπηση", r"how it works",
         r"πωσ λειτουργ", r"τι προσφερουμε", r"what we (?:offer|do)", r"our services", r"οι υπηρεσιεσ μασ", r"services offered",
         r"profile", r"προφιλ", r"περιγραφη", r"description", r"summary", r"περιληψη", r"context\b", r"background", r"πλαισιο",
         r"the (?:urban )?challenge", r"το προβλημα", r"problem", r"αναγκεσ", r"needs", r"objectives", r"στοχοι", r"σκοποσ",
         r"aims\b", r"agreed", r"decisions", r"αποφασεισ", r"key points", r"details", r"λεπτομερειεσ", r"ταυτοτητα",
         r"ωραριο", r"opening hours", r"ποτε θα μασ βρειτε", r"που θα μασ βρειτε", r"where to find", r"how to reach", r"find us",
         r"schedule", r"τμηματα και"),
     rx(r"what (?:is|the) .{0,40}\bis$", r"τι ειναι", r"ωραριο", r"opening hours", r"θα μασ βρειτε")),
    ("container",
     rx(r"υπηρεσιεσ", r"δρασεισ", r"δραστηριοτητεσ", r"services", r"activities", r"actions", r"work packages", r"main activities",
         r"πακετα εργασιασ", r"προγραμματα", r"programmes", r"projects", r"initiatives", r"πρωτοβουλιεσ", r"παρεμβασεισ",
         r"interventions", r"δομεσ", r"structures", r"ενοτητεσ"),
     None),
)
FIELD_CLASSES = ("contact", "results", "lessons", "transferability", "funding", "partners")
# Child headings that describe an aspect of their parent ("Ποιοι μπορούν να ...", "How to apply").
ASPECT = re.compile(r"^(?:ποιοι|ποιοσ|ποια|ποιεσ|τι\b|πωσ|που\b|ποτε|γιατι|who|what|how|where|when|why)\b|ωραριο|schedule|τμηματα και|"
                     r"^(?:χρονοδιαγραμμα|timeline|timetable|διαρκεια|duration|τοποθεσια|location|venue)\b|"
                     r"ομαδα στοχοσ|target group|δικαιουχοι|eligib|προυποθεσ|στοιχεια επικοινωνιασ")

# Function words (folded) that tell how a phrase stands in its sentence: after a preposition or a
# genitive article a name is a place or an owner ("στο Κέντρο", "in the Centre", "του Κέντρου").
ARTICLES = frozenset({"ο", "η", "το", "οι", "τα", "τη", "την", "τον", "τουσ", "τισ", "the", "a", "an", "its", "their", "our"})
GENITIVE = frozenset({"του", "τησ", "των", "of"})
PREPOSITIONS = frozenset({
    "σε", "στο", "στη", "στην", "στον", "στα", "στισ", "στουσ", "απο", "μεσω", "κατα", "προσ", "εντοσ", "εκτοσ", "διπλα", "κοντα",
    "in", "at", "on", "into", "inside", "from", "near", "to", "by", "within", "through", "via", "across", "during", "around",
    "outside", "next",
})

NUMBERING = re.compile(
    r"^\s*(?:(?:θέμα|θεμα|ΘΕΜΑ|Θέμα|item|Item|ITEM|agenda item|Agenda item|σημείο|Σημείο)\s*\d+\s*(?:ο|ον|st|nd|rd|th)?\s*[:.–—-]?\s*"
    r"|(?:ΘΕΜΑ|Θέμα|θέμα|SUBJECT|Subject)\s*:\s*"
    r"|(?:work\s*package|Work\s*package|Work\s*Package|WP|Πακέτο\s+[Εε]ργασίας|ΠΕ|Ενότητα|Δράση|Action|Slide|Διαφάνεια)\s*\d+(?:\.\d+)*\s*[:.–—-]\s*"
    r"|\d+(?:\.\d+)*[.)]?\s+|[IVXivx]+[.)]\s+|[α-ωa-z][.)]\s+|\(\w{1,3}\)\s+)"
)
ACTIVITY = rx(
    r"λειτουργ", r"παρεχ", r"παρειχ", r"υλοποι", r"διαθετ", r"οργανω", r"διοργανω", r"εξυπηρετ", r"υποστηρ", r"φιλοξεν", r"προσφερ",
    r"συμμετεχ", r"συμμετειχ", r"εγγραφηκαν", r"εντα[χξ]θηκαν", r"απευθυνετ", r"εξασφαλισ", r"συγκροτ", r"δημιουργ", r"ενημερων",
    r"παραπεμπ", r"συνοδευ", r"πραγματοποι", r"διδασκ", r"καλυπτ", r"ξεκινουν", r"ξεκινησ", r"αναλαμβαν", r"καταθετ", r"καταγραφ",
    r"run", r"provid", r"operat", r"offer", r"organi[sz]", r"support", r"host", r"deliver", r"implement", r"maintain", r"set up",
    r"help", r"assist", r"teach", r"attend", r"join", r"will (?:open|test|draft|bring|take|give|provide|offer|run)", r"match", r"link",
    r"train", r"visit", r"present", r"παρουσιασ", r"προτειν", r"προταση", r"hous", r"enrol", r"accompan", r"ran\b", r"held\b",
    r"taught", r"gave", r"serv(?:e|es|ed|ing)\b", r"receiv", r"welcom", r"open", r"launch", r"start", r"creat", r"λειτουργησ",
    r"διδαχθηκ", r"δοθηκ", r"παραχωρ", r"δανεισ", r"απασχολει", r"στηριζ", r"στηριξ",
)
OWN_ACTOR = rx(r"ο δημοσ", r"του δημου", r"τον δημο", r"δημοσ \w+", r"δημου \w+", r"το κεμ", r"του κεμ", r"η υπηρεσια", r"η ομαδα",
                 r"το προγραμμα", r"του προγραμματοσ", r"το κεντρο", r"η διευθυνση", r"we\b", r"our\b", r"the municipality",
                 r"the city", r"municipality of", r"city of", r"the centre", r"the center", r"the programme", r"the project", r"the team",
                 r"μασ\b", r"σημερα ο", r"στο πλαισιο", r"εγγραφηκαν", r"το συμβουλιο")
META = rx(r"ο παρων", r"η παρουσα", r"το παρον", r"this (?:report|document|newsletter|issue|factsheet|note)", r"στο τευχοσ αυτο",
            r"σε αυτο το τευχοσ", r"στο παρον τευχοσ", r"in this issue", r"οδηγιεσ", r"instructions", r"please fill", r"συμπληρωστε",
            r"στισ επομενεσ ενοτητεσ", r"the following sections")
# A paragraph that invites to a meeting or event rather than describing a practice.
INVITATION = rx(r"σασ προσκαλ", r"προσκαλεισθε", r"προσκαλουνται", r"you are (?:kindly |cordially )?invited", r"we (?:would like to |are pleased to |kindly )?invite you",
                r"(?:please|kindly) (?:confirm|register)", r"παρακαλουμε (?:να )?(?:επιβεβαιωσ|δηλωσ)", r"rsvp")
PRESENT_VERB = rx(r"παρουσιασ\w*", r"ανεπτυξ\w*", r"παρουσιαση", r"ενημερωσ\w*", r"presented", r"introduced", r"described",
                    r"shared (?:its|their)", r"reported", r"informed")
