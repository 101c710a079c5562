"""The learned segmenter: labels from gold markers, retraining on documents the test writes,
determinism of retraining, and the shipped model's load time."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, Block
from ingest.extraction import extract_practices
from ingest.readers import read_bytes
from ingest.segmenter.labels import B, I, O, infer_labels, labelled_documents, prepare
from ingest.segmenter.model import SHIPPED, _load, decode, load_model, spans
from ingest.segmenter.train import train_segmenter

# Invented services, cities and sentences: each document is assembled from them so that every
# shape appears several times with different words.
SERVICES = [
    ("Γραφείο στέγασης νέων οικογενειών", "Το γραφείο βοηθά οικογένειες προσφύγων να βρουν κατοικία και να υπογράψουν μισθωτήριο με τη βοήθεια διερμηνέα."),
    ("Τμήματα ελληνικών για γονείς", "Δύο φορές την εβδομάδα εκπαιδευτικοί διδάσκουν ελληνικά σε γονείς μεταναστών ενώ τα παιδιά παίζουν στον διπλανό χώρο."),
    ("Κοινωνικός λαχανόκηπος", "Ντόπιοι και πρόσφυγες καλλιεργούν μαζί δημοτικά οικόπεδα και μοιράζονται τη σοδειά με το κοινωνικό παντοπωλείο."),
    ("Συμβουλευτική εργασίας", "Σύμβουλοι απασχόλησης βοηθούν μετανάστες να γράψουν βιογραφικό και να βρουν θέσεις εργασίας σε τοπικές επιχειρήσεις."),
    ("Νομική βοήθεια για αιτούντες άσυλο", "Δικηγόροι του δήμου ενημερώνουν αιτούντες άσυλο για τα δικαιώματά τους και τους συνοδεύουν σε συνεντεύξεις."),
    ("Διαπολιτισμική μεσολάβηση στα σχολεία", "Μεσολαβητές συνδέουν τις οικογένειες των μαθητών προσφύγων με τους εκπαιδευτικούς και μειώνουν τη σχολική διαρροή."),
    ("Θερινό σχολείο για παιδιά", "Κάθε καλοκαίρι παιδιά μεταναστών και ντόπια παιδιά συμμετέχουν σε δημιουργικά εργαστήρια, κολύμβηση και μαθήματα γλώσσας."),
    ("Κινητή μονάδα υγείας", "Ένα όχημα με γιατρό και νοσηλεύτρια επισκέπτεται τους οικισμούς Ρομά και τα κέντρα φιλοξενίας για εμβολιασμούς."),
    ("Δανειστική βιβλιοθήκη πολλών γλωσσών", "Η δημοτική βιβλιοθήκη δανείζει βιβλία σε αραβικά, φαρσί και ουκρανικά και οργανώνει αφηγήσεις για παιδιά."),
    ("Ομάδα εθελοντών μεντόρων", "Εθελοντές συναντούν κάθε εβδομάδα νέους πρόσφυγες, τους βοηθούν στα μαθήματα και στις επαφές με τις υπηρεσίες."),
    ("Ψηφιακό γραφείο εξυπηρέτησης", "Υπάλληλοι του δήμου βοηθούν μετανάστες να κλείσουν ραντεβού και να υποβάλουν αιτήσεις σε ηλεκτρονικές πλατφόρμες."),
    ("Αθλητικές ακαδημίες ένταξης", "Προπονητές του δήμου οργανώνουν ομάδες ποδοσφαίρου και μπάσκετ όπου παίζουν μαζί παιδιά προσφύγων και ντόπια παιδιά."),
]
CITIES = ["Δήμος Βόλου", "Δήμος Τρικκαίων", "Δήμος Λαρισαίων", "Δήμος Ιωαννιτών", "Δήμος Σερρών", "Δήμος Καλαμάτας"]
INTRO = "Η έκθεση παρουσιάζει τις δράσεις της υπηρεσίας κατά το προηγούμενο έτος και τα στοιχεία που συγκέντρωσαν τα στελέχη της."
CONTACT = "Τηλέφωνο 2100000000, ηλεκτρονικό ταχυδρομείο info@example.gr, ώρες εξυπηρέτησης 09:00-14:00."


def report(services) -> str:
    parts = ["# Ετήσια έκθεση δράσεων κοινωνικής υπηρεσίας", "", "## Εισαγωγή", "", INTRO, ""]
    for name, text in services:
        parts += [f"## {name}", "", text, "", "Η δράση συνεχίζεται και φέτος με χρηματοδότηση του δήμου.", ""]
    parts += ["## Επικοινωνία", "", CONTACT, ""]
    return "\n".join(parts)


def email(services) -> str:
    parts = ["Αγαπητοί συνάδελφοι,", "",
             "σε συνέχεια της πρόσκλησης σας στέλνουμε τις δράσεις μας για τη βάση καλών πρακτικών:", ""]
    for k, (name, text) in enumerate(services, 1):
        parts += [f"{k}) {name}. {text}", ""]
    parts += ["Με εκτίμηση,", "", "Η υπεύθυνη του γραφείου", ""]
    return "\n".join(parts)


def minutes(services, cities) -> str:
    parts = ["# Πρακτικά συνάντησης ομάδας εργασίας", "", "## Παρόντες", "", ", ".join(cities) + ", Γραμματεία.", "",
             "## Θέμα 1ο: Παρουσιάσεις δράσεων", ""]
    for city, (name, text) in zip(cities, services):
        parts += [f"### {city}", "", f"Η εκπρόσωπος παρουσίασε τη δράση «{name}». {text}", ""]
    parts += ["## Επόμενη συνάντηση", "", "Η επόμενη συνάντηση θα γίνει τον Σεπτέμβριο διαδικτυακά.", ""]
    return "\n".join(parts)


def agenda(k: int) -> str:
    return "\n".join([
        f"# Ημερήσια διάταξη {k}ης συνάντησης", "", "## Πρωί", "",
        "| Ώρα | Θέμα |", "|---|---|", "| 09:30 | Προσέλευση |", "| 10:00 | Χαιρετισμοί |", "| 11:00 | Διάλειμμα |", "",
        "## Πρακτικές πληροφορίες", "", "- Η διαμονή καλύπτεται για έναν εκπρόσωπο ανά δήμο.",
        "- Τα εισιτήρια βαρύνουν τους δήμους.", ""])


def write_corpus(root: Path) -> tuple[list[dict], list[dict]]:
    """A small corpus: three documents of each shape plus no-practice agendas, with gold."""
    documents, practices = [], []
    (root / "docs").mkdir(parents=True)
    (root / "gold").mkdir()

    def add(name: str, text: str, chosen) -> None:
        (root / "docs" / name).write_text(text, encoding="utf-8")
        documents.append({"file": name, "n_practices": len(chosen), "expect": "ok"})
        for k, (title, body) in enumerate(chosen):
            practices.append({"id": f"{name}-{k}", "doc": name, "title": title, "marker": body.split(".")[0]})

    for k in range(4):
        pick = [SERVICES[(k * 3 + j) % len(SERVICES)] for j in range(3)]
        add(f"report{k}.md", report(pick), pick)
        pick = [SERVICES[(k * 5 + j) % len(SERVICES)] for j in range(4)]
        add(f"email{k}.txt", email(pick), pick)
        pick = [SERVICES[(k * 7 + j) % len(SERVICES)] for j in range(3)]
        add(f"minutes{k}.md", minutes(pick, CITIES[k:k + 3]), pick)
        add(f"agenda{k}.md", agenda(k + 1), [])
    for name, rows in (("documents.jsonl", documents), ("practices.jsonl", practices)):
        (root / "gold" / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return documents, practices


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("segcorpus")
    write_corpus(root)
    return root


TRAIN = {f"{shape}{k}{ext}" for k in range(3) for shape, ext in
         (("report", ".md"), ("email", ".txt"), ("minutes", ".md"), ("agenda", ".md"))}


@pytest.fixture(scope="module")
def trained(corpus, tmp_path_factory) -> Path:
    return train_segmenter(corpus, TRAIN, tmp_path_factory.mktemp("model"))


def test_labels_put_each_practice_at_its_heading_and_the_rest_outside(corpus):
    docs = {d.file: d for d in labelled_documents(corpus, {"report0.md", "email0.txt", "agenda0.md"})}
    report_doc = docs["report0.md"]
    starts = [b.text for b, label in zip(report_doc.blocks, report_doc.labels) if label == B]
    assert starts == [name for name, _ in SERVICES[0:3]]
    outside = [b.text for b, label in zip(report_doc.blocks, report_doc.labels) if label == O]
    assert "Εισαγωγή" in outside and "Επικοινωνία" in outside
    mail = docs["email0.txt"]
    assert [b.kind for b, label in zip(mail.blocks, mail.labels) if label == B] == [LIST_ITEM] * 4
    assert set(docs["agenda0.md"].labels) == {O}


@pytest.mark.parametrize("held_out, n", [("report3.md", 3), ("email3.txt", 4), ("minutes3.md", 3), ("agenda3.md", 0)])
def test_retrained_model_segments_a_held_out_document(corpus, trained, held_out, n):
    model = load_model(trained.parent)
    blocks, hints = prepare(read_bytes((corpus / "docs" / held_out).read_bytes(), held_out).blocks)
    labels = model.segment(blocks, hints)
    assert labels.count(B) == n, list(zip(labels, [b.text[:40] for b in blocks]))
    gold = [json.loads(x) for x in (corpus / "gold" / "practices.jsonl").read_text(encoding="utf-8").splitlines()]
    markers = [g["marker"] for g in gold if g["doc"] == held_out]
    for start, end in spans(labels):  # each segment holds exactly one practice's marker
        text = " ".join(b.text for b in blocks[start:end])
        assert sum(m in text for m in markers) == 1
    result = read_bytes((corpus / "docs" / held_out).read_bytes(), held_out)
    records = extract_practices(result.blocks, source=held_out, models_dir=trained.parent, combine="learned")
    assert len(records) == n
    assert all(sum(m in r.title + " " + r.text for m in markers) == 1 for r in records)


def test_retraining_is_deterministic(corpus, trained, tmp_path):
    again = train_segmenter(corpus, TRAIN, tmp_path)
    assert again.read_bytes() == trained.read_bytes()


def test_training_uses_only_the_documents_given(corpus, tmp_path):
    path = train_segmenter(corpus, {"report0.md", "agenda0.md"}, tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["documents"] == 2


def test_a_models_dir_with_segment_json_overrides_the_shipped_model(trained, tmp_path):
    assert load_model(trained.parent).to_json() == json.loads(trained.read_text(encoding="utf-8"))
    assert load_model(tmp_path) is load_model(None)  # an empty folder: the shipped model


def test_shipped_model_loads_quickly_and_segments():
    _load.cache_clear()
    t0 = time.perf_counter()
    model = load_model()
    assert model is not None and time.perf_counter() - t0 < 1.0
    blocks = [Block(HEADING, "Τίτλος", level=1), Block(PARAGRAPH, "Κείμενο με λίγες λέξεις για τη δοκιμή.")]
    assert len(model.segment(blocks)) == 2


def test_decoding_never_continues_without_a_beginning():
    import math
    # I is the most probable everywhere, but I may only follow B or I
    rows = [[math.log(0.2), math.log(0.5), math.log(0.3)]] * 3
    labels = decode(rows, (B, I, O))
    assert labels[0] != I and all(not (a == O and b == I) for a, b in zip(labels, labels[1:]))


def test_infer_labels_prefers_the_heading_over_a_list_item_marker():
    blocks = [Block(HEADING, "Ομάδα", level=1), Block(HEADING, "Πρώτη δράση", level=2),
              Block(LIST_ITEM, "σημείο α της πρώτης"), Block(HEADING, "Δεύτερη δράση", level=2),
              Block(PARAGRAPH, "κείμενο της δεύτερης")]
    assert infer_labels(blocks, [2, 4]) == [O, B, I, B, I]
