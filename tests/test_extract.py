"""Tests for ingest.extraction: one small document per shape, built here as blocks (no shared corpus)."""
from __future__ import annotations

import copy

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block
from ingest.extraction import document_municipality, extract_practices
from ingest.extraction import finders as F
from kb.fold import fold


def H(text, level=1, **kw):
    return Block(HEADING, text, level=level, **kw)


def P(text, **kw):
    return Block(PARAGRAPH, text, **kw)


def L(text, ordered=False, **kw):
    return Block(LIST_ITEM, text, level=1, ordered=ordered, **kw)


def T(*rows, **kw):
    rows = tuple(tuple(r) for r in rows)
    return Block(TABLE, "\n".join(" | ".join(r) for r in rows), rows=rows, **kw)


def titles(practices):
    return [p.title for p in practices]


def find(practices, words):
    """The one record whose folded title contains `words`."""
    hits = [p for p in practices if fold(words) in fold(p.title)]
    assert len(hits) == 1, (words, titles(practices))
    return hits[0]


AXES_ITEMS = [
    "Ανταλλαγή καλών πρακτικών και τεχνογνωσίας που σχετίζονται με την ένταξη Πολιτών Τρίτων Χωρών, την προώθηση της "
    "αρμονικής συνύπαρξης και τη διαμόρφωση τοπικών σχεδίων ένταξης.",
    "Υποστήριξη της επιχειρησιακής ικανότητας τοπικών υπηρεσιών, μέσω της ανταλλαγής πληροφορίας και της διασύνδεσης "
    "δημοτικών δομών που δραστηριοποιούνται στον τομέα εξυπηρέτησης Πολιτών Τρίτων Χωρών.",
    "Πραγματοποίηση επισκέψεων μελέτης στους δήμους – μέλη για την χαρτογράφηση και αξιολόγηση ενταξιακών αναγκών.",
    "Διαμόρφωση προτάσεων πολιτικής σε τοπικό, εθνικό και Ευρωπαϊκό επίπεδο, με σκοπό την προώθηση βασικών ενταξιακών αρχών.",
]


# -- submission forms ------------------------------------------------------------------------


def greek_form():
    return [
        P("ΔΙΚΤΥΟ ΠΟΛΕΩΝ ΓΙΑ ΤΗΝ ΕΝΤΑΞΗ", style={"bold": True}),
        H("Φόρμα υποβολής καλής πρακτικής", 1),
        P("Συμπληρώστε τα πεδία και στείλτε τη φόρμα στη Γραμματεία."),
        T(
            ("Πεδίο", "Στοιχεία"),
            ("Τίτλος της πρακτικής", "«Γειτονιές που διαβάζουν»: δανειστική βιβλιοθήκη στις γειτονιές των προσφύγων"),
            ("Δήμος", "Δήμος Βόλου"),
            ("Άξονες του Μνημονίου", "Άξονας 1 και Άξονας 8"),
            ("Ομάδα-στόχος", "Παιδιά και γονείς από οικογένειες προσφύγων, ντόπιοι κάτοικοι των γειτονιών."),
            ("Περιγραφή", "Από το 2019 η Δημοτική Βιβλιοθήκη λειτουργεί κινητή βιβλιοθήκη που σταθμεύει κάθε Σάββατο σε "
                          "τρεις γειτονιές όπου διαμένουν οικογένειες προσφύγων. Εθελοντές διαβάζουν παραμύθια στα "
                          "ελληνικά και στα αραβικά και οι γονείς δανείζονται βιβλία για το σπίτι."),
            ("Πόροι", "Ένα όχημα του Δήμου και 6.000 ευρώ τον χρόνο από ίδιους πόρους."),
            ("Αποτελέσματα", "Το 2022 δανείστηκαν βιβλία 230 παιδιά."),
            ("Δυνατότητα μεταφοράς", "Μπορεί να εφαρμοστεί σε κάθε δήμο με δημοτική βιβλιοθήκη."),
            ("Στοιχεία επικοινωνίας", "Δημοτική Βιβλιοθήκη Βόλου, biblio@volos.example.gr"),
            ("Ημερομηνία υποβολής", "12/03/2023"),
        ),
    ]


def test_greek_form_table_is_one_practice_with_its_fields():
    practices = extract_practices(greek_form(), source="volos/form.docx", folder_municipality="volos")
    assert len(practices) == 1
    p = practices[0]
    assert p.kind == "form"
    assert p.title.startswith("«Γειτονιές που διαβάζουν»")
    assert p.municipality == "Volos"
    assert p.axes_hint == [1, 8]
    assert p.language == "el"
    assert p.status == "running"
    assert p.start_year == 2019
    assert "6.000 ευρώ" in p.funding
    assert "230 παιδιά" in p.results
    assert "βιβλιοθήκη" in p.transferability
    assert "biblio@volos.example.gr" in p.contact
    assert "children" in p.target_groups and "refugees" in p.target_groups
    assert p.summary.startswith("Από το 2019")
    assert "Περιγραφή" in p.text  # the form's own words are the record's text


