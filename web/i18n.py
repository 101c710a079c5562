"""The interface in Greek and English.

A dict of translations rather than Flask-Babel: the interface has two
languages and a couple of hundred strings; Babel would add extraction and a
.po → .mo compilation step to every install (offline, on municipal servers)
for no gain at this size. English strings are the keys, EL holds the Greek,
and tests/test_web_i18n.py checks that every string the templates and views
use has a Greek entry. `_("{n} practices", n=3)` formats after translating;
the result is a plain string, so Jinja still escapes it.

The language: the `lang` cookie set by /lang/<el|en>, else the browser's
Accept-Language, else Greek.
"""
from __future__ import annotations

from functools import lru_cache

from flask import g, has_request_context, request

from kb.axes import get_axis
from kb.municipalities import all_municipalities

LANGS = ("el", "en")
DEFAULT_LANG = "el"
LANG_COOKIE = "lang"

# Short axis names for badges and table headings (the full titles come from kb.axes).
AXIS_SHORT = {
    1: ("Τεχνογνωσία", "Know-how"),
    2: ("Επιχειρησιακή ικανότητα", "Capacity"),
    3: ("Επισκέψεις μελέτης", "Study visits"),
    4: ("Χρηματοδότηση", "Funding"),
    5: ("Πολιτική", "Policy"),
    6: ("Δράσεις & πιλοτικά", "Pilot actions"),
    7: ("Εκδηλώσεις", "Events"),
    8: ("Ευαισθητοποίηση", "Awareness"),
}

FIELD_LABELS = {
    "title": "Title", "municipality": "Municipality", "summary": "Summary", "text": "How it works",
    "language": "Language", "status": "Status", "start_year": "Start year", "target_groups": "Target groups",
    "services": "Services", "partners": "Partners", "funding": "Funding", "results": "Results",
    "lessons": "Lessons learned", "transferability": "Transferability", "contact": "Contact",
    "timescale": "Timescale", "axes": "MoU axes", "review_state": "State", "upload": "Document",
    "document": "Document",
}

