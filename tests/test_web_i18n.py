"""Every interface string has a Greek translation (web.i18n is a plain dict, so this is the check)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

from kb.model import STATUSES
from kb.users import ROLES
from web import i18n

WEB = Path(__file__).resolve().parent.parent / "web"
TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:"([^"]+)"|'([^']+)')""")
# Strings that reach _() from variables: form errors, parameter errors, field labels, values.
MESSAGE_CALLS = {"_", "gettext", "ParamError", "UploadError"}


def template_strings() -> set[str]:
    found = set()
    for path in (WEB / "templates").glob("*.html"):
        for a, b in TEMPLATE_CALL.findall(path.read_text("utf-8")):
            found.add(a or b)
    return found


def python_strings() -> set[str]:
    found = set()
    for path in WEB.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in MESSAGE_CALLS and node.args and isinstance(node.args[0], ast.Constant):
                    found.add(node.args[0].value)
            # errors["field"] = "message"
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str) and any(
                        isinstance(t, ast.Subscript) and getattr(t.value, "id", "") == "errors" for t in node.targets)):
                found.add(node.value.value)
    return found


def test_every_string_has_greek():
    strings = template_strings() | python_strings()
    strings |= set(i18n.FIELD_LABELS.values()) | set(STATUSES) | set(ROLES)
    strings |= {"published", "submitted", "returned", "source missing", "source changed",
                "completed", "interrupted", "running"}
    assert len(strings) > 150
    missing = sorted(s for s in strings if s not in i18n.EL)
    assert not missing, missing


def test_placeholders_match():
    for en, el in i18n.EL.items():
        assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", el)), en


def test_axis_short_names():
    assert sorted(i18n.AXIS_SHORT) == list(range(1, 9))
