"""A small HTTP client with cookies, for tests that talk to a real server over a socket."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One person's browser: a cookie jar and the pages it fetches."""

    def __init__(self, base_url: str, timeout: float = 10):
        self.base_url, self.timeout = base_url, timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def request(self, path: str, data: dict[str, Any] | None = None,
                json_body: Any = None, headers: dict[str, str] | None = None
                ) -> tuple[int, dict[str, str], str]:
        """Send a request; return status, headers and body (errors are answers, not raised)."""
        body = None
        all_headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            all_headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.base_url + path, data=body, headers=all_headers)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def csrf_token(self, path: str) -> str:
        """Fetch a form page and read its CSRF token."""
        _status, _headers, html = self.request(path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, username: str, password: str) -> None:
        """Sign in through the form."""
        status, _headers, _body = self.request("/login", data={
            "username": username, "password": password, "csrf_token": self.csrf_token("/login")})
        assert status == 302, status


# Connection errors a killed worker causes: the request may or may not have been applied.
TRANSIENT = (ConnectionError, TimeoutError, http.client.HTTPException, urllib.error.URLError)