EL = {
    # layout and navigation
    "Praxis": "Praxis",
    "Praxis: good practices of the Cities Network for Integration":
        "Praxis: καλές πρακτικές του Δικτύου Πόλεων για την Ένταξη",
    "Cities Network for Integration": "Δίκτυο Πόλεων για την Ένταξη",
    "Skip to content": "Μετάβαση στο περιεχόμενο",
    "Main": "Κύριο μενού",
    "Language": "Γλώσσα",
    "Search": "Αναζήτηση",
    "MoU axes": "Άξονες Μνημονίου",
    "MoU axis": "Άξονας Μνημονίου",
    "Municipalities": "Δήμοι",
    "Municipality": "Δήμος",
    "Coverage": "Κάλυψη",
    "Review": "Έλεγχος",
    "Submit a practice": "Υποβολή πρακτικής",
    "Ingestion runs": "Εισαγωγές εγγράφων",
    "Log in": "Σύνδεση",
    "Log out": "Αποσύνδεση",
    "JSON API": "JSON API",
    "Praxis collects the good practices that member municipalities of the Cities Network for Integration share "
    "for the integration of migrants and refugees.":
        "Το Praxis συγκεντρώνει τις καλές πρακτικές ένταξης μεταναστών και προσφύγων που μοιράζονται οι "
        "δήμοι-μέλη του Δικτύου Πόλεων για την Ένταξη.",
    # search
    "Search good practices": "Αναζήτηση καλών πρακτικών",
    "What are you looking for? (Greek or English)": "Τι ψάχνετε; (στα ελληνικά ή στα αγγλικά)",
    "e.g. Greek lessons for mothers, στέγαση προσφύγων": "π.χ. μαθήματα ελληνικών για μητέρες, refugee housing",
    "Filters": "Φίλτρα",
    "All municipalities": "Όλοι οι δήμοι",
    "All axes": "Όλοι οι άξονες",
    "Both languages": "Και οι δύο γλώσσες",
    "Any status": "Οποιαδήποτε κατάσταση",
    "Status": "Κατάσταση",
    "Apply filters": "Εφαρμογή φίλτρων",
    "Browse by MoU axis": "Περιήγηση ανά άξονα του Μνημονίου",
    "{n} practices": "{n} πρακτικές",
    "Results for “{q}”": "Αποτελέσματα για «{q}»",
    "Practices": "Πρακτικές",
    "{shown} of {total}": "{shown} από {total}",
    "page {page} of {pages}": "σελίδα {page} από {pages}",
    "Pages of results": "Σελίδες αποτελεσμάτων",
    "Previous": "Προηγούμενη",
    "Next": "Επόμενη",
    "Started from year": "Έναρξη από το έτος",
    "to year": "έως το έτος",
    "Sort by": "Ταξινόμηση",
    "Relevance": "Συνάφεια",
    "Newest first": "Νεότερες πρώτα",
    "This page is past the last result.": "Αυτή η σελίδα είναι μετά το τελευταίο αποτέλεσμα.",
    "Back to the first page": "Επιστροφή στην πρώτη σελίδα",
    "No practice matches this search.": "Καμία πρακτική δεν ταιριάζει με αυτή την αναζήτηση.",
    "Try:": "Δοκιμάστε:",
    "fewer or more general words": "λιγότερες ή πιο γενικές λέξεις",
    "the other language (Greek or English)": "την άλλη γλώσσα (ελληνικά ή αγγλικά)",
    "removing the filters": "να αφαιρέσετε τα φίλτρα",
    "Why it matched": "Γιατί ταιριάζει",
    "matched: keywords": "λέξεις-κλειδιά",
    "matched: meaning": "νόημα",
    "matched: keywords and meaning": "λέξεις-κλειδιά και νόημα",
    "year_from must be a year such as 2021.": "Το «από έτος» πρέπει να είναι έτος, π.χ. 2021.",
    "year_to must be a year such as 2021.": "Το «έως έτος» πρέπει να είναι έτος, π.χ. 2021.",
    "year_from must not be after year_to.": "Το «από έτος» δεν μπορεί να είναι μετά το «έως έτος».",
    "page must be a whole number from 1 to 10000.": "Η σελίδα πρέπει να είναι ακέραιος από 1 έως 10000.",
    "sort must be relevance, newest, municipality or title.":
        "Η ταξινόμηση πρέπει να είναι relevance, newest, municipality ή title.",
    "Permalink": "Μόνιμος σύνδεσμος",
    "Export CSV": "Εξαγωγή CSV",
    "Export JSON": "Εξαγωγή JSON",
    "No practices found. Try other words, or remove a filter.":
        "Δεν βρέθηκαν πρακτικές. Δοκιμάστε άλλες λέξεις ή αφαιρέστε ένα φίλτρο.",
    "Refine": "Περιορισμός",
    "Axis": "Άξονας",
    "strength": "ισχύς",
    "The query is not valid: {reason}": "Η αναζήτηση δεν είναι έγκυρη: {reason}",
    "Search is not available right now: {reason}": "Η αναζήτηση δεν είναι διαθέσιμη αυτή τη στιγμή: {reason}",
    # parameter errors (also in the API, in English)
    "The query is too long (1000 characters at most).": "Η αναζήτηση είναι πολύ μεγάλη (έως 1000 χαρακτήρες).",
    "k must be a whole number from 1 to 100.": "Το k πρέπει να είναι ακέραιος από 1 έως 100.",
    "axis must be a number from 1 to 8.": "Ο άξονας πρέπει να είναι αριθμός από 1 έως 8.",
    "lang must be el or en.": "Η γλώσσα πρέπει να είναι el ή en.",
    "status must be running, planned or ended.": "Η κατάσταση πρέπει να είναι running, planned ή ended.",
    "mode must be hybrid, bm25 or dense.": "Ο τρόπος πρέπει να είναι hybrid, bm25 ή dense.",
    # practice page
    "since {year}": "από το {year}",
    "How it works": "Πώς λειτουργεί",
    "Source": "Πηγή",
    "Contact": "Επικοινωνία",
    "confirmed by a coordinator": "επιβεβαιωμένος από συντονιστή",
    "named in the document": "αναφέρεται στο έγγραφο",
    "Not linked to an axis yet.": "Δεν έχει συνδεθεί ακόμη με άξονα.",
    "Also described in": "Περιγράφεται επίσης σε",
    "Related practices": "Σχετικές πρακτικές",
    "Returned by {user}: {comment}": "Επιστράφηκε από {user}: {comment}",
    "History": "Ιστορικό",
    "When": "Πότε",
    "Who": "Ποιος",
    "Field": "Πεδίο",
    "Before": "Πριν",
    "After": "Μετά",
    "Comment": "Σχόλιο",
    "source missing": "το αρχείο-πηγή δεν βρίσκεται πια στον δίσκο",
    "source changed": "το αρχείο-πηγή άλλαξε μετά την επεξεργασία",
    # fields
    "Title": "Τίτλος",
    "Summary": "Περίληψη",
    "Start year": "Έτος έναρξης",
    "Target groups": "Ομάδες-στόχος",
    "Services": "Υπηρεσίες",
    "Partners": "Εταίροι",
    "Funding": "Χρηματοδότηση",
    "Results": "Αποτελέσματα",
    "Lessons learned": "Διδάγματα",
    "Transferability": "Δυνατότητα μεταφοράς",
    "Timescale": "Διάρκεια",
    "State": "Κατάσταση ελέγχου",
    "Document": "Έγγραφο",
    # values
    "running": "σε εξέλιξη",
    "planned": "σχεδιάζεται",
    "ended": "ολοκληρώθηκε",
    "published": "δημοσιευμένη",
    "submitted": "υποβλήθηκε",
    "returned": "επιστράφηκε",
    "viewer": "αναγνώστης",
    "coordinator": "συντονιστής",
    "admin": "διαχειριστής",
    "completed": "ολοκληρώθηκε",
    "interrupted": "διακόπηκε",
    "failed": "απέτυχε",
    "(not stated)": "(δεν αναφέρεται)",
    # axes and coverage
    "The eight axes of the Memorandum of Understanding": "Οι οκτώ άξονες του Μνημονίου Συνεργασίας",
    "The member municipalities of the Network cooperate along eight axes. Each practice is linked to the axes "
    "it serves, with the sentences that show it.":
        "Οι δήμοι-μέλη του Δικτύου συνεργάζονται σε οκτώ άξονες. Κάθε πρακτική συνδέεται με τους άξονες που "
        "υπηρετεί, μαζί με τις προτάσεις που το δείχνουν.",
    "strongest link first": "πρώτα η ισχυρότερη σύνδεση",
    "No practices are linked to this axis yet.": "Καμία πρακτική δεν έχει συνδεθεί ακόμη με αυτόν τον άξονα.",
    "No practices yet.": "Δεν υπάρχουν ακόμη πρακτικές.",
    "Coverage: municipalities × MoU axes": "Κάλυψη: δήμοι × άξονες του Μνημονίου",
    "How many published practices each municipality has under each axis. Darker cells have more; each number "
    "opens the list.":
        "Πόσες δημοσιευμένες πρακτικές έχει κάθε δήμος σε κάθε άξονα. Τα πιο σκούρα κελιά έχουν περισσότερες· "
        "κάθε αριθμός ανοίγει τη λίστα.",
    "Practices per municipality and MoU axis": "Πρακτικές ανά δήμο και άξονα του Μνημονίου",
    "All": "Όλες",
    "{n} practices of {m} under axis {a}": "{m}, άξονας {a}: {n} πρακτικές",
    "none": "καμία",
    # runs
    "Started": "Έναρξη",
    "Ended": "Λήξη",
    "Files": "Αρχεία",
    "Read": "Διαβάστηκαν",
    "Unchanged": "Αμετάβλητα",
    "Duplicates": "Διπλότυπα",
    "Failed": "Απέτυχαν",
    "Files the last run could not read": "Αρχεία που η τελευταία εισαγωγή δεν μπόρεσε να διαβάσει",
    "File": "Αρχείο",
    "Reason": "Αιτία",
    "None: every file was read.": "Κανένα: διαβάστηκαν όλα τα αρχεία.",
    "No ingestion has run yet: run `kb ingest FOLDER`.": "Δεν έχει γίνει ακόμη εισαγωγή: εκτελέστε `kb ingest ΦΑΚΕΛΟΣ`.",
    # login
    "Username": "Όνομα χρήστη",
    "Password": "Κωδικός",
    "Accounts are created by an administrator (kb user add).":
        "Τους λογαριασμούς δημιουργεί ο διαχειριστής (kb user add).",
    "Logged in as {name}.": "Συνδεθήκατε ως {name}.",
    "Logged out.": "Αποσυνδεθήκατε.",
    "The request is too large.": "Το αίτημα είναι πολύ μεγάλο.",
    "Wrong username or password.": "Λάθος όνομα χρήστη ή κωδικός.",
    "Too many failed attempts: this account is locked for 5 minutes.":
        "Πάρα πολλές αποτυχημένες προσπάθειες: ο λογαριασμός κλειδώθηκε για 5 λεπτά.",
    "Too many attempts. Please wait a few minutes and try again.":
        "Πάρα πολλές προσπάθειες. Περιμένετε λίγα λεπτά και δοκιμάστε ξανά.",
    # errors
    "Something went wrong": "Κάτι πήγε στραβά",
    "Back to search": "Πίσω στην αναζήτηση",
    "The request is not valid.": "Το αίτημα δεν είναι έγκυρο.",
    "Please log in first.": "Συνδεθείτε πρώτα.",
    "You do not have permission to do this.": "Δεν έχετε δικαίωμα γι' αυτή την ενέργεια.",
    "Not found.": "Δεν βρέθηκε.",
    "This action is not allowed here.": "Η ενέργεια αυτή δεν επιτρέπεται εδώ.",
    "The file is too large: at most {mb} MB can be uploaded.":
        "Το αρχείο είναι πολύ μεγάλο: επιτρέπονται έως {mb} MB.",
    "The form has expired or did not come from this site. Reload the page and try again.":
        "Η φόρμα έληξε ή δεν προέρχεται από αυτόν τον ιστότοπο. Ανανεώστε τη σελίδα και δοκιμάστε ξανά.",
    # review
    "Review queue": "Πρακτικές προς έλεγχο",
    "Practices waiting for review": "Πρακτικές που περιμένουν έλεγχο",
    "Select": "Επιλογή",
    "Updated": "Ενημέρωση",
    "Approve selected": "Έγκριση επιλεγμένων",
    "Nothing waits for review.": "Δεν υπάρχει τίποτα προς έλεγχο.",
    "Published practices with warnings": "Δημοσιευμένες πρακτικές με προειδοποιήσεις",
    "Edit fields": "Επεξεργασία πεδίων",
    "Approve and publish": "Έγκριση και δημοσίευση",
    "Comment for the submitter": "Σχόλιο προς τον υποβάλλοντα",
    "Return with comment": "Επιστροφή με σχόλιο",
    "Confirm the MoU axes of this practice": "Επιβεβαίωση των αξόνων του Μνημονίου για αυτή την πρακτική",
    "Confirm axes": "Επιβεβαίωση αξόνων",
    "Approved: the practice is now published.": "Εγκρίθηκε: η πρακτική δημοσιεύτηκε.",
    "Say why the practice is returned (a comment is required).":
        "Γράψτε γιατί επιστρέφεται η πρακτική (το σχόλιο είναι υποχρεωτικό).",
    "Returned with your comment.": "Επιστράφηκε με το σχόλιό σας.",
    "Select practices to approve.": "Επιλέξτε πρακτικές για έγκριση.",
    "bulk approval": "μαζική έγκριση",
    "{n} practices approved.": "Εγκρίθηκαν {n} πρακτικές.",
    "axes confirmed": "επιβεβαίωση αξόνων",
    "MoU axes confirmed.": "Οι άξονες επιβεβαιώθηκαν.",
    "Nothing changed.": "Δεν άλλαξε τίποτα.",
    "Changes saved.": "Οι αλλαγές αποθηκεύτηκαν.",
    "Saved, but search will see the change only after the next indexing: {reason}":
        "Αποθηκεύτηκε, αλλά η αναζήτηση θα δει την αλλαγή μετά την επόμενη ευρετηρίαση: {reason}",
    "Edit": "Επεξεργασία",
    "Edit practice": "Επεξεργασία πρακτικής",
    "Please correct the marked fields.": "Διορθώστε τα σημειωμένα πεδία.",
    "Comment (kept in the history)": "Σχόλιο (καταγράφεται στο ιστορικό)",
    "Save changes": "Αποθήκευση αλλαγών",
    "One per line.": "Ένα ανά γραμμή.",
    # form errors
    "This field is too long.": "Το πεδίο είναι πολύ μεγάλο.",
    "Choose one of the options.": "Επιλέξτε μία από τις επιλογές.",
    "A year such as 2021.": "Ένα έτος, π.χ. 2021.",
    "A title is required.": "Ο τίτλος είναι υποχρεωτικός.",
    "The text of the practice is required.": "Το κείμενο της πρακτικής είναι υποχρεωτικό.",
    "Describe how the practice works, or upload a document.":
        "Περιγράψτε πώς λειτουργεί η πρακτική ή ανεβάστε ένα έγγραφο.",
    "The file is empty.": "Το αρχείο είναι κενό.",
    "The uploaded file is no longer available: please upload it again.":
        "Το αρχείο που ανεβάσατε δεν είναι πια διαθέσιμο: ανεβάστε το ξανά.",
    # submission
    "Fill in the form, upload a document that describes the practice, or both: what the document says fills the "
    "fields you leave empty. Preview first to see the suggested MoU axes and similar practices already in Praxis.":
        "Συμπληρώστε τη φόρμα, ανεβάστε ένα έγγραφο που περιγράφει την πρακτική ή και τα δύο: ό,τι λέει το "
        "έγγραφο συμπληρώνει τα πεδία που αφήνετε κενά. Κάντε πρώτα προεπισκόπηση για να δείτε τους προτεινόμενους "
        "άξονες και παρόμοιες πρακτικές που υπάρχουν ήδη στο Praxis.",
    "Preview": "Προεπισκόπηση",
    "Suggestions are not available: {reason}": "Οι προτάσεις δεν είναι διαθέσιμες: {reason}",
    "Document: {name} ({n} practices found in it)": "Έγγραφο: {name} (βρέθηκαν {n} πρακτικές)",
    "Suggested MoU axes": "Προτεινόμενοι άξονες του Μνημονίου",
    "None yet.": "Κανένας ακόμη.",
    "Similar practices already in Praxis": "Παρόμοιες πρακτικές που υπάρχουν ήδη στο Praxis",
    "None found.": "Δεν βρέθηκαν.",
    "Document (PDF, DOCX, TXT, MD or HTML)": "Έγγραφο (PDF, DOCX, TXT, MD ή HTML)",
    "Kept: {name}. Choose another file to replace it.": "Κρατήθηκε: {name}. Επιλέξτε άλλο αρχείο για αντικατάσταση.",
    "Submit for review": "Υποβολή για έλεγχο",
    "Thank you: the practice was submitted and waits for review.":
        "Ευχαριστούμε: η πρακτική υποβλήθηκε και περιμένει έλεγχο.",
    "submitted through the web form": "υποβολή μέσω της φόρμας",
    "Documents cannot be read on this server: {reason}": "Τα έγγραφα δεν μπορούν να διαβαστούν σε αυτόν τον διακομιστή: {reason}",
    "The document cannot be read: {reason}": "Το έγγραφο δεν μπορεί να διαβαστεί: {reason}",
    "The document cannot be read: it needs too much memory.": "Το έγγραφο δεν μπορεί να διαβαστεί: χρειάζεται πολλή μνήμη.",
    # Facet labels: target groups and themes (kb.vocab labels).
    "Themes": "Θεματικές",
    "Suggested target groups": "Προτεινόμενες ομάδες-στόχος",
    "Suggested themes": "Προτεινόμενες θεματικές",
    "More like this": "Παρόμοιες πρακτικές",
    "year must be a year such as 2021.": "Το έτος πρέπει να είναι π.χ. 2021.",
    "refugees": "πρόσφυγες", "asylum seekers": "αιτούντες άσυλο", "recognised refugees": "αναγνωρισμένοι πρόσφυγες",
    "migrants": "μετανάστες", "third-country nationals": "πολίτες τρίτων χωρών",
    "unaccompanied minors": "ασυνόδευτοι ανήλικοι", "women": "γυναίκες", "children": "παιδιά", "youth": "νέοι",
    "students": "μαθητές και φοιτητές", "families": "οικογένειες", "roma": "Ρομά",
    "vulnerable residents": "ευάλωτοι κάτοικοι", "all residents": "όλοι οι κάτοικοι",
    "language": "γλώσσα", "education": "εκπαίδευση", "employment": "απασχόληση", "housing": "στέγαση",
    "health": "υγεία", "legal aid": "νομική βοήθεια", "social support": "κοινωνική υποστήριξη",
    "psychosocial support": "ψυχοκοινωνική υποστήριξη", "mediation": "διαμεσολάβηση", "participation": "συμμετοχή",
    "culture": "πολιτισμός", "awareness": "ευαισθητοποίηση", "training": "κατάρτιση", "coordination": "συντονισμός",
    "food aid": "επισιτιστική βοήθεια", "information": "ενημέρωση", "sport": "αθλητισμός",
}


