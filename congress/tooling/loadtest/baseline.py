"""The single-user baseline: each reader page of the mix opened by one person alone, one request at a
time, on the same server just before the load, so that the load's percentiles are compared with
what the same page takes when nobody else is asking.
"""

import http.client
import statistics
import time
import urllib.parse
from dataclasses import dataclass, field


@dataclass
class KindBaseline:
    """One kind of reader page alone: its timings (seconds) and the addresses that failed."""

    seconds: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def median(self):
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def mean(self):
        return statistics.fmean(self.seconds) if self.seconds else None


class Browser:
    """One person's HTTP connection with their session cookie (sync gunicorn closes it after each answer)."""

    def __init__(self, base_url, session_key):
        address = urllib.parse.urlsplit(base_url)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=300)
        self.cookie = f"sessionid={session_key}"

    def get(self, url):
        """(status, seconds) of a GET, its body read to the end."""
        started = time.perf_counter()
        try:
            self.connection.request("GET", url, headers={"Cookie": self.cookie, "Accept-Encoding": "gzip"})
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            return None, time.perf_counter() - started
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
        return response.status, time.perf_counter() - started

    def close(self):
        self.connection.close()


def single_user(base_url, session_key, pages, runs):
    """{kind: KindBaseline}: every address of each kind once to warm up, then `runs` times, in turn."""
    browser = Browser(base_url, session_key)
    measured = {}
    try:
        for kind, urls in pages.items():
            baseline = measured[kind] = KindBaseline()
            for url in urls:
                browser.get(url)
            for _ in range(runs):
                for url in urls:
                    status, seconds = browser.get(url)
                    if status == 200:
                        baseline.seconds.append(seconds)
                    elif url not in baseline.errors:
                        baseline.errors.append(f"{status} {url}")
    finally:
        browser.close()
    return measured


def pages_per_second(measured, weights):
    """Pages one person opens per second, one after the other, in the mix's proportions."""
    total = sum(weights[kind] for kind in measured if measured[kind].mean is not None)
    seconds = sum(weights[kind] * measured[kind].mean for kind in measured if measured[kind].mean is not None)
    return total / seconds if seconds else 0.0