def test_english_field_value_form_with_bullets_in_the_description():
    blocks = [
        H("Good practice form", 1),
        P("Please fill in one form per practice."),
        P("Title of the practice: Bike Buddies – cycling lessons for newcomers"),
        P("Municipality: Municipality of Patras"),
        P("MoU axes: 6 and 8"),
        P("Target group: Refugee and migrant women who want to move around the city on their own."),
        P("Description: Volunteers of a local cycling club teach adults to ride a bicycle in a closed school yard. "
          "Each course has six sessions and ends with a ride through the city centre."),
        L("road safety in Greek and Arabic;"),
        L("a bicycle lent for the whole course."),
        P("Resources and funding: Bicycles donated by a local shop; EUR 3,000 from the municipal budget."),
        P("Results: In 2023, 48 women completed the course."),
        P("Lessons learned: Childcare during the sessions decided who could come."),
        P("Contact: Social Policy Office, bikes@patras.example.gr"),
        P("Submitted: 2 May 2024"),
    ]
    [p] = extract_practices(blocks, source="patras/form.docx")
    assert p.title == "Bike Buddies – cycling lessons for newcomers"
    assert p.municipality == "Patras"
    assert p.axes_hint == [6, 8]
    assert p.language == "en"
    assert "road safety" in p.text and "a bicycle lent" in p.text
    assert "EUR 3,000" in p.funding
    assert "48 women" in p.results
    assert p.lessons.startswith("Childcare")
    assert "bikes@patras.example.gr" in p.contact and "Submitted" not in p.contact
    assert "women" in p.target_groups


def test_register_table_gives_one_practice_per_row():
    blocks = [
        H("Καλές πρακτικές των δήμων-μελών", 1),
        T(
            ("Α/Α", "Τίτλος πρακτικής", "Δήμος", "Περιγραφή", "Άξονας"),
            ("1", "Κοινωνικό φροντιστήριο", "Δήμος Σερρών", "Δωρεάν μαθήματα σε μαθητές από οικογένειες μεταναστών.", "1"),
            ("2", "Λέσχη ανάγνωσης", "Δήμος Δράμας", "Μηνιαίες συναντήσεις γυναικών μεταναστριών και ντόπιων στη βιβλιοθήκη.", "8"),
        ),
    ]
    practices = extract_practices(blocks)
    assert titles(practices) == ["Κοινωνικό φροντιστήριο", "Λέσχη ανάγνωσης"]
    assert [p.municipality for p in practices] == ["Serres", "Drama"]
    assert [p.axes_hint for p in practices] == [[1], [8]]


def test_form_like_table_inside_a_report_does_not_hide_the_report():
    blocks = activity_report()[:-2] + [
        H("4. Πρακτική του μήνα", 2),
        T(("Τίτλος", "Βόλτες στην πόλη"), ("Δήμος", "Δήμος Βόλου"),
          ("Περιγραφή", "Κάθε Σάββατο εθελοντές ξεναγούν νέες οικογένειες προσφύγων στις δημόσιες υπηρεσίες της πόλης "
                        "και στα πάρκα, με τη βοήθεια διερμηνέα.")),
    ]
    practices = extract_practices(blocks)
    assert "Μαθήματα ελληνικών για ενήλικες" in titles(practices)
    assert any("Βόλτες στην πόλη" in p.text for p in practices)


# -- sectioned documents -----------------------------------------------------------------------


def activity_report():
    return [
        P("ΔΗΜΟΣ ΒΟΛΟΥ"),
        P("ΔΙΕΥΘΥΝΣΗ ΚΟΙΝΩΝΙΚΗΣ ΠΡΟΣΤΑΣΙΑΣ"),
        H("Ετήσια έκθεση δράσεων 2023", 1),
        P("Κέντρο Ένταξης Μεταναστών (ΚΕΜ) Δήμου Βόλου", style={"bold": True}),
        H("1. Εισαγωγή", 2),
        P("Το Κέντρο Ένταξης Μεταναστών λειτουργεί από το 2017 και παρέχει ενημέρωση, κοινωνική υποστήριξη και "
          "παραπομπές σε πολίτες τρίτων χωρών και δικαιούχους διεθνούς προστασίας που ζουν στον Βόλο."),
        H("2. Στατιστικά στοιχεία", 2),
        T(("Υπηρεσία", "Ωφελούμενοι"), ("Ενημέρωση", "812"), ("Μαθήματα", "140")),
        H("3. Υπηρεσίες", 2),
        H("3.1 Μαθήματα ελληνικών για ενήλικες", 3),
        P("Λειτούργησαν οκτώ τμήματα ελληνικής γλώσσας με 140 εκπαιδευόμενους, σε πρωινές και βραδινές ώρες."),
        H("3.2 Νομική πληροφόρηση", 3),
        P("Ο νομικός σύμβουλος του ΚΕΜ ενημερώνει για άδειες διαμονής και ιθαγένεια, σε συνεργασία με την "
          "Ύπατη Αρμοστεία του ΟΗΕ για τους Πρόσφυγες."),
        H("3.3 Ομάδα υποστήριξης μητέρων", 3),
        P("Κάθε Τετάρτη συναντιέται ομάδα μητέρων προσφύγων με ψυχολόγο και διερμηνέα."),
        H("4. Επικοινωνία", 2),
        P("Τηλ. 24210 00000, kem@volos.example.gr"),
    ]


