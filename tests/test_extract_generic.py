"""Extraction on small documents it was not tuned on: each document is written here (markdown, text,
HTML or blocks), read with ingest.readers.read_bytes and split with extract_practices.

The rules a person expects: a heading followed by a description is one practice titled by that
heading (and the heading stays in the text); a title is a name, never a truncated sentence; a
structure mentioned in passing is not a practice of its own; only an enumeration with a cue
("δομές όπως ...", "such as ...", a plan) gives one record per named programme.
"""
from __future__ import annotations

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, Block
from ingest.extraction import extract_practices
from ingest.readers import read_bytes
from kb.fold import fold


def extract(text: str, name: str):
    result = read_bytes(text.encode("utf-8"), name)
    return extract_practices(result.blocks, source=name, meta=result.meta, folder_municipality=name.split("/")[0])


def titles(practices):
    return [p.title for p in practices]


def has(practice, words: str) -> bool:
    return fold(words) in fold(practice.title + " " + practice.text)


def assert_name_titles(practices):
    """Every title is a name: no sentence cut with an ellipsis, not too long."""
    for p in practices:
        assert "…" not in p.title, titles(practices)
        assert len(p.title.split()) <= 16, titles(practices)


# -- one heading, one description ----------------------------------------------------------------


def test_markdown_heading_and_description_is_one_practice_titled_by_the_heading():
    md = (
        "# Μαθήματα ελληνικών για μητέρες\n\n"
        "Ο Δήμος Λαρισαίων οργανώνει δωρεάν μαθήματα ελληνικής γλώσσας για γυναίκες πρόσφυγες, με φύλαξη των παιδιών\n"
        "τους την ώρα του μαθήματος. Τα τμήματα λειτουργούν τρία πρωινά την εβδομάδα στο Κέντρο Ένταξης Μεταναστών.\n"
    )
    [p] = extract(md, "larissa/greek-lessons.md")
    assert p.title == "Μαθήματα ελληνικών για μητέρες"
    assert p.text.startswith("Μαθήματα ελληνικών για μητέρες")
    assert "φύλαξη των παιδιών" in p.text and "τρία πρωινά" in p.text
    assert p.municipality == "Larissa"


def test_english_markdown_heading_with_two_paragraphs():
    md = (
        "# Health mediators for Roma families\n\n"
        "The City of Athens employs health mediators who accompany Roma and refugee families to hospitals and health "
        "centres, help them book appointments and explain treatment in their own language.\n\n"
        "The mediators also run information sessions on child vaccination in the settlements, together with the "
        "municipal clinic. In 2023 they supported 410 families.\n"
    )
    [p] = extract(md, "athens/health-mediators.md")
    assert p.title == "Health mediators for Roma families"
    assert p.text.startswith("Health mediators for Roma families")
    assert "410 families" in p.text and "book appointments" in p.text
    assert p.language == "en"


def test_text_file_with_an_all_caps_title():
    txt = (
        "ΚΟΙΝΟΣ ΚΗΠΟΣ\n\n"
        "Ο Δήμος Ιωαννιτών παραχωρεί δημοτική έκταση στην Ανατολή όπου πρόσφυγες και ντόπιοι κάτοικοι καλλιεργούν μαζί "
        "λαχανόκηπους. Η Κοινωφελής Επιχείρηση του Δήμου παρέχει σπόρους, εργαλεία και έναν γεωπόνο.\n\n"
        "Κάθε οικογένεια έχει το δικό της παρτέρι και τα προϊόντα μοιράζονται στο τέλος της σεζόν. Το 2022 συμμετείχαν "
        "34 οικογένειες.\n"
    )
    [p] = extract(txt, "ioannina/κήπος.txt")
    assert fold(p.title) == fold("Κοινός Κήπος")
    assert p.text.startswith("ΚΟΙΝΟΣ ΚΗΠΟΣ")
    assert "34 οικογένειες" in p.text


