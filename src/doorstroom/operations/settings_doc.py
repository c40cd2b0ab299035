"""docs/settings.md, written from the `config()` calls in settings.py."""

from doorstroom.config import REGISTRY

HEADER = """# Settings

Every setting comes from an environment variable. This page is generated from
`src/doorstroom/settings.py` by `doorstroom settings_doc > docs/settings.md`; a test fails
when it is out of date. A secret can also be given as a file: set `NAME_FILE` to its path.
A wrong value stops the application at start-up with the variable's name and the problem.

| variable | default | meaning |
| --- | --- | --- |
"""


def render() -> str:
    rows = []
    for setting in sorted(REGISTRY.values(), key=lambda s: s.name):
        default = setting.documented_default if setting.documented_default != "``" else "(leeg)"
        secret = " Geheim: mag ook uit `" + setting.name + "_FILE`." if setting.secret else ""
        rows.append(f"| `{setting.name}` | {default} | {setting.help_text}{secret} |")
    return HEADER + "\n".join(rows) + "\n"