def select_lang() -> str:
    """The cookie's language, else the browser's preference between el and en, else Greek."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    return request.accept_languages.best_match(LANGS) or DEFAULT_LANG


def current_lang() -> str:
    if not has_request_context():
        return DEFAULT_LANG
    if "lang" not in g:
        g.lang = select_lang()
    return g.lang


def gettext(text: str, **values) -> str:
    lang = current_lang()
    out = EL.get(text, text) if lang == "el" else text
    return out.format(**values) if values else out


# Plural forms: (English singular, English plural) -> (Greek singular, Greek plural). Greek and
# English both have two forms, "one" for n == 1 and "other" otherwise (CLDR), so one rule serves both.
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("{n} practice", "{n} practices"): ("{n} πρακτική", "{n} πρακτικές"),
}


def ngettext(singular: str, plural: str, count: int, **values) -> str:
    """The form of a counted phrase for `count`: «1 πρακτική», «2 πρακτικές» (not «1 πρακτικές»)."""
    one = count == 1
    if current_lang() == "el":
        el = PLURALS.get((singular, plural))
        if el is not None:
            singular, plural = el
    out = singular if one else plural
    return out.format(**values) if values else out


def axis_title(n: int) -> str:
    return get_axis(int(n)).title(current_lang())


def axis_short(n: int) -> str:
    el, en = AXIS_SHORT[int(n)]
    return el if current_lang() == "el" else en


def municipality_label(name: str) -> str:
    """The canonical (English) name in English; "Δήμος <official genitive>" in Greek."""
    if current_lang() == "el":
        greek = _greek_names().get(name)
        if greek:
            return f"Δήμος {greek}"
    return name


@lru_cache(maxsize=1)
def _greek_names() -> dict[str, str]:
    return {m.name: m.greek[0] for m in all_municipalities() if m.greek}


def lang_label(code: str) -> str:
    names = {"el": ("Ελληνικά", "Greek"), "en": ("Αγγλικά", "English")}
    if code not in names:
        return code
    return names[code][0] if current_lang() == "el" else names[code][1]


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def init_app(app) -> None:
    app.before_request(lambda: None if current_lang() else None)  # decide once, early
    app.jinja_env.globals.update(
        _=gettext, ngettext=ngettext, axis_title=axis_title, axis_short=axis_short, muni_label=municipality_label,
        lang_label=lang_label, field_label=field_label,
    )
    app.context_processor(lambda: {"lang": current_lang()})

    @app.after_request
    def vary(response):
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
        return response
