"""The environment is read once, strictly: a typo stops the start instead of changing behaviour."""

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.production import ROOT, run_in_production

SETTINGS_FILE = str(ROOT / "trainer_site" / "settings.py")


def read_settings(monkeypatch, production=False, **environment):
    """Evaluate settings.py afresh with these variables; the running settings are untouched."""
    if production:
        monkeypatch.delenv("PYTEST_VERSION")
        # `make test` exports DEBUG=1; production is what settings.py sees without it.
        monkeypatch.delenv("DEBUG", raising=False)
        monkeypatch.setenv("SECRET_KEY", "x" * 60)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


def test_a_mistyped_debug_stops_manage_py_naming_the_variable_and_the_accepted_values():
    result = run_in_production(["manage.py", "check"], {"DEBUG": "ture"})
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG='ture' is not a yes/no value" in result.stderr
    assert "1, true, yes, on" in result.stderr and "0, false, no, off" in result.stderr


@pytest.mark.parametrize(
    ("name", "production"),
    [("DEBUG", False), ("BENCH_FLOOR", False), ("SECURE_SSL_REDIRECT", True)],
)
@pytest.mark.parametrize("typo", ["ture", "flase", "2", "enabled"])
def test_every_yes_no_variable_refuses_a_typo(monkeypatch, name, production, typo):
    with pytest.raises(ImproperlyConfigured, match=f"^{name}='{typo}' is not a yes/no value"):
        read_settings(monkeypatch, production=production, **{name: typo})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[("1", True), ("TRUE", True), (" yes ", True), ("On", True)],
        *[("0", False), ("False", False), ("no", False), ("OFF", False), ("", False)],
    ],
)
def test_yes_no_variables_accept_the_usual_spellings(monkeypatch, value, expected):
    assert read_settings(monkeypatch, BENCH_FLOOR=value)["BENCH_FLOOR"] is expected


@pytest.mark.parametrize(
    ("name", "production"),
    [
        ("SHARE_GUESS_LIMIT", False),
        ("TRUSTED_PROXY_COUNT", False),
        ("AXES_FAILURE_LIMIT", False),
        ("SECURE_HSTS_SECONDS", True),
    ],
)
@pytest.mark.parametrize("typo", ["twenty", "2.5", "-1", "1e3"])
def test_every_number_variable_refuses_what_is_not_a_whole_number(
    monkeypatch, name, production, typo
):
    with pytest.raises(ImproperlyConfigured, match=f"^{name}='{typo}' is not a whole number"):
        read_settings(monkeypatch, production=production, **{name: typo})


def test_a_guess_limit_of_zero_is_refused(monkeypatch):
    # Zero failed lookups allowed would answer 429 to every client opening their link.
    with pytest.raises(ImproperlyConfigured, match="SHARE_GUESS_LIMIT='0'"):
        read_settings(monkeypatch, SHARE_GUESS_LIMIT="0")


def test_number_variables_are_read(monkeypatch):
    values = read_settings(monkeypatch, production=True, SHARE_GUESS_LIMIT=" 50 ")
    assert values["SHARE_GUESS_LIMIT"] == 50
    assert values["SECURE_HSTS_SECONDS"] == 60 * 60 * 24 * 365


def test_each_request_limit_is_set_once():
    source = (ROOT / "trainer_site" / "settings.py").read_text()
    for name in (
        "DATA_UPLOAD_MAX_MEMORY_SIZE",
        "FILE_UPLOAD_MAX_MEMORY_SIZE",
        "DATA_UPLOAD_MAX_NUMBER_FIELDS",
    ):
        assert source.count(f"\n{name} = ") == 1, name
