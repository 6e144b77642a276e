#!/usr/bin/env python3
"""writer.py URL COOKIE PATH BODY RATE SECONDS: POSTs BODY (urlencoded, from form_body.py)
to URL+PATH with the session cookie COOKIE, RATE times a second for SECONDS, each time
with the marker @N@ replaced by a new number (so every request writes), on one kept-alive
connection, at fixed times (a late write does not make the next one early). Prints one
line: writes, errors, the rate achieved, the median and 99th percentile of the write's
time in ms. Standard library only; for bench/cache_bench.sh."""
import http.client
import sys
import time
import urllib.parse


def main():
    url, cookie, path, body, rate, seconds = sys.argv[1:7]
    rate, seconds = float(rate), float(seconds)
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    times, errors, i = [], 0, 0
    start = time.monotonic()
    while True:
        due = start + i / rate
        now = time.monotonic()
        if due - start >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        t0 = time.monotonic()
        try:
            conn.request("POST", path, body.replace("@N@", str(int(start * 1000) + i)), headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 303:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        times.append((time.monotonic() - t0) * 1000)
        i += 1
    elapsed = time.monotonic() - start
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else float("nan")
    print("%d %d %.2f %.2f %.2f" % (len(times), errors, len(times) / elapsed, p(0.5), p(0.99)))


if __name__ == "__main__":
    main()
