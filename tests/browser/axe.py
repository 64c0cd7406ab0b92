"""axe-core, vendored under tests/browser/vendor (test only), run in the page under test.

The source goes in through Playwright's evaluate, which the page's strict CSP does not govern:
the page itself is served exactly as users get it."""

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    """[(rule id, impact, the first offending elements)] for WCAG 2.x A and AA rules."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        (v["id"], v["impact"], [node["target"] for node in v["nodes"][:3]])
        for v in result["violations"]
    ]
