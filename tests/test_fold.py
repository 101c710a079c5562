from kb.fold import fold


def test_case_accents_and_final_sigma_fold_together():
    assert fold("Ελληνομάθεια") == fold("ελληνομαθεια") == fold("ΕΛΛΗΝΟΜΑΘΕΙΑ") == "ελληνομαθεια"


def test_final_sigma_and_dialytika():
    assert fold("Πρόσφυγες") == "προσφυγεσ"
    assert fold("ΠΡΟΣΦΥΓΕΣ") == "προσφυγεσ"
    assert fold("προϋπολογισμός") == fold("ΠΡΟΫΠΟΛΟΓΙΣΜΟΣ") == "προυπολογισμοσ"
    assert fold("Ϊΐΰϋ") == "ιιυυ"


def test_latin_accents_soft_hyphens_and_spaces():
    assert fold("Café  Crème") == "cafe creme"
    assert fold("ένταξη\u00ad ς") == "ενταξη σ"
    assert fold("a\u200bb\n\tc") == "ab c"


def test_empty():
    assert fold("") == "" and fold(None) == ""
