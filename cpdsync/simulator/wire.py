"""How the simulated Moodle writes its answers: JSON as PHP encodes it, Moodle's REST XML,
and the HTML pages a web server or Moodle shows when something is wrong."""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

JSON_HEADERS = {
    "Content-type": "application/json",
    "Cache-Control": "private, must-revalidate, pre-check=0, post-check=0, max-age=0",
    "Expires": "Thu, 01 Jan 1970 00:00:00 GMT",
    "Pragma": "no-cache",
    "Accept-Ranges": "none",
    "Access-Control-Allow-Origin": "*",
}
XML_TYPE = "application/xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


def php_json_bytes(value: Any) -> bytes:
    """Return ``value`` as PHP's json_encode writes it: compact, ASCII, ``/`` escaped."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/").encode("ascii")


def xml_reply(value: Any) -> bytes:
    """Return a successful reply in Moodle's REST XML format."""
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>\n' + _xml(value) + "</RESPONSE>\n"
    ).encode()


def _xml(value: Any) -> str:
    if isinstance(value, dict):
        keys = "".join(f"<KEY name={quoteattr(k)}>{_xml(v)}</KEY>\n" for k, v in value.items())
        return f"<SINGLE>\n{keys}</SINGLE>\n"
    if isinstance(value, list):
        return "<MULTIPLE>\n" + "".join(_xml(v) for v in value) + "</MULTIPLE>\n"
    if value is None:
        return '<VALUE null="null"/>\n'
    if isinstance(value, bool):
        value = int(value)
    return f"<VALUE>{escape(str(value))}</VALUE>\n"


def xml_exception(exception: str, errorcode: str, message: str) -> bytes:
    """Return a web-service exception in Moodle's REST XML format."""
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        f"<EXCEPTION class={quoteattr(exception)}>\n"
        f"<ERRORCODE>{escape(errorcode)}</ERRORCODE>\n"
        f"<MESSAGE>{escape(message)}</MESSAGE>\n"
        "</EXCEPTION>\n"
    ).encode()


def maintenance_page(sitename: str) -> bytes:
    """Return the page Moodle shows (with HTTP 503) while in CLI maintenance mode."""
    title = escape(f"{sitename} under maintenance")
    return (
        '<!DOCTYPE html>\n<html  lang="en" xml:lang="en">\n    <head>\n'
        '        <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
        f"        <title>{title}</title>\n    </head>\n    <body>\n"
        f'        <div id="page">\n            <div id="region-main">\n'
        f"                <h1>{title}</h1>\n"
        "                <div class='alert-danger'>The site is undergoing maintenance and is "
        "currently not available</div>\n            </div>\n        </div>\n    </body>\n"
        "</html>\n"
    ).encode()


def error_page() -> bytes:
    """Return an HTML error page such as Moodle shows when its database is unreachable."""
    return (
        b"<!DOCTYPE html>\n<html><head><title>Error</title></head><body>\n"
        b"<h1>Error</h1><p>Error reading from database</p>\n</body></html>\n"
    )


def not_found_page(path: str) -> bytes:
    """Return the web server's 404 page."""
    return (
        "<!doctype html><html><head><title>404 Not Found</title></head><body>"
        f"<h1>Not Found</h1><p>The requested resource <code>{escape(path)}</code> was not "
        "found on this server.</p></body></html>"
    ).encode()
