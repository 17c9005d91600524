"""Two people on one phone: what one of them did and has not yet synced stays
theirs. The next person to sign in neither sees nor sends it; the owner's next
visit sends it to the owner's account."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from django.test import Client
from playwright.sync_api import Page, Response

from footcoach.accounts.actions import do_create_user
from footcoach.accounts.models import User
from footcoach.training.models import SessionLog
from tests.e2e.support import PASSWORD

# Puts a finished log in the outbox of an account's store on this device. The
# store is named by the page's account, which the page is given first.
KEEP_LOG = """({account, log}) => {
    document.body.dataset.account = account;
    return import('/static/footcoach/sync.js')
        .then(async (sync) => (await sync.openStore()).put('outbox', log.id, log));
}"""
OUTBOX_IDS = """import('/static/footcoach/sync.js')
    .then(async (sync) => (await (await sync.openStore()).all('outbox')).map((log) => log.id))"""


def is_sync(response: Response) -> bool:
    return response.url.endswith("/api/logs/sync") and response.request.method == "POST"


def sign_in_as(page: Page, live_server: Any, person: User) -> None:
    page.context.clear_cookies()
    client = Client()
    client.force_login(person)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def test_a_log_waiting_on_a_shared_phone_goes_only_to_its_owner(page: Page, live_server: Any) -> None:
    ann = do_create_user("ann@example.org", PASSWORD)
    ben = do_create_user("ben@example.org", PASSWORD)
    ended = datetime.now(UTC) - timedelta(minutes=5)
    log = {
        "id": str(uuid.uuid4()), "program": "sole-training", "started_at": (ended - timedelta(minutes=5)).isoformat(),
        "ended_at": ended.isoformat(), "entries": [{"exercise": "toe-fan", "reps": 8, "pain": 1}],
    }

    # Ann's session waits on the phone: the network was down when she finished.
    # It is put in her store on the device from a page of the site that runs none
    # of its scripts, so no page of hers can send it before the test wants one to.
    # (Neither Chromium's offline mode nor a route reliably stops a send: a send
    # that passes through the service worker escapes both.)
    sign_in_as(page, live_server, ann)
    page.goto(live_server.url + "/library")
    page.goto(live_server.url + "/manifest.webmanifest")
    page.evaluate(KEEP_LOG, {"account": str(ann.pk), "log": log})

    # Ben signs in on the same phone: nothing of Ann's is his to see or send.
    sign_in_as(page, live_server, ben)
    page.goto(live_server.url + "/library")
    assert page.evaluate(OUTBOX_IDS) == []
    page.goto(live_server.url + "/account")
    assert list(SessionLog.objects.values_list("owner__email", flat=True)) == []

    # Ann comes back: her log goes to her account.
    sign_in_as(page, live_server, ann)
    with page.expect_response(is_sync) as synced:
        page.goto(live_server.url + "/library")
    assert synced.value.json()["stored"] == [log["id"]]
    assert list(SessionLog.objects.values_list("owner__email", flat=True)) == ["ann@example.org"]