def test_html_page_with_h1_and_site_chrome():
    html = (
        "<html><head><title>Δήμος Τρικκαίων - Ανακοινώσεις</title></head><body>"
        "<nav><a href='/'>Αρχική</a> <a href='/news'>Νέα</a></nav>"
        "<h1>Βοήθεια στο σπίτι για ηλικιωμένους πρόσφυγες</h1>"
        "<p>Δημοσιεύθηκε: 12/04/2023</p>"
        "<p>Το πρόγραμμα «Βοήθεια στο Σπίτι» του Δήμου Τρικκαίων επεκτείνεται και σε ηλικιωμένους πρόσφυγες που ζουν "
        "μόνοι τους. Κοινωνική λειτουργός και νοσηλεύτρια τους επισκέπτονται μία φορά την εβδομάδα.</p>"
        "<p>Οι επισκέψεις γίνονται με τη συνοδεία διερμηνέα και περιλαμβάνουν έλεγχο φαρμάκων και συνοδεία σε "
        "ραντεβού στο Κέντρο Υγείας.</p>"
        "<footer>© 2023 Δήμος Τρικκαίων. Όλα τα δικαιώματα διατηρούνται.</footer>"
        "</body></html>"
    )
    [p] = extract(html, "trikala/news/help-at-home.html")
    assert p.title == "Βοήθεια στο σπίτι για ηλικιωμένους πρόσφυγες"
    assert p.text.startswith("Βοήθεια στο σπίτι για ηλικιωμένους πρόσφυγες")
    assert "έλεγχο φαρμάκων" in p.text


def test_html_page_with_a_contact_section_is_still_one_practice():
    html = (
        "<html><body><h1>Welcome desk for newcomers</h1>"
        "<p>The Municipality of Volos opened a one-stop welcome desk for migrants and refugees at the town hall. Staff "
        "and interpreters help newcomers with services such as tax numbers, bank accounts and school enrolment.</p>"
        "<p>The desk is open every weekday from 9:00 to 14:00 and served 530 people in its first year.</p>"
        "<h2>Contact</h2><p>Tel. 2421000000, welcome@volos.example.gr</p>"
        "</body></html>"
    )
    [p] = extract(html, "volos/welcome-desk.html")
    assert p.title == "Welcome desk for newcomers"
    assert "530 people" in p.text
    assert "welcome@volos.example.gr" in p.contact


def test_factsheet_title_and_bullet_list_of_features_is_one_practice():
    md = (
        "# Κοινωνικό Φροντιστήριο Δήμου Κατερίνης\n\n"
        "Το Κοινωνικό Φροντιστήριο προσφέρει δωρεάν ενισχυτική διδασκαλία σε μαθητές από ευάλωτες οικογένειες, "
        "μεταξύ των οποίων και παιδιά προσφύγων.\n\n"
        "- Μαθήματα για μαθητές Γυμνασίου και Λυκείου\n"
        "- Εθελοντές εκπαιδευτικοί, συνταξιούχοι και φοιτητές\n"
        "- Τμήματα έως έξι μαθητών\n"
        "- Στήριξη στην εκμάθηση της ελληνικής γλώσσας\n"
    )
    [p] = extract(md, "katerini/factsheet.md")
    assert p.title == "Κοινωνικό Φροντιστήριο Δήμου Κατερίνης"
    assert "Τμήματα έως έξι μαθητών" in p.text and "εκμάθηση της ελληνικής" in p.text


