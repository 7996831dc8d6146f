"""tool_mobile_call_external_functions (many calls in one request) and Moodle messaging."""

from __future__ import annotations

import html
import json
from typing import Any

from cpdsync.simulator import shapes as r
from cpdsync.simulator import wire
from cpdsync.simulator.dataset import SiteIndex
from cpdsync.simulator.params import OPTIONAL, Multiple, Single, Value, validate
from cpdsync.simulator.site_state import State

MOBILE = Single(
    {
        "requests": Multiple(
            Single(
                {
                    "function": Value("alphanumext"),
                    "arguments": Value("raw", required=False, default="{}"),
                    "settingraw": Value("bool", required=False, default=False),
                    "settingfilter": Value("bool", required=False, default=False),
                    "settingfileurl": Value("bool", required=False, default=True),
                    "settinglang": Value("raw", required=False, default=""),
                }
            )
        )
    }
)


def php_json(value: Any) -> str:
    """Return ``value`` encoded as PHP's json_encode writes it (compact, ``/`` escaped)."""
    return wire.php_json_bytes(value).decode("ascii")


def call_external_functions(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> dict[str, Any]:
    # Imported here: the registry imports this module to list it.
    from cpdsync.simulator.dispatch import HANDLERS, run

    p = validate(params, MOBILE)
    responses: list[dict[str, Any]] = []
    for request in p["requests"]:
        name = request["function"]
        if name not in state.functions or name not in HANDLERS:
            responses.append(
                {
                    "error": True,
                    "exception": php_json({"errorcode": "accessexception", "module": "webservice"}),
                }
            )
            break
        try:
            arguments = json.loads(request["arguments"])
        except json.JSONDecodeError:
            arguments = {}  # Moodle treats unparseable arguments as none at all
        if not isinstance(arguments, dict):
            arguments = {}
        state.count(name, batched=True)
        try:
            data = run(site, state, name, arguments)
        except r.WsError as exc:
            responses.append({"error": True, "exception": php_json(_exception(state, exc))})
            break  # the first failing sub-call ends the batch
        responses.append({"error": False, "data": php_json(data)})
    return {"responses": responses}


def _exception(state: State, exc: r.WsError) -> dict[str, Any]:
    module = {
        "usernotenroled": "completion",
        "nocriteriaset": "completion",
        "cannotviewreport": "completion",
        "nopermissions": "moodle",
        "invalidrecord": "moodle",
    }.get(exc.errorcode, "debug")
    return {
        "message": exc.message,
        "errorcode": exc.errorcode,
        # A required_capability_exception's link is a moodle_url, which JSON makes an object.
        "link": {} if exc.errorcode == "nopermissions" else f"{state.site_url}/",
        "moreinfourl": f"https://docs.moodle.org/405/en/error/{module}/{exc.errorcode}",
    }


MESSAGES = Single(
    {
        "messages": Multiple(
            Single(
                {
                    "touserid": Value("int"),
                    "text": Value("raw"),
                    "textformat": Value("int", required=False, default=0),
                    "clientmsgid": Value("alphanumext", required=False, default=OPTIONAL),
                }
            )
        )
    }
)


def send_instant_messages(
    site: SiteIndex, state: State, params: dict[str, Any]
) -> list[dict[str, Any]]:
    p = validate(params, MESSAGES)
    if not state.can("moodle/site:sendmessage"):
        raise r.no_permission("Send messages to any user")
    out: list[dict[str, Any]] = []
    for message in p["messages"]:
        item: dict[str, Any] = {"msgid": -1}
        if "clientmsgid" in message:
            item["clientmsgid"] = message["clientmsgid"]
        touser = message["touserid"]
        if touser not in site.users:
            item.pop("clientmsgid", None)  # Moodle echoes nothing for a missing recipient
            item["errormessage"] = (
                f"You cannot send a message to a user ID ({touser}) that doesn't exist."
            )
        elif state.refuse_messages:
            item["errormessage"] = (
                "You can't message this user due to their message preferences. "
                "Try adding them as a contact."
            )
        else:
            text = message["text"]
            if message["textformat"] == 2:  # FORMAT_PLAIN is shown as a paragraph
                text = f"<p>{html.escape(text, quote=False)}</p>"
            now = int(state.now())
            item["msgid"] = state.deliver(
                {"touserid": touser, "text": message["text"], "timecreated": now}
            )
            item.update(
                {
                    "text": text,
                    "timecreated": now,
                    "conversationid": touser,
                    "useridfrom": site.integration_userid,
                }
            )
        item["candeletemessagesforallusers"] = False
        out.append(item)
    return out