def test_activity_report_gives_one_record_per_service_and_one_for_the_centre():
    practices = extract_practices(activity_report(), source="volos/report.pdf")
    assert [p.kind for p in practices] == ["overview", "section", "section", "section"]
    centre, greek, legal, mothers = practices
    assert centre.title == "Κέντρο Ένταξης Μεταναστών (ΚΕΜ) Δήμου Βόλου"
    assert centre.start_year == 2017 and centre.status == "running"
    assert "812" in centre.results  # the statistics section belongs to the centre, it is not a practice
    assert "kem@volos.example.gr" in centre.contact
    assert greek.title == "Μαθήματα ελληνικών για ενήλικες"  # numbering stripped
    assert "language" in greek.services
    assert greek.location == "§ Υπηρεσίες › Μαθήματα ελληνικών για ενήλικες"
    assert legal.partners == ["UNHCR"]
    assert "women" in mothers.target_groups and "psychosocial support" in mothers.services
    assert all(p.municipality == "Volos" for p in practices)
    assert not any("Επικοινωνία" in t or "Στατιστικά" in t for t in titles(practices))


def test_plan_section_gives_one_planned_record_per_item():
    blocks = activity_report()[:-2] + [
        H("5. Προτεραιότητες για το 2024", 2),
        L("Δημιουργία τμήματος ελληνικών για εργαζόμενες μητέρες με φύλαξη παιδιών.", ordered=True),
        L("Πρόσληψη δεύτερου διαμεσολαβητή με γνώση της γλώσσας ντάρι.", ordered=True),
    ]
    practices = extract_practices(blocks)
    plans = [p for p in practices if p.kind == "list_item"]
    assert len(plans) == 2 and all(p.status == "planned" for p in plans)
    assert plans[0].title.startswith("Δημιουργία τμήματος ελληνικών")


def test_one_page_factsheet_is_one_practice():
    blocks = [
        P("FACTSHEET · Municipality of Kalamata · 2024", style={"bold": True}),
        H("Welcome Desk of Kalamata", 1),
        P("The Welcome Desk is a municipal office where newcomers get information on residence permits, schools and "
          "health care in Greek, English and Arabic. It opened in 2020 and is run by two social workers."),
        H("What we offer", 2),
        L("Information on public services and help with forms."),
        L("Interpretation by appointment."),
        H("Opening hours", 2),
        P("Monday to Friday, 09:00–14:00."),
    ]
    [p] = extract_practices(blocks, folder_municipality="kalamata")
    assert p.title == "Welcome Desk of Kalamata"
    assert p.municipality == "Kalamata"
    assert p.start_year == 2020
    assert "Interpretation by appointment." in p.text
    assert p.status == "running"
    assert p.language == "en"


def test_bilingual_document_pairs_the_two_languages():
    blocks = [
        H("Κοινωνική Κουζίνα Δήμου Χανίων", 1),
        P("Η Κοινωνική Κουζίνα του Δήμου προσφέρει καθημερινά γεύματα σε άστεγους, ευάλωτους κατοίκους και πρόσφυγες."),
        H("Εθελοντές", 2),
        P("Εθελοντές από την πόλη και από κοινότητες προσφύγων μαγειρεύουν και σερβίρουν μαζί."),
        H("Social Kitchen of the Municipality of Chania", 1),
        P("The Social Kitchen of the Municipality offers daily meals to homeless people, vulnerable residents and refugees."),
        H("Volunteers", 2),
        P("Volunteers from the city and from refugee communities cook and serve together."),
    ]
    practices = extract_practices(blocks)
    assert len(practices) == 2
    assert "Social Kitchen" in practices[0].text and "Κοινωνική Κουζίνα" in practices[0].text
    assert practices[0].language == "el"


# -- minutes ----------------------------------------------------------------------------------


