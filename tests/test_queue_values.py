"""The queue keeps what a person approved: an approval never applies a value the approver did not
see, a change after approval sends it back, every bad value is refused in one line (in the site's
words), unknown keys and unsafe values are refused, control characters are shown escaped."""

from __future__ import annotations

import threading

import pytest

from agent.diagnosis.model import Suggestion
from agent.errors import InvalidTransition, InvalidValue, Stale
from agent.queue.store import Queue
from agent.storage import Database

from .test_agent_config import GOOD_STORE, agent


def _bid(target="3000", bid=1.5, new=1.2) -> Suggestion:
    return Suggestion.make(
        kind="set_bid",
        target=target,
        rationale="test",
        evidence={},
        precondition={"bid": bid, "keyword": "power bank"},
        value={"bid": new, "base_price": 0.9},
    )


def _queue(tmp_path) -> Queue:
    return Queue(Database(f"sqlite:///{tmp_path / 'data' / 'agent.db'}"))


# ---- approvals bound to the version the approver saw ---------------------------------------------------
def test_an_approval_never_applies_a_value_the_approver_did_not_see(tmp_path):
    """400 races between a person approving what the page shows and a colleague editing the value:
    whatever order they land in, an approved suggestion carries exactly the value that was shown."""
    q = _queue(tmp_path)
    ids = q.propose("shop", [_bid(target=str(3000 + i)) for i in range(400)])
    outcomes = {"approved": 0, "stale_or_moved": 0}
    for sid in ids:
        shown = q.get(sid)  # what the review page rendered
        barrier = threading.Barrier(2)

        def approve():
            barrier.wait()
            try:
                q.approve([sid], "alice@ui", {sid: shown.version})
                outcomes["approved"] += 1
            except (Stale, InvalidTransition):
                outcomes["stale_or_moved"] += 1

        def edit():
            barrier.wait()
            try:
                q.edit(sid, "9.9", "bob")
            except (Stale, InvalidTransition):
                pass

        threads = [threading.Thread(target=approve), threading.Thread(target=edit)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        now = q.get(sid)
        if now.state == "approved":
            assert now.value == shown.value and now.approved_version == now.version == shown.version
        else:
            assert now.state == "proposed" and now.value.bid == 9.9 and now.approved_version is None
        claimable = q.claim(sid, run_id=1, actor="apply", lease=60)
        assert claimable == (now.state == "approved")
        if claimable:
            assert q.get(sid).value == shown.value
    assert outcomes["approved"] + outcomes["stale_or_moved"] == 400
    assert min(outcomes.values()) > 0, outcomes  # both orders really happened


def test_a_change_after_approval_sends_the_suggestion_back_to_proposed(tmp_path):
    q = _queue(tmp_path)
    [sid] = q.propose("shop", [_bid()])
    q.approve([sid], "alice")
    q.edit(sid, "1.1", "bob")  # an edit withdraws the approval
    s = q.get(sid)
    assert (s.state, s.version, s.approved_version) == ("proposed", 2, None)
    q.approve([sid], "alice")
    assert q.propose("shop", [_bid(new=1.3)]) == []  # a new diagnosis wants another value
    s = q.get(sid)
    assert (s.state, s.value.bid, s.version) == ("proposed", 1.3, 3)
    assert [a["action"] for a in q.audit_for(sid)][-2:] == ["approved", "changed"]
    with pytest.raises(Stale):
        q.approve([sid], "alice", {sid: 2})  # approving what was shown before the change
    assert q.propose("shop", [_bid(new=1.3)]) == [] and q.get(sid).version == 3  # the same value changes nothing


# ---- values checked as the site checks them ------------------------------------------------------------
BAD_VALUES = [
    ("set_bid", "1e9", "at most"),
    ("set_bid", "1_000", "must be a number"),
    ("set_bid", "nan", "must be a number"),
    ("set_bid", "inf", "must be a number"),
    ("set_bid", "0.05", "multiple of 0.1"),
    ("set_bid", "0.5", "floor bid"),
    ("set_budget", "inf", "must be a number"),
    ("set_budget", "10", "between 30"),
    ("set_budget", "1e12", "between 30"),
    ("edit_title", "<b>Speaker</b>", "plain text"),
    ("edit_title", "Speaker\x1b[2J", "control characters"),
    ("edit_title", "x" * 129, "at most 128"),
    ("edit_title", "   ", "must not be empty"),
    ("inquiry_reply", "", "must not be empty"),
    ("delete_product", "{}", "no value to edit"),
    ("activity_signup", '{"signed_up": true, "admin": 1}', "no value to edit"),
]


def _propose_kind(q: Queue, kind: str) -> int:
    made = {
        "set_bid": _bid(),
        "set_budget": Suggestion.make(
            kind="set_budget",
            target="smart",
            rationale="r",
            evidence={},
            precondition={"daily_budget": 50},
            value={"daily_budget": 60},
        ),
        "edit_title": Suggestion.make(
            kind="edit_title",
            target="16001",
            rationale="r",
            evidence={},
            precondition={"title": "Old"},
            value={"title": "New Speaker", "keywords": ["speaker"]},
        ),
        "inquiry_reply": Suggestion.make(
            kind="inquiry_reply",
            target="IQ1",
            rationale="r",
            evidence={},
            precondition={"replied": False},
            value={"text": "Dear buyer"},
        ),
        "delete_product": Suggestion.make(
            kind="delete_product",
            target="16002",
            rationale="r",
            evidence={},
            precondition={"exists": True, "zero_days": 400},
            value={},
        ),
        "activity_signup": Suggestion.make(
            kind="activity_signup",
            target="A1",
            rationale="r",
            evidence={},
            precondition={"signed_up": False},
            value={"signed_up": True},
        ),
    }[kind]
    [sid] = q.propose("shop", [made])
    return sid


@pytest.mark.parametrize("kind,raw,expect", BAD_VALUES, ids=[f"{k}:{r[:12]!r}" for k, r, _ in BAD_VALUES])
def test_each_bad_value_is_refused_with_one_line(tmp_path, kind, raw, expect):
    q = _queue(tmp_path)
    sid = _propose_kind(q, kind)
    before = q.get(sid).value.model_dump_json()
    r = agent(tmp_path, "queue", "edit", str(sid), "--value", raw, env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and expect in r.stderr, r.stderr
    assert "\x1b" not in r.stderr and "Traceback" not in r.stderr
    assert q.get(sid).value.model_dump_json() == before


def test_suggestions_with_unknown_keys_or_unsafe_values_are_refused():
    with pytest.raises(InvalidValue, match="(?i)extra"):
        Suggestion.make(
            kind="activity_signup",
            target="A1",
            rationale="r",
            evidence={},
            precondition={"signed_up": False},
            value={"signed_up": True, "admin": 1},
        )
    with pytest.raises(InvalidValue, match="at most"):
        _bid(new=5000.0)


def test_queue_list_shows_control_characters_escaped(tmp_path):
    q = _queue(tmp_path)
    q.propose(
        "shop",
        [
            Suggestion.make(
                kind="inquiry_reply",
                target="IQ9",
                rationale="buyer wrote \x1b]0;pwned\x07",
                evidence={},
                precondition={"replied": False},
                value={"text": "Hi there"},
            )
        ],
    )
    r = agent(tmp_path, "queue", "list", env={"SHOP_PASSWORD": "x"}, config=GOOD_STORE)
    assert r.returncode == 0 and "\x1b" not in r.stdout and "\x07" not in r.stdout
    assert "\\x1b]0;pwned\\x07" in r.stdout


# ---- the review page ----------------------------------------------------------------------------------