def test_prose_about_one_named_programme_without_headings():
    txt = (
        "Ο Δήμος Πατρέων υλοποιεί από το 2021 το πρόγραμμα «Γειτονιές Αλληλεγγύης», που φέρνει σε επαφή εθελοντές "
        "κατοίκους με οικογένειες προσφύγων που μόλις εγκαταστάθηκαν στην πόλη.\n\n"
        "Οι εθελοντές συνοδεύουν τις οικογένειες στις πρώτες τους επαφές με τις δημόσιες υπηρεσίες, το σχολείο και "
        "τον γιατρό. Μέχρι σήμερα έχουν δημιουργηθεί 58 ζευγάρια εθελοντών και οικογενειών.\n"
    )
    [p] = extract(txt, "patras/γειτονιές.txt")
    assert "Γειτονιές Αλληλεγγύης" in p.title
    assert "58 ζευγάρια" in p.text
    assert_name_titles([p])


def test_prose_without_a_name_is_titled_by_the_file_name():
    txt = (
        "The municipality runs cycling lessons for refugee and migrant women in a closed school yard. Volunteers of "
        "a local club teach adults to ride and a bicycle is lent for the whole course.\n\n"
        "The course has six sessions and ends with a ride through the city centre; 48 women completed it in 2023.\n"
    )
    [p] = extract(txt, "patras/bike_lessons_for_women.txt")
    assert p.title == "Bike lessons for women"
    assert "48 women" in p.text


# -- sections --------------------------------------------------------------------------------------


def test_report_with_a_title_and_four_service_sections():
    md = (
        "# Ετήσια Έκθεση 2023 – Κοινωνική Υπηρεσία Δήμου Βέροιας\n\n"
        "Η παρούσα έκθεση συνοψίζει τις δράσεις της Κοινωνικής Υπηρεσίας για πρόσφυγες και μετανάστες το 2023.\n\n"
        "## Μαθήματα ελληνικής γλώσσας\n\n"
        "Λειτούργησαν τέσσερα τμήματα ελληνικής γλώσσας για ενήλικες, με 62 εκπαιδευόμενους.\n\n"
        "## Νομική συμβουλευτική\n\n"
        "Ο νομικός σύμβουλος της Υπηρεσίας πραγματοποίησε 140 συνεδρίες για θέματα ασύλου και αδειών διαμονής.\n\n"
        "## Συμβουλευτική απασχόλησης\n\n"
        "Σε συνεργασία με τη ΔΥΠΑ, 35 πρόσφυγες βρήκαν εργασία μετά από εξατομικευμένη συμβουλευτική.\n\n"
        "## Παιδική κατασκήνωση\n\n"
        "Το καλοκαίρι 40 παιδιά προσφύγων συμμετείχαν στη δημοτική κατασκήνωση μαζί με παιδιά της πόλης.\n"
    )
    practices = extract(md, "veria/report-2023.md")
    assert titles(practices) == ["Μαθήματα ελληνικής γλώσσας", "Νομική συμβουλευτική", "Συμβουλευτική απασχόλησης",
                                 "Παιδική κατασκήνωση"]
    assert practices[1].text.startswith("Νομική συμβουλευτική")


def test_english_report_whose_intro_describes_the_centre():
    md = (
        "# Migrant Integration Centre of Trikala – Annual report 2023\n\n"
        "The Migrant Integration Centre of Trikala opened in 2017 and offers information, counselling and referral "
        "services to migrants and refugees living in the city, with a team of four staff and two interpreters.\n\n"
        "## Greek lessons\n\nThe Centre ran three Greek classes for adults with 51 learners.\n\n"
        "## Legal advice\n\nA lawyer gave 120 consultations on residence permits and family reunification.\n\n"
        "## Job counselling\n\nA job counsellor helped 44 people write a CV and 19 of them found work.\n"
    )
    practices = extract(md, "trikala/kem-report-2023.md")
    names = titles(practices)
    assert names[-3:] == ["Greek lessons", "Legal advice", "Job counselling"]
    assert len(practices) in (3, 4)
    if len(practices) == 4:
        assert "Migrant Integration Centre" in names[0] and practices[0].kind == "overview"