def minutes():
    return [
        P("ΔΗΜΟΣ ΑΘΗΝΑΙΩΝ", style={"bold": True}),
        H("Πρακτικό 2ης συνάντησης της Ομάδας Εργασίας για την Απασχόληση", 1),
        P("Σήμερα, 10 Μαΐου 2023, συνήλθε η Ομάδα Εργασίας στο Δημαρχείο."),
        H("Παρόντες", 2),
        L("Δήμος Αθηναίων: Μαρία Παππά"),
        L("Δήμος Λαρισαίων: Γιώργος Νίκου"),
        H("Θέμα 1ο: Έγκριση του πρακτικού της προηγούμενης συνάντησης", 2),
        P("Το πρακτικό εγκρίθηκε ομόφωνα."),
        H("Θέμα 2ο: Πρόγραμμα «Χωράφια για όλους»", 2),
        P("Η εκπρόσωπος του Δήμου Λαρισαίων παρουσίασε το πρόγραμμα «Χωράφια για όλους», που συνδέει πρόσφυγες με "
          "αγρότες της περιοχής για εποχική εργασία. Από το 2021 συμμετείχαν 64 άτομα."),
        H("Θέμα 3ο: Εργαστήρια αναζήτησης εργασίας", 2),
        P("Το ΚΕΜ του Δήμου οργανώνει κάθε μήνα εργαστήρια αναζήτησης εργασίας για μετανάστες και πρόσφυγες, με "
          "τη συνδρομή διερμηνέων."),
        H("Θέμα 4ο: Λοιπά θέματα", 2),
        P("Δεν υπήρξαν άλλα θέματα. Η συνάντηση έληξε στις 14:00."),
        T(("Η Πρόεδρος", "Η Γραμματέας"), ("Μαρία Παππά", "Ελένη Ρήγα")),
    ]


def test_minutes_skip_procedure_and_give_the_presenting_city():
    practices = extract_practices(minutes(), source="athens/minutes.docx")
    assert len(practices) == 2, titles(practices)
    fields_, workshops = practices
    assert fields_.title == "Πρόγραμμα «Χωράφια για όλους»"
    assert fields_.municipality == "Larissa"  # presented by another city
    assert fields_.kind == "minutes_item"
    assert fields_.start_year == 2021 and "64 άτομα" in fields_.results
    assert workshops.municipality == "Athens"  # the document's own municipality
    assert workshops.status == "running"
    assert not any("Έγκριση" in t or "Λοιπά" in t or "Παρόντες" in t for t in titles(practices))


def test_minutes_item_where_several_cities_present_is_split():
    blocks = minutes()[:6] + [
        H("Θέμα 2ο: Παρουσιάσεις καλών πρακτικών", 2),
        P("Ο εκπρόσωπος του Δήμου Καβάλας παρουσίασε τη λέσχη ανάγνωσης για μητέρες προσφύγων, που λειτουργεί "
          "στη Δημοτική Βιβλιοθήκη κάθε Πέμπτη."),
        P("Η εκπρόσωπος του Δήμου Ξάνθης παρουσίασε το πρόγραμμα κολύμβησης για παιδιά μεταναστών, σε συνεργασία "
          "με τον Δημοτικό Αθλητικό Οργανισμό."),
    ]
    practices = extract_practices(blocks)
    assert [p.municipality for p in practices] == ["Kavala", "Xanthi"]
    assert practices[0].title.startswith("Λέσχη ανάγνωσης για μητέρες προσφύγων")
    assert "κολύμβησης" in practices[1].text and "κολύμβησης" not in practices[0].text


def test_proposal_list_in_minutes_gives_planned_records_and_decisions_do_not():
    blocks = minutes()[:6] + [
        H("Θέμα 2ο: Προτάσεις για κοινές δράσεις", 2),
        L("Διοργάνωση διαδικτυακού σεμιναρίου για τα στελέχη των δήμων σχετικά με την αναγνώριση προσόντων.", ordered=True),
        L("Κοινή ημέρα γνωριμίας εργοδοτών και προσφύγων σε δύο πόλεις του Δικτύου.", ordered=True),
        H("Θέμα 3ο: Κοινή πρόταση χρηματοδότησης", 2),
        P("Ο Δήμος Αθηναίων θα συντονίσει κοινή πρόταση στο Ταμείο Ασύλου, Μετανάστευσης και Ένταξης για "
          "προγράμματα κατάρτισης προσφύγων σε τρεις πόλεις."),
        L("Να συγκροτηθεί ομάδα εργασίας έως τις 15 Ιουνίου.", ordered=True),
        L("Ο Δήμος Αθηναίων να στείλει σχέδιο της πρότασης έως τις 30 Ιουνίου.", ordered=True),
    ]
    practices = extract_practices(blocks)
    assert [p.status for p in practices] == ["planned", "planned", "planned"], titles(practices)
    assert practices[2].title == "Κοινή πρόταση χρηματοδότησης"
    assert "Να συγκροτηθεί" in practices[2].text


# -- memos ------------------------------------------------------------------------------------


