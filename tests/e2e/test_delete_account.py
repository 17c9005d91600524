"""Deleting an account on a phone: a confirmation that asks for the password,
then a page that removes what the phone kept of that account, and only that."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from footcoach.accounts.models import User
from tests.e2e.support import PASSWORD, assert_accessible, sign_in_with_cookie
from tests.training.support import make_log

STORES = """async () => (await indexedDB.databases()).map((d) => d.name).sort()"""


def keep_a_log_in(page: Page, store: str) -> None:
    # Laid out from a page of the site that runs none of its scripts.
    page.evaluate(
        """([name, log]) => new Promise((resolve, reject) => {
            const open = indexedDB.open(name, 2);
            open.onupgradeneeded = () => {
                for (const s of ["sessions", "outbox", "refused", "results", "results-refused"]) {
                    open.result.createObjectStore(s);
                }
            };
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const db = open.result;
                const transaction = db.transaction("outbox", "readwrite");
                transaction.objectStore("outbox").put(log, log.id);
                transaction.oncomplete = () => { db.close(); resolve(); };
                transaction.onerror = () => reject(transaction.error);
            };
        })""",
        [store, make_log()],
    )


def test_a_person_deletes_her_account_and_the_phone_forgets_her_store_only(page: Page, live_server: Any) -> None:
    alice = sign_in_with_cookie(page, live_server)
    page.goto(live_server.url + "/static/footcoach/site.css")
    # The phone is shared: a guest's store and another account's stay.
    for store in (f"footcoach-account-{alice.pk}", "footcoach", f"footcoach-account-{alice.pk + 1000}"):
        keep_a_log_in(page, store)

    page.goto(live_server.url + "/account")
    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", name="Delete your account?", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="export your data")).to_have_attribute("href", "/account/export")
    delete = page.get_by_role("button", name="Delete my account and all my data")
    assert delete.evaluate("(b) => getComputedStyle(b).backgroundColor") == "rgb(160, 0, 0)"
    assert_accessible(page)

    page.get_by_label("Your password").fill("barefoot on the sand")
    delete.click()
    expect(page.locator(".field-errors")).to_have_text("That is not your password. Nothing was deleted.")
    assert User.objects.filter(pk=alice.pk).exists()
    assert_accessible(page)

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account and all my data").click()

    expect(page.get_by_role("heading", name="Your account is deleted", level=1)).to_be_visible()
    expect(page.locator("#forget-status")).to_have_text(
        "What this phone or computer kept of your account is removed too.")
    assert page.evaluate(STORES) == sorted(["footcoach", f"footcoach-account-{alice.pk + 1000}"])
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert not User.objects.filter(pk=alice.pk).exists()
    assert_accessible(page)