def test_text_report_with_all_caps_section_headings():
    txt = (
        "ΑΠΟΛΟΓΙΣΜΟΣ ΔΡΑΣΕΩΝ 2023\n\n"
        "ΜΑΘΗΜΑΤΑ ΕΛΛΗΝΙΚΩΝ ΓΙΑ ΕΝΗΛΙΚΕΣ\n\n"
        "Ο Δήμος Λαμιέων οργάνωσε δύο τμήματα ελληνικών για ενήλικες πρόσφυγες στη Δημοτική Βιβλιοθήκη, με 28 "
        "εκπαιδευόμενους συνολικά.\n\n"
        "ΔΙΕΡΜΗΝΕΙΑ ΣΤΙΣ ΔΗΜΟΤΙΚΕΣ ΥΠΗΡΕΣΙΕΣ\n\n"
        "Δύο διερμηνείς αραβικών και φαρσί συνοδεύουν πολίτες τρίτων χωρών στις δημοτικές υπηρεσίες και στο ΚΕΠ, "
        "μετά από ραντεβού.\n"
    )
    practices = extract(txt, "lamia/apologismos.txt")
    assert [fold(t) for t in titles(practices)] == [fold("Μαθήματα ελληνικών για ενήλικες"),
                                                    fold("Διερμηνεία στις δημοτικές υπηρεσίες")]


def test_newsletter_with_three_short_items():
    md = (
        "# Newsletter – Issue 5, Spring 2024\n\n"
        "## Football tournament brings neighbours together\n\n"
        "The sports department organised a five-a-side tournament where teams of refugee and local young people played "
        "together; 96 players took part.\n\n"
        "## New Greek class for parents\n\n"
        "A new evening Greek class for refugee parents started in March at the municipal library, with childcare.\n\n"
        "## Staff learn about intercultural communication\n\n"
        "Thirty municipal employees attended a two-day training on intercultural communication and working with "
        "interpreters.\n"
    )
    practices = extract(md, "larissa/newsletter-5.md")
    assert titles(practices) == ["Football tournament brings neighbours together", "New Greek class for parents",
                                 "Staff learn about intercultural communication"]


# -- forms and minutes ----------------------------------------------------------------------------


def test_greek_form_as_label_value_lines():
    txt = (
        "ΦΟΡΜΑ ΚΑΛΗΣ ΠΡΑΚΤΙΚΗΣ\n\n"
        "Τίτλος πρακτικής: Ψηφιακή αλφαβητοποίηση για γυναίκες πρόσφυγες\n"
        "Δήμος: Δήμος Χανίων\n"
        "Ομάδα-στόχος: Γυναίκες πρόσφυγες και μετανάστριες\n"
        "Περιγραφή: Το Κέντρο Κοινότητας του Δήμου οργανώνει κύκλους μαθημάτων χρήσης κινητού τηλεφώνου και "
        "υπολογιστή, ώστε οι συμμετέχουσες να κλείνουν ραντεβού και να χρησιμοποιούν τις ψηφιακές δημόσιες υπηρεσίες.\n"
        "Αποτελέσματα: 75 γυναίκες ολοκλήρωσαν τον κύκλο το 2023.\n"
    )
    [p] = extract(txt, "chania/form.txt")
    assert p.kind == "form"
    assert p.title == "Ψηφιακή αλφαβητοποίηση για γυναίκες πρόσφυγες"
    assert p.municipality == "Chania"


def test_english_form_as_blocks():
    blocks = [
        Block(HEADING, "Good practice submission", level=1),
        Block(PARAGRAPH, "Practice name: Language cafés in the public library"),
        Block(PARAGRAPH, "Municipality: Municipality of Heraklion"),
        Block(PARAGRAPH, "Target group: Migrants and refugees who are learning Greek"),
        Block(PARAGRAPH, "Description: Every Tuesday evening volunteers host an informal conversation café in the "
                         "public library, where learners practise Greek with local residents over coffee."),
        Block(PARAGRAPH, "Results: 30 regular participants in 2023."),
    ]
    [p] = extract_practices(blocks, source="heraklion/form.docx")
    assert p.kind == "form"
    assert p.title == "Language cafés in the public library"
    assert p.municipality == "Heraklion"


