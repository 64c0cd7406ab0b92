"""Django's `{# #}` comment ends at the line's end: one that runs over two lines is printed on the
page as text (it once showed a client a note meant for us). Longer comments use {% comment %}."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"


def unclosed_comments(text):
    return [
        text.count("\n", 0, match.start()) + 1
        for match in re.finditer(r"\{#", text)
        if "\n" in text[match.end() : text.find("#}", match.end())]
        or text.find("#}", match.end()) == -1
    ]


def test_no_template_comment_runs_over_a_line():
    found = {
        str(path.relative_to(TEMPLATES_DIR)): lines
        for path in sorted(TEMPLATES_DIR.rglob("*"))
        if path.is_file() and (lines := unclosed_comments(path.read_text()))
    }
    assert not found, f"{{# #}} comments over several lines (file: line numbers): {found}"


def test_the_check_finds_a_comment_over_two_lines():
    assert unclosed_comments("a {# one line #} b\n{# two\n lines #}\n") == [2]
    assert unclosed_comments("{# never closed") == [1]
