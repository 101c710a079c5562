"""kb.redact: which numbers are telephone numbers, and that nothing else is hidden."""
from __future__ import annotations

import pytest

from kb.redact import MARK, redact


@pytest.mark.parametrize("text", [
    "Επικοινωνία: kem@cityofathens.gr", "τηλ. 210 5277000", "210-52.77.000", "+30 697 123 4567",
    "(+44) 20 7946 0958", "0030 2105277000", "6971234567", "a.b-c+d@dept.city.example.org",
])
def test_contact_details_are_hidden(text):
    out = redact(text)
    assert MARK in out
    assert not any(ch.isdigit() for ch in out), out
    assert "@" not in out


@pytest.mark.parametrize("text", [
    "από το 2019 έως το 2021", "2019 - 2021", "ωφέλησε 5.000 άτομα", "300 οικογένειες το 2017",
    "ΑΦΜ 099123456", "κωδικός 1234567890", "Ν. 4636/2019", "ΦΕΚ Α' 169/1.11.2019",
])
def test_other_numbers_are_kept(text):
    assert redact(text) == text


def test_lists_and_empty_values():
    assert redact(["x@y.gr", "refugees"]) == [MARK, "refugees"]
    assert redact(None) is None and redact("") == "" and redact(3) == 3