def test_minutes_where_two_cities_present():
    md = (
        "# Πρακτικά 3ης συνάντησης εργασίας του Δικτύου\n\n"
        "## Θέμα 1ο: Έγκριση πρακτικών\n\nΤα πρακτικά της προηγούμενης συνάντησης εγκρίθηκαν ομόφωνα.\n\n"
        "## Θέμα 2ο: Παρουσιάσεις πρακτικών\n\n"
        "Η εκπρόσωπος του Δήμου Πατρέων παρουσίασε το πρόγραμμα εκμάθησης κολύμβησης για παιδιά προσφύγων, που "
        "λειτουργεί στο δημοτικό κολυμβητήριο με 60 παιδιά κάθε καλοκαίρι.\n\n"
        "Ο εκπρόσωπος του Δήμου Βόλου παρουσίασε τη δημοτική υπηρεσία διερμηνείας, που εξυπηρετεί με διερμηνείς "
        "όλες τις υπηρεσίες του Δήμου και τα σχολεία.\n\n"
        "## Θέμα 3ο: Επόμενη συνάντηση\n\nΗ επόμενη συνάντηση θα γίνει στον Βόλο τον Μάρτιο.\n"
    )
    practices = extract(md, "athens/minutes.md")
    assert len(practices) == 2
    assert [p.municipality for p in practices] == ["Patras", "Volos"]
    assert has(practices[0], "κολύμβησης") and has(practices[1], "διερμηνείας")
    assert_name_titles(practices)


# -- enumerations and passing mentions -----------------------------------------------------------


def test_memo_enumerating_structures_and_plans_with_the_mou_axes():
    txt = (
        "ΘΕΜΑ: Έγκριση συμμετοχής του Δήμου Βόλου στο Δίκτυο Πόλεων για την Ένταξη\n\n"
        "Κύριε Πρόεδρε,\n\n"
        "Το Δίκτυο Πόλεων για την Ένταξη είναι ένα δίκτυο ελληνικών δήμων που ανταλλάσσουν εμπειρίες για την ένταξη "
        "προσφύγων και μεταναστών.\n\n"
        "Ο Δήμος Βόλου έχει ήδη δημιουργήσει δομές όπως το Κέντρο Κοινότητας, το Κοινωνικό Παντοπωλείο, το Κοινωνικό "
        "Φαρμακείο και το Δημοτικό Ιατρείο, που εξυπηρετούν και πολίτες τρίτων χωρών.\n\n"
        "Στα επόμενα σχέδιά μας είναι η σύσταση Συμβουλίου Ένταξης Μεταναστών και η λειτουργία τμημάτων ελληνομάθειας "
        "για ενήλικες.\n\n"
        "Οι άξονες του Μνημονίου Συνεργασίας είναι οι εξής:\n\n"
        "- Ανταλλαγή καλών πρακτικών και τεχνογνωσίας για την ένταξη Πολιτών Τρίτων Χωρών και την αρμονική συνύπαρξη.\n"
        "- Υποστήριξη της επιχειρησιακής ικανότητας τοπικών υπηρεσιών και διασύνδεση δημοτικών δομών.\n"
        "- Πραγματοποίηση επισκέψεων μελέτης στους δήμους-μέλη για τη χαρτογράφηση ενταξιακών αναγκών.\n"
        "- Διαμόρφωση προτάσεων πολιτικής σε τοπικό, εθνικό και ευρωπαϊκό επίπεδο.\n\n"
        "Παρακαλούμε για τη λήψη σχετικής απόφασης.\n"
    )
    practices = extract(txt, "volos/eisigisi.txt")
    names = [fold(t) for t in titles(practices)]
    for name in ("Κέντρο Κοινότητας", "Κοινωνικό Παντοπωλείο", "Κοινωνικό Φαρμακείο", "Δημοτικό Ιατρείο"):
        assert any(fold(name) == n for n in names), names
    plans = [p for p in practices if p.status == "planned"]
    assert len(plans) == 2 and has(plans[0], "Συμβουλίου Ένταξης") and has(plans[1], "ελληνομάθειας")
    assert len(practices) == 6
    assert not any(has(p, "επισκέψεων μελέτης") for p in practices)


