"""The load generator: a process of its own, with no Django in it, so that what it spends on making requests is not
counted against the server beyond the CPU they share.

    python -m benchmarks.load < spec.json > result.json

The spec says where to send requests, as whom (a session cookie), how many clients at once and for how long:

    {"base": "http://127.0.0.1:8765", "cookie": "sessionid=…", "concurrency": 8, "seconds": 10,
     "expect": 200, "paths": ["/assessments/?q=care"]}

Each client sends the next path of the list (round robin) as soon as its last answer has arrived: a closed loop,
as people clicking are. With "save" instead of "paths", each client opens its own form page and sends it back
changed, again and again; only the POSTs are timed. The result is JSON: requests, errors, requests per second and
latency percentiles in milliseconds. With "first_byte": true, it also has the time to the first byte (first_byte_p50_ms
and first_byte_p95_ms: until the status line, the headers and the first bytes of the body have arrived), which is
what a streamed download is for.
"""

import http.client
import json
import sys
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit


class FormReader(HTMLParser):
    """What a browser would send back from the page's main form: every field as the page filled it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self._textarea, self._select = [], None, None
        # The names of radios and checkboxes: what a browser sends of them is a choice among values.
        self.choices = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.choices.add(name)
                if "checked" in attrs:
                    self.fields.append([name, attrs.get("value", "on")])
            elif kind not in ("submit", "button"):
                # A browser drops the line breaks of a one-line input's value, and sends what is left.
                value = attrs.get("value", "")
                self.fields.append([name, value if kind == "hidden" else value.replace("\r", "").replace("\n", "")])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            self.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # A browser sends a text area's line breaks as CRLF.
            self._textarea[1] = self._textarea[1].replace("\r\n", "\n").replace("\n", "\r\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data.removeprefix("\n") if not self._textarea[1] else data


def percentile(sorted_values, share):
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, int(-(-share * len(sorted_values) // 1)))
    return sorted_values[rank - 1]


class Client(threading.Thread):
    def __init__(self, spec, number, until):
        super().__init__(daemon=True)
        self.spec, self.number, self.until = spec, number, until
        self.base = urlsplit(spec["base"])
        self.latencies, self.errors, self.error_examples = [], 0, []
        self.first_bytes = []  # seconds until the first bytes of each answer timed, where the spec asks
        self.cookies = set()

    def request(self, method, path, body=None, headers=(), started=None):
        """The answer's status and body; with `started`, the time to its first bytes is kept too."""
        connection = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=120)
        cookies = "; ".join([self.spec["cookie"], *self.cookies])
        try:
            connection.request(method, path, body=body, headers={"Cookie": cookies, **dict(headers)})
            response = connection.getresponse()
            first = b""
            if started is not None:
                first = response.read1(1)
                self.first_byte = time.perf_counter() - started
            # The CSRF cookie, which a form's POST must send back.
            self.cookies |= {
                value.split(";", 1)[0]
                for name, value in response.getheaders()
                if name == "Set-Cookie" and value.startswith("csrftoken=")
            }
            return response.status, first + response.read()
        finally:
            connection.close()

    def timed(self, method, path, expect, **kwargs):
        start = time.perf_counter()
        try:
            status, content = self.request(
                method, path, started=start if self.spec.get("first_byte") else None, **kwargs
            )
        except OSError as error:
            status, content = None, str(error).encode()
        elapsed = time.perf_counter() - start
        if status == expect:
            self.latencies.append(elapsed)
            if self.spec.get("first_byte"):
                self.first_bytes.append(self.first_byte)
        else:
            self.errors += 1
            if len(self.error_examples) < 3:
                self.error_examples.append(f"{method} {path}: {status} {content[:200]!r}")
        return status, content

    def run(self):
        if "save" in self.spec:
            self.run_saves(self.spec["save"][self.number % len(self.spec["save"])])
            return
        paths, turn = self.spec["paths"], self.number
        while time.perf_counter() < self.until:
            self.timed("GET", paths[turn % len(paths)], self.spec.get("expect", 200))
            turn += 1

    def run_saves(self, save):
        """Open the form, change one field, send it; the next round opens the form again, as a person would."""
        turn = 0
        while time.perf_counter() < self.until:
            status, page = self.request("GET", save["path"])
            if status != 200:
                self.errors += 1
                continue
            reader = FormReader()
            reader.feed(page.decode())
            fields = [
                (name, f"Checked again, round {turn}." if name == save["field"] else value)
                for name, value in reader.fields
            ]
            self.timed(
                "POST",
                save["path"],
                302,
                body=urlencode(fields),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            turn += 1


def run(spec):
    start = time.perf_counter()
    until = start + spec["seconds"]
    clients = [Client(spec, number, until) for number in range(spec["concurrency"])]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    elapsed = time.perf_counter() - start
    latencies = sorted(latency for client in clients for latency in client.latencies)
    errors = sum(client.errors for client in clients)
    first_bytes = sorted(seconds for client in clients for seconds in client.first_bytes)

    def ms(value):
        return None if value is None else round(value * 1000, 1)

    return {
        "requests": len(latencies),
        "errors": errors,
        "error_examples": [example for client in clients for example in client.error_examples][:3],
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 2),
        "p50_ms": ms(percentile(latencies, 0.50)),
        "p95_ms": ms(percentile(latencies, 0.95)),
        "p99_ms": ms(percentile(latencies, 0.99)),
        "max_ms": ms(latencies[-1] if latencies else None),
        **(
            {
                "first_byte_p50_ms": ms(percentile(first_bytes, 0.50)),
                "first_byte_p95_ms": ms(percentile(first_bytes, 0.95)),
            }
            if spec.get("first_byte")
            else {}
        ),
    }


if __name__ == "__main__":
    json.dump(run(json.load(sys.stdin)), sys.stdout)
