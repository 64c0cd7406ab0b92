from playwright.sync_api import expect

from clients.models import Assignment
from routines.models import Stretch
from tests.browser.helpers import sign_in
from tests.factories import make_client, make_intake, make_routine, make_trainer


def test_assign_one_routine_to_three_clients_one_of_them_blocked(live_server, page):
    trainer = make_trainer("tess", password="calm-hips-2026", first_name="Tess")
    for name, flags in (("Ada", []), ("Bo", ["cancer"]), ("Cy", []), ("Dee", [])):
        make_intake(make_client(trainer, name=name), red_flags=flags)
    make_routine(trainer, name="Desk reset", stretches=[Stretch.objects.get(slug="pigeon-pose")])
    sign_in(page, live_server, "tess", "calm-hips-2026")
    page.goto(f"{live_server.url}/clients/")
    for name in ("Ada", "Bo", "Cy"):
        page.get_by_label(f"Choose {name}").check()
    page.get_by_role("button", name="Assign a routine to the chosen clients").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Assign a routine to several clients")
    page.get_by_label("Routine").select_option(label="Desk reset")
    page.get_by_role("button", name="Assign to 3 clients").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2 of 3 assigned")
    assigned = page.get_by_role("region", name="Assigned (2)")
    expect(assigned.get_by_role("link")).to_have_text(["Ada", "Cy"])
    blocked = page.get_by_role("region", name="Not assigned (1)")
    expect(blocked).to_contain_text("Bo: red flags not cleared")
    assert set(Assignment.objects.values_list("client__name", flat=True)) == {"Ada", "Cy"}