def memo():
    return [
        T(("ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ", ""), ("ΝΟΜΟΣ ΜΑΓΝΗΣΙΑΣ", "Βόλος, 3-2-2022"), ("ΔΗΜΟΣ ΒΟΛΟΥ", "Αρ. Πρωτ. 1234"),
          ("Τηλ. 2421000000", "")),
        P("ΘΕΜΑ: Έγκριση συμμετοχής του Δήμου Βόλου στο Δίκτυο Πόλεων για την Ένταξη", style={"bold": True}),
        P("Κύριε Πρόεδρε,"),
        P("Το Δίκτυο Πόλεων για την Ένταξη είναι ένα δίκτυο ελληνικών δήμων που ανταλλάσσουν εμπειρίες για την ένταξη "
          "προσφύγων και μεταναστών."),
        P("Ο Δήμος Βόλου έχει ήδη δημιουργήσει δομές όπως το Κέντρο Ένταξης Μεταναστών, το Κοινωνικό Παντοπωλείο, "
          "το Κοινωνικό Φροντιστήριο και το πρόγραμμα Ελληνομάθειας, που υποστηρίζουν ευάλωτους πληθυσμούς. "
          "Το 2021 το Κοινωνικό Παντοπωλείο στήριξε 320 οικογένειες."),
        P("Στα επόμενα σχέδια μας είναι η σύσταση του Συμβουλίου Ένταξης Μεταναστών σε συνεργασία με τις κοινότητες "
          "μεταναστών, η λειτουργία γραφείου διερμηνείας καθώς και η συνεργασία με τους δήμους του Δικτύου."),
        P("Παρακαλούμε όπως συμπεριλάβετε στα θέματα της επόμενης συνεδρίασης τα εξής:"),
        L("Έγκριση της συμμετοχής του Δήμου στο Δίκτυο.", ordered=True),
        L("Έγκριση του Μνημονίου Συνεργασίας.", ordered=True),
        P("Οι άξονες συνεργασίας του Μνημονίου είναι οι εξής:"),
        *[L(text, ordered=True) for text in AXES_ITEMS],
        P("Ο Αντιδήμαρχος Κοινωνικής Πολιτικής"),
        P("ΓΕΩΡΓΙΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", style={"bold": True}),
        P("ΠΡΟΣ: Πρόεδρο Δημοτικού Συμβουλίου"),
    ]


def test_memo_names_programmes_in_one_sentence_and_plans_in_another():
    practices = extract_practices(memo(), source="volos/memo.docx")
    assert titles(practices) == [
        "Κέντρο Ένταξης Μεταναστών",
        "Κοινωνικό Παντοπωλείο",
        "Κοινωνικό Φροντιστήριο",
        "Πρόγραμμα Ελληνομάθειας",
        "Σύσταση του Συμβουλίου Ένταξης Μεταναστών",
        "Λειτουργία γραφείου διερμηνείας",
    ]
    assert all(p.kind == "named_programme" and p.municipality == "Volos" for p in practices)
    assert [p.status for p in practices] == ["running"] * 4 + ["planned"] * 2
    grocery = find(practices, "Παντοπωλείο")
    # the record's text is the passage that names it, the whole sentence is its context
    assert grocery.text == "όπως το Κέντρο Ένταξης Μεταναστών, το Κοινωνικό Παντοπωλείο"
    assert "Κοινωνικό Φροντιστήριο" in grocery.context
    assert "320 οικογένειες" in grocery.results  # said of it in the next sentence
    council = find(practices, "Συμβουλίου")
    assert "σε συνεργασία με τις κοινότητες μεταναστών" in council.text
    assert "γραφείου διερμηνείας" not in council.text


def test_memo_axes_list_requests_and_boilerplate_are_not_practices():
    practices = extract_practices(memo())
    text = " ".join(p.title + " " + p.text for p in practices)
    for fragment in ("Ανταλλαγή καλών πρακτικών", "επιχειρησιακής ικανότητας", "Έγκριση του Μνημονίου", "ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ",
                     "Αρ. Πρωτ", "ΓΕΩΡΓΙΟΣ", "ΠΡΟΣ", "Κύριε Πρόεδρε", "δίκτυο ελληνικών δήμων", "συνεργασία με τους δήμους"):
        assert fragment not in text


def test_memo_without_lists_gives_one_record_per_activity_paragraph():
    blocks = [
        P("ΔΗΜΟΣ ΣΕΡΡΩΝ"),
        P("ΘΕΜΑ: Συνέχιση του προγράμματος στέγασης"),
        P("Κύριε Πρόεδρε,"),
        P("Ο Δήμος Σερρών συμμετέχει από το 2018 στο πρόγραμμα στέγασης ESTIA και σήμερα διαθέτει 120 θέσεις "
          "φιλοξενίας σε διαμερίσματα της πόλης για οικογένειες αιτούντων άσυλο."),
        P("Επιπλέον, ο Δήμος έχει συγκροτήσει ομάδα διερμηνέων που εξυπηρετεί και τις υπόλοιπες υπηρεσίες του Δήμου, "
          "όπως τα ΚΕΠ και τους παιδικούς σταθμούς."),
        P("Η δαπάνη καλύπτεται εξ ολοκλήρου από τη χρηματοδότηση του προγράμματος, ύψους 480.000 ευρώ για το 2022."),
        P("Ο Δήμαρχος"),
    ]
    practices = extract_practices(blocks)
    assert len(practices) == 2
    housing, interpreters = practices
    assert housing.kind == "paragraph" and housing.start_year == 2018
    assert housing.municipality == "Serres"
    assert "480.000 ευρώ" in housing.funding  # the budget paragraph is a field, not a practice
    assert "διερμηνέων" in interpreters.text


