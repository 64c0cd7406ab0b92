from playwright.sync_api import expect


def test_trainer_signs_up_logs_out_and_logs_back_in(live_server, page, mailoutbox):
    console_errors = []
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_role("link", name="Create a trainer account").click()

    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password", exact=True).fill("calm-hips-2026")
    page.get_by_label("Password confirmation").fill("calm-hips-2026")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    [mail] = mailoutbox
    link = next(line for line in mail.body.splitlines() if "/signup/confirm/" in line)
    page.goto(link)
    page.get_by_role("button", name="Turn on my account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robin")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password").fill("calm-hips-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good to see you, Robin")
    assert console_errors == []  # a CSP violation shows up here


def test_signup_errors_show_beside_the_field(live_server, page):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Username").fill("robin")
    page.get_by_label("Password", exact=True).fill("calm-hips-2026")
    page.get_by_label("Password confirmation").fill("different-2026")
    page.get_by_role("button", name="Create account").click()
    confirmation = page.get_by_label("Password confirmation")
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#field-password2 .errorlist")).to_contain_text("password fields didn")
