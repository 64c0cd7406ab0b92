from playwright.sync_api import expect


def sign_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def mark_page(page):
    """Plant a marker in the window; it survives HTMX swaps and vanishes on a full page load."""
    page.evaluate("window.__noFullReload = true")


def assert_no_full_reload(page):
    assert page.evaluate("window.__noFullReload === true"), "the page was fully reloaded"


def collect_console_errors(page):
    errors = []
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and errors.append(f"{message.text} {message.location.get('url', '')}")
        ),
    )
    page.on("response", lambda response: response.status >= 400 and errors.append(response.url))
    return errors


def wait_for_htmx(page):
    """Wait until no HTMX request is in flight and swapped content has settled (is live)."""
    busy = page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")
    expect(busy).to_have_count(0)