def test_heading_over_an_enumeration_gives_the_named_structures():
    md = (
        "# Κοινωνικές δομές του Δήμου Κατερίνης\n\n"
        "Ο Δήμος Κατερίνης λειτουργεί δομές όπως το Κοινωνικό Παντοπωλείο, το Κοινωνικό Φαρμακείο και το Κέντρο "
        "Κοινότητας, που εξυπηρετούν και οικογένειες προσφύγων.\n"
    )
    practices = extract(md, "katerini/domes.md")
    assert [fold(t) for t in titles(practices)] == [fold("Κοινωνικό Παντοπωλείο"), fold("Κοινωνικό Φαρμακείο"),
                                                    fold("Κέντρο Κοινότητας")]


def test_a_centre_mentioned_in_passing_is_not_a_practice():
    md = (
        "# Homework club for refugee children\n\n"
        "The City of Trikala runs a homework club for refugee and migrant children in primary school. Volunteer "
        "teachers help the children with their homework three afternoons a week in the Migrant Integration Centre.\n\n"
        "Parents can meet the teachers once a month, with an interpreter.\n"
    )
    [p] = extract(md, "trikala/homework-club.md")
    assert p.title == "Homework club for refugee children"
    assert "Migrant Integration Centre" in p.text


def test_greek_passing_mention_in_a_text_without_heading_does_not_become_the_title():
    txt = (
        "Ο Δήμος Σερρών οργανώνει κάθε Σάββατο εργαστήρια ζωγραφικής και θεάτρου για παιδιά προσφύγων και παιδιά της "
        "γειτονιάς. Τα εργαστήρια γίνονται στο Κέντρο Κοινότητας με δύο εμψυχωτές και έναν διερμηνέα.\n"
    )
    [p] = extract(txt, "serres/ergastiria-paidia.txt")
    assert fold(p.title) != fold("Κέντρο Κοινότητας")
    assert "Τα εργαστήρια γίνονται" not in p.title
    assert_name_titles([p])


# -- documents that are not practices ----------------------------------------------------------


def test_meeting_invitation_gives_no_practice():
    md = (
        "# Πρόσκληση σε συνάντηση εργασίας\n\n"
        "Σας προσκαλούμε στην 5η συνάντηση εργασίας του Δικτύου Πόλεων για την Ένταξη.\n\n"
        "Ημερομηνία: Τρίτη 14 Μαΐου 2024, ώρα 10:00\n\n"
        "Τόπος: Δημαρχείο Λάρισας, αίθουσα συνεδριάσεων, 2ος όροφος\n\n"
        "Παρακαλούμε να επιβεβαιώσετε τη συμμετοχή σας έως τις 10 Μαΐου.\n"
    )
    assert extract(md, "larissa/invitation.md") == []


def test_budget_table_gives_no_practice():
    md = (
        "# Budget 2024\n\n"
        "| Line | Amount (EUR) |\n|---|---|\n| Staff | 120,000 |\n| Rent | 18,000 |\n| Interpreters | 24,000 |\n"
        "| Total | 162,000 |\n"
    )
    assert extract(md, "patras/budget.md") == []


# -- blocks ----------------------------------------------------------------------------------------


