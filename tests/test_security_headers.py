from django.urls import reverse

from tests.production import production_get, run_in_production

CSP_DIRECTIVES = {
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
}


def csp_directives(response_headers):
    return {part.strip() for part in response_headers["Content-Security-Policy"].split(";")}


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    directives = csp_directives(response.headers)
    assert directives >= CSP_DIRECTIVES
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_pages_carry_the_basic_security_headers(client, db):
    response = client.get(reverse("login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_pages_switch_off_browser_features_the_app_never_uses(client, db):
    policy = client.get(reverse("login"))["Permissions-Policy"]
    features = {part.strip() for part in policy.split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= features
    # The client's player keeps the screen on during a hold.
    assert "screen-wake-lock=(self)" in features


def test_no_inline_script_or_style_in_the_layout(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "<script>" not in html
    assert "<style" not in html
    assert " style=" not in html


def test_production_passes_the_deploy_checklist():
    result = run_in_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_in_production(["manage.py", "check"], {"SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_response_has_hsts_csp_and_host_prefixed_secure_cookies(collected_static):
    response = production_get("/accounts/login/", collected_static)
    headers = response["headers"]
    assert response["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    csrf_cookie = response["cookies"]["__Host-csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["path"] == "/"


def test_production_redirects_plain_http_to_https():
    script = (
        "import django; django.setup(); from django.test import Client;"
        "r = Client(HTTP_HOST='coach.example.com').get('/accounts/login/');"
        "print(r.status_code, r['Location'])"
    )
    result = run_in_production(["-c", script], {"DJANGO_SETTINGS_MODULE": "trainer_site.settings"})
    assert result.stdout.split() == ["301", "https://coach.example.com/accounts/login/"]
