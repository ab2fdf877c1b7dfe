"""A load generator run as its own process: N clients in threads, each requesting one URL in a
loop; prints the latencies (seconds) of the successful requests as JSON.

    python -m bench.load URL --clients 20 --requests 200 [--cookie "sessionid=…"]

Standard library only, so that the load does not share the server's interpreter.
"""

import argparse
import json
import sys
import threading
import time
import urllib.request


def run(url, clients, requests, cookie):
    latencies, failures = [], []
    lock = threading.Lock()
    remaining = [requests]

    def client():
        opener = urllib.request.build_opener()
        if cookie:
            opener.addheaders = [("Cookie", cookie)]
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                with opener.open(url, timeout=120) as response:
                    response.read()
                    status = response.status
            except Exception as error:  # noqa: BLE001 — counted and reported, the run goes on
                with lock:
                    failures.append(str(error))
                continue
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if status == 200 else failures).append(elapsed if status == 200 else status)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "latencies": latencies,
        "failures": failures[:5],
        "failed": len(failures),
        "wall": time.perf_counter() - started,
    }


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--cookie", default="")
    args = parser.parse_args(argv)
    json.dump(run(args.url, args.clients, args.requests, args.cookie), sys.stdout)


if __name__ == "__main__":
    main()