def test_blocks_with_a_title_heading_and_a_feature_list():
    blocks = [
        Block(HEADING, "Ανταλλακτικό παζάρι ρούχων", level=1),
        Block(PARAGRAPH, "Κάθε μήνα ο Δήμος Ξάνθης οργανώνει ανταλλακτικό παζάρι ρούχων και παιχνιδιών στην κεντρική "
                         "πλατεία, ανοιχτό σε όλους τους κατοίκους και στις οικογένειες προσφύγων της πόλης."),
        Block(LIST_ITEM, "εθελοντές ταξινομούν τα ρούχα ανά μέγεθος", level=1),
        Block(LIST_ITEM, "διερμηνείς βοηθούν στην επικοινωνία", level=1),
        Block(LIST_ITEM, "τα ρούχα που περισσεύουν πηγαίνουν στην Κοινωνική Ιματιοθήκη", level=1),
    ]
    [p] = extract_practices(blocks, source="xanthi/bazaar.docx")
    assert p.title == "Ανταλλακτικό παζάρι ρούχων"
    assert p.text.startswith("Ανταλλακτικό παζάρι ρούχων") and "Κοινωνική Ιματιοθήκη" in p.text


def test_blocks_with_two_unrelated_paragraphs_get_name_titles():
    blocks = [
        Block(PARAGRAPH, "Ο Δήμος Κοζάνης λειτουργεί από το 2020 κοινωνική κουζίνα που μοιράζει καθημερινά γεύματα σε "
                         "ευάλωτα νοικοκυριά, ανάμεσά τους και οικογένειες προσφύγων."),
        Block(PARAGRAPH, "Επιπλέον, έχει συγκροτηθεί ομάδα εθελοντών διερμηνέων που συνοδεύει πρόσφυγες σε ραντεβού "
                         "με τις δημόσιες υπηρεσίες και τα νοσοκομεία της πόλης."),
    ]
    practices = extract_practices(blocks, source="kozani/note.docx")
    assert len(practices) == 2
    assert_name_titles(practices)
    assert has(practices[0], "κουζίνα") and has(practices[1], "διερμηνέων")


def test_aspect_sections_under_a_title_stay_with_the_practice():
    md = (
        "# Κολυμβητήριο για όλους\n\n"
        "Ο Δήμος Βόλου προσφέρει δωρεάν μαθήματα κολύμβησης σε παιδιά προσφύγων και παιδιά ευάλωτων οικογενειών, "
        "με δύο γυμναστές και έναν διερμηνέα.\n\n"
        "## Ποιοι μπορούν να συμμετέχουν\n\nΠαιδιά 6 έως 12 ετών που ζουν στον Δήμο.\n\n"
        "## Πού και πότε\n\nΣτο Δημοτικό Κολυμβητήριο, κάθε Σάββατο πρωί.\n"
    )
    [p] = extract(md, "volos/kolymvisi.md")
    assert p.title == "Κολυμβητήριο για όλους"
    assert "Παιδιά 6 έως 12 ετών" in p.text and "κάθε Σάββατο" in p.text


def test_list_of_the_municipalitys_structures_after_a_lead_in():
    txt = (
        "ΚΟΙΝΩΝΙΚΗ ΠΟΛΙΤΙΚΗ ΔΗΜΟΥ ΣΕΡΡΩΝ\n\n"
        "Ο Δήμος Σερρών διαθέτει τις εξής δομές για ευάλωτους πολίτες και πρόσφυγες:\n\n"
        "- Κοινωνικό Παντοπωλείο, που εξυπηρετεί 400 οικογένειες\n"
        "- Κοινωνικό Φαρμακείο, με δωρεές φαρμάκων από πολίτες\n"
        "- Κέντρο Κοινότητας, για ενημέρωση και συμβουλευτική\n"
    )
    practices = extract(txt, "serres/domes.txt")
    assert [fold(t) for t in titles(practices)] == [fold("Κοινωνικό Παντοπωλείο"), fold("Κοινωνικό Φαρμακείο"),
                                                    fold("Κέντρο Κοινότητας")]
    assert "400 οικογένειες" in practices[0].text