def test_english_memo_list():
    blocks = [
        H("Note to the Municipal Council", 1),
        P("The Municipality of Corfu has already set up structures such as the Migrant Integration Centre, "
          "Greek language courses and a cultural mediation service."),
        P("Our next plans include the establishment of a Migrant Council and the hiring of two new mediators."),
    ]
    practices = extract_practices(blocks)
    assert titles(practices) == ["Migrant Integration Centre", "Greek language courses", "Cultural mediation service",
                                 "Establishment of a Migrant Council", "Hiring of two new mediators"]
    assert [p.status for p in practices] == ["running"] * 3 + ["planned"] * 2
    assert all(p.municipality == "Corfu" and p.language == "en" for p in practices)


# -- boilerplate and fallbacks ----------------------------------------------------------------


def test_letterhead_and_signature_alone_give_nothing():
    blocks = [
        T(("ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ", "Αρ. Πρωτ. 55"), ("ΔΗΜΟΣ ΛΑΜΙΕΩΝ", "Λαμία, 2-2-2022")),
        P("ΠΡΟΣ: Διεύθυνση Οικονομικών"),
        P("Ο Δήμαρχος"),
        P("ΝΙΚΟΛΑΟΣ ΓΕΩΡΓΙΟΥ"),
    ]
    assert extract_practices(blocks) == []
    assert extract_practices([]) == []


def test_unstructured_substantive_document_is_never_dropped():
    blocks = [
        P("Σημειώσεις"),
        P("προσφυγες μαθηματα ελληνικων κάθε απόγευμα στο πνευματικό κέντρο, διερμηνεία αραβικά φαρσί, "
          "νομική βοήθεια για άδειες διαμονής, παιδιά στο σχολείο, σύνολο 45 άτομα τον μήνα, χρηματοδότηση ΕΣΠΑ"),
    ]
    practices = extract_practices(blocks, folder_municipality="trikala")
    assert len(practices) == 1
    assert practices[0].kind == "document" and practices[0].municipality == "Trikala"


def test_document_without_integration_content_gives_nothing():
    blocks = [H("Ανακοίνωση", 1), P("Από τη Δευτέρα κλείνει η οδός Ερμού λόγω ασφαλτόστρωσης. Οι οδηγοί παρακαλούνται "
                                     "να ακολουθούν τις πινακίδες εκτροπής της κυκλοφορίας.")]
    assert extract_practices(blocks) == []


def test_pdf_noise_headers_and_mid_sentence_breaks():
    # a running footer on every page, a heading that is a wrapped line, a subtitle set as a deep heading
    footer = "Δήμος Ρόδου | Έκθεση 2023"
    blocks = [
        H("Έκθεση πεπραγμένων 2023", 1, page=1),
        H("Κέντρο Κοινότητας Δήμου Ρόδου", 4, page=1),
        P(footer, page=1),
        H("1. Ξενώνας φιλοξενίας", 2, page=1),
        H("Ο ξενώνας φιλοξενεί ασυνόδευτους ανήλικους και λειτουργεί από το", 2, page=1),
        P("2016 σε συνεργασία με την ΑΡΣΙΣ, με 24 θέσεις φιλοξενίας.", page=2),
        P(footer, page=2),
        H("2. Μαθήματα ελληνικών", 2, page=2),
        P("Τα μαθήματα ελληνικών απευθύνονται σε ενήλικες πρόσφυγες και γίνονται δύο φορές την εβδομάδα.", page=2),
        P(footer, page=3),
    ]
    practices = extract_practices(blocks)
    assert titles(practices) == ["Ξενώνας φιλοξενίας", "Μαθήματα ελληνικών"]
    shelter = practices[0]
    assert "λειτουργεί από το 2016" in shelter.text and shelter.start_year == 2016
    assert "unaccompanied minors" in shelter.target_groups and "ARSIS" in shelter.partners
    assert footer not in shelter.text
    assert shelter.page == 1 and shelter.location.startswith("p. 1")


def test_group_of_services_under_an_about_heading():
    blocks = [
        H("Annual report 2022", 1),
        P("Migrant Integration Centre, Municipality of Kavala", style={"bold": True}),
        H("Introduction", 2),
        P("The Migrant Integration Centre of Kavala opened in 2019 and provides information, social support and legal "
          "advice to third-country nationals living in the city."),
        H("Our services", 2),
        H("Greek classes", 3),
        P("Six Greek classes ran for 95 adult learners, in the mornings and evenings."),
        H("Employment support", 3),
        P("The employment counsellor helped 120 people write a CV and register with the public employment service."),
    ]
    practices = extract_practices(blocks)
    assert titles(practices) == ["Migrant Integration Centre, Municipality of Kavala", "Greek classes", "Employment support"]
    assert practices[1].location == "§ Our services › Greek classes"


