"""The extraction package keeps its pipeline order in its file names (issue 9): a step `sN_*.py`
imports only earlier steps and the shared helpers, and a helper imports no step."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ingest" / "extraction"
STEP = re.compile(r"^s(\d+)_\w+$")


def _step(module: str) -> int:
    """The step number of a module of the package; 0 for a shared helper."""
    match = STEP.match(module)
    return int(match.group(1)) if match else 0


def _imported(path: Path) -> list[tuple[int, str]]:
    """(line, module of the package) for every import of a module of ingest.extraction in `path`."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from .sN_x import y / from . import sN_x
                names = [node.module] if node.module else [a.name for a in node.names]
                out += [(node.lineno, n.split(".")[0]) for n in names]
            elif node.module == "ingest.extraction":
                out += [(node.lineno, a.name) for a in node.names]
            elif node.module and node.module.startswith("ingest.extraction."):
                out.append((node.lineno, node.module.split(".")[2]))
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name.split(".")[2]) for a in node.names if a.name.startswith("ingest.extraction.")]
    return out


def layout_violations(package: Path) -> list[str]:
    """Imports that go back up the pipeline or sideways between steps, and helpers that import a step."""
    modules = {p.stem for p in package.glob("*.py")}
    bad = []
    for path in sorted(package.glob("*.py")):
        if path.stem == "__init__":
            continue
        own = _step(path.stem)
        for line, target in _imported(path):
            if target not in modules:
                continue  # a name re-exported by the package (from ingest.extraction import extract_practices)
            other = _step(target)
            if other and (own == 0 or other >= own):
                who = f"step {own}" if own else "a shared helper"
                bad.append(f"{path.name}:{line}: {who} imports {target} (step {other})")
    return bad


def test_steps_import_only_earlier_steps_and_helpers():
    assert layout_violations(PACKAGE) == []


def test_the_package_has_the_pipeline_steps_in_order():
    steps = sorted({_step(p.stem) for p in PACKAGE.glob("s*_*.py")})
    assert steps == [1, 2, 3, 4, 5, 6]


def test_no_module_is_over_600_lines():
    long = [p.name for p in PACKAGE.glob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) > 600]
    assert long == []


@pytest.mark.parametrize("source, culprit", [
    ("from ingest.extraction.s3_prose import x\n", "s2_shape.py"),  # back up the pipeline
    ("from ingest.extraction import s2_shape\n", "s2_shape.py"),  # a step imports itself / a sibling step
    ("from .s4_titles import x\n", "s2_shape.py"),  # relative
    ("from ingest.extraction.s1_clean import x\n", "text.py"),  # a helper importing a step
])
def test_the_rule_catches_imports_back_up(tmp_path, source, culprit):
    for name in ("s1_clean", "s2_shape", "s3_prose", "s4_titles", "text"):
        (tmp_path / f"{name}.py").write_text("")
    (tmp_path / culprit).write_text(source)
    assert len(layout_violations(tmp_path)) == 1
