"""docs/security.md names, for each control, the tests that prove it: they must exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
CITED = re.compile(r"`((?:a/|src/|tests/)[\w/.]+\.py)::(test_\w+)`")


def test_every_test_cited_in_the_security_page_exists():
    text = (ROOT / "docs" / "security.md").read_text()
    cited = CITED.findall(text)
    assert len(cited) > 50
    missing = []
    for path, name in cited:
        source = ROOT / path.replace("a/", "src/doorstroom/accounts/", 1)
        if not source.exists() or not re.search(rf"^def {name}\(", source.read_text(), re.M):
            missing.append(f"{path}::{name}")
    assert not missing, f"docs/security.md noemt tests die niet bestaan: {missing}"