def test_minutes_whose_items_are_bold_paragraphs():
    blocks = [
        P("ΔΗΜΟΣ ΠΕΙΡΑΙΑ"),
        P("ΠΡΑΚΤΙΚΟ 5ης ΣΥΝΕΔΡΙΑΣΗΣ ΤΟΥ ΣΥΜΒΟΥΛΙΟΥ ΕΝΤΑΞΗΣ ΜΕΤΑΝΑΣΤΩΝ"),
        P("Θέμα 1ο: Έγκριση πρακτικών", style={"bold": True}),
        P("Εγκρίθηκαν ομόφωνα τα πρακτικά της προηγούμενης συνεδρίασης."),
        P("Θέμα 2ο: Πολύγλωσσο γραφείο ενημέρωσης", style={"bold": True}),
        P("Ο Πρόεδρος ενημέρωσε ότι από τον Μάρτιο λειτουργεί στο Δημαρχείο γραφείο ενημέρωσης για μετανάστες με "
          "διερμηνείς στα αραβικά και στα φαρσί."),
    ]
    [p] = extract_practices(blocks)
    assert p.title == "Πολύγλωσσο γραφείο ενημέρωσης" and p.municipality == "Piraeus" and p.kind == "minutes_item"


def test_plain_text_letterhead_and_a_line_broken_into_a_heading():
    # a text file's reader may take letterhead lines and a wrapped line for headings
    blocks = [
        H("ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ", 1), H("Χανιά", 2), H("ΔΗΜΟΣ ΧΑΝΙΩΝ", 1), H("Τηλ. 2821000000", 2),
        P("Θέμα: Συμμετοχή στο Δίκτυο Πόλεων για την Ένταξη"),
        H("Στα επόμενα σχέδια μας είναι η δημιουργία Κέντρου Ένταξης", 2),
        P("Μεταναστών στο κέντρο της πόλης, η λειτουργία τμημάτων ελληνικής γλώσσας καθώς και η πρόσληψη διερμηνέων."),
    ]
    practices = extract_practices(blocks)
    assert titles(practices) == ["Δημιουργία Κέντρου Ένταξης Μεταναστών στο κέντρο της πόλης",
                                 "Λειτουργία τμημάτων ελληνικής γλώσσας", "Πρόσληψη διερμηνέων"]
    assert all(p.status == "planned" and p.municipality == "Chania" for p in practices)


def test_same_programme_named_twice_is_one_record():
    blocks = [
        H("Ενημερωτικό δελτίο", 1),
        P("Στο τεύχος αυτό: το Κοινωνικό Παντοπωλείο και οι νέες εγγραφές."),
        H("Κοινωνικό Παντοπωλείο", 2),
        P("Το Κοινωνικό Παντοπωλείο του Δήμου στηρίζει κάθε μήνα 200 ευάλωτα νοικοκυριά, μεταξύ των οποίων οικογένειες προσφύγων."),
        H("Κοινωνικό παντοπωλείο", 2),
        P("Οι εγγραφές στο παντοπωλείο γίνονται στην Κοινωνική Υπηρεσία κάθε Δευτέρα για οικογένειες προσφύγων."),
    ]
    practices = extract_practices(blocks)
    assert len(practices) == 1
    assert "εγγραφές" in practices[0].context


def test_extraction_is_pure():
    blocks = memo()
    before = copy.deepcopy(blocks)
    first = [p.to_dict() for p in extract_practices(blocks, source="a")]
    second = [p.to_dict() for p in extract_practices(blocks, source="a")]
    assert first == second and blocks == before
    assert [p["ordinal"] for p in first] == list(range(len(first)))


# -- fields -----------------------------------------------------------------------------------


def test_start_year_only_when_stated():
    assert F.start_year("Λειτουργεί από το 2016 στο Δημαρχείο.") == 2016
    assert F.start_year("Ο Δήμος συμμετέχει από τον Ιούλιο του 2017 στο πρόγραμμα.") == 2017
    assert F.start_year("Το πρόγραμμα ξεκίνησε τον Μάρτιο του 2019.") == 2019
    assert F.start_year("Running since 2015, the desk serves 300 people.") == 2015
    assert F.start_year("It was set up by the city in 2018 as a pilot.") == 2018
    assert F.start_year("Το 2022 εξυπηρετήθηκαν 300 άτομα.") is None
    assert F.start_year("Ο Δήμος έχει 30.000 κατοίκους.") is None


def test_fields_are_empty_when_not_stated():
    text = "Το Κέντρο παρέχει ενημέρωση σε μετανάστες για τις δημόσιες υπηρεσίες."
    assert F.funding(text) == "" and F.results(text) == "" and F.contact(text) == "" and F.timescale(text) == ""
    assert F.partners(text) == [] and F.start_year(text) is None


def test_funding_partners_results_contact():
    text = ("Το πρόγραμμα χρηματοδοτείται από το ΕΣΠΑ 2021-2027 με 120.000 ευρώ. Υλοποιείται σε συνεργασία με τον "
            "Διεθνή Οργανισμό Μετανάστευσης και τον Σύλλογο Γονέων Νέας Σμύρνης. Το 2023 συμμετείχαν 85 γυναίκες. "
            "Πληροφορίες: Τηλ. 2101234567, info@example.gr")
    assert F.funding(text).startswith("Το πρόγραμμα χρηματοδοτείται")
    assert F.partners(text) == ["IOM", "Σύλλογο Γονέων Νέας Σμύρνης"]
    assert F.results(text) == "Το 2023 συμμετείχαν 85 γυναίκες."
    assert "2101234567" in F.contact(text) and "info@example.gr" in F.contact(text)
    assert F.timescale("Pilot phase March 2021 – June 2022 with 40 people.") == "March 2021 – June 2022"


def test_status_cues():
    assert F.status("Το Κέντρο λειτουργεί καθημερινά και παρέχει ενημέρωση.") == "running"
    assert F.status("Το γραφείο θα λειτουργήσει από τον Σεπτέμβριο.") == "planned"
    assert F.status("The project will open a desk in the Town Hall.") == "planned"
    assert F.status("Ο Δήμος διοργάνωσε ημερίδα για τη στέγαση στις 15 Ιουνίου.", title="Ημερίδα για τη στέγαση") == "ended"
    assert F.status("Το πρόγραμμα ολοκληρώθηκε τον Δεκέμβριο του 2022.") == "ended"
    assert F.status("Για τρίτη χρονιά πραγματοποιήθηκε το φεστιβάλ.", title="Φεστιβάλ") == "running"
    assert F.status("Κέντρο Ένταξης Μεταναστών") == ""


def test_language_by_script():
    assert F.language("Μαθήματα ελληνικών for adults") == "el"
    assert F.language("Greek lessons for adults (μαθήματα)") == "en"


def test_document_municipality_prefers_the_letterhead_then_the_folder():
    assert document_municipality([P("ΔΗΜΟΣ ΚΑΛΛΙΘΕΑΣ"), P("Η συνεργασία με τον Δήμο Αθηναίων ...")]) == "Kallithea"
    assert document_municipality([P("Κείμενο χωρίς δήμο.")], {}, "ioannina") == "Ioannina"
    assert document_municipality([P("Κείμενο.")], {"author": "Municipality of Heraklion"}) == "Heraklion"
    assert document_municipality([P("Ο Δήμος Μονεμβασιάς ανακοινώνει")]) == "Monemvasia"
    assert document_municipality([P("Ο Δήμος Ασπρόλιμνης ανακοινώνει")]) == "Ασπρόλιμνη"  # not in the gazetteer


# -- the municipality that runs a practice (issue 8) -------------------------------------------------


def test_a_practice_takes_the_city_that_runs_it_not_the_folder_or_document():
    from ingest.extraction.candidate import Candidate
    from ingest.extraction.s5_fields import practice_municipality

    def cand(title: str, body: str) -> Candidate:
        return Candidate(title=title, body=[Block(PARAGRAPH, body)])

    # named by the title: "City: what", a heading that is a city, "... of the Municipality of X"
    assert practice_municipality(cand("Ρόδος: θερινό σχολείο ελληνικών", "Για τρίτη χρονιά λειτουργεί."), "Volos") == "Rhodes"
    assert practice_municipality(cand("Δήμος Κω", "Παρουσιάστηκε το θερινό σχολείο."), "Fyli") == "Kos"
    # named by the opening sentence
    assert practice_municipality(cand("Θερινό σχολείο", "Ο Δήμος Λαρισαίων οργανώνει θερινό σχολείο. Ο Βόλος ενδιαφέρεται."),
                                 "Volos") == "Larissa"
    # partners, visitors and the place visited do not run it; several cities decide nothing
    assert practice_municipality(cand("Κουζίνα", "Ο Δήμος σε συνεργασία με τον Δήμο Βόλου μαγειρεύει."), "Larissa") == "Larissa"
    assert practice_municipality(cand("Επίσκεψη μελέτης στον Δήμο Τρικκαίων", "Στελέχη του ΚΕΜ ταξίδεψαν."), "Serres") == "Serres"
    assert practice_municipality(cand("Κοινή πρόταση Λέρου και Ρόδου", "Υποβλήθηκε πρόταση."), "Volos") == "Volos"
    # the shape's own answer (a form's field, the presenter of an item of minutes) comes first
    c = cand("Ρόδος: θερινό σχολείο", "...")
    c.municipality = "Δήμος Βόλου"
    assert practice_municipality(c, "Fyli") == "Volos"
