#!/usr/bin/env python3
"""Load client for `sosecure serve`: N POST /v1/scan requests over C keep-alive connections on
loopback, one request in flight per connection. Prints throughput, latency percentiles and errors.

    serve-load-client.py --port 8088 --requests 10000 --concurrency 32 --file snippet.py
"""
import argparse
import asyncio
import json
import sys
import time


async def worker(port, request_bytes, counter, total, latencies, errors, statuses):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            if counter[0] >= total:
                return
            counter[0] += 1
            started = time.perf_counter()
            writer.write(request_bytes)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200 or b'"findings"' not in body:
                errors.append(f"status {status}: {body[:200]!r}")
    finally:
        writer.close()


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, int(round(fraction * len(sorted_values) + 0.5)) - 1))
    return sorted_values[index]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--file", required=True)
    parser.add_argument("--token")
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args()

    code = open(args.file, encoding="utf-8").read()
    body = json.dumps({"code": code, "language": "python", "path": "snippet.py"}).encode()
    headers = [
        "POST /v1/scan HTTP/1.1",
        f"Host: 127.0.0.1:{args.port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    if args.token:
        headers.append(f"Authorization: Bearer {args.token}")
    request_bytes = ("\r\n".join(headers) + "\r\n\r\n").encode() + body

    # Warm-up: first requests pay for lazy initialisation; they are not counted.
    await asyncio.gather(*[worker(args.port, request_bytes, [0], args.warmup // 4, [], [], {}) for _ in range(4)])

    counter, latencies, errors, statuses = [0], [], [], {}
    started = time.perf_counter()
    results = await asyncio.gather(
        *[worker(args.port, request_bytes, counter, args.requests, latencies, errors, statuses) for _ in range(args.concurrency)],
        return_exceptions=True,
    )
    elapsed = time.perf_counter() - started
    failures = [r for r in results if isinstance(r, BaseException)]
    latencies.sort()
    completed = len(latencies)
    print(f"requests:    {completed} of {args.requests} at concurrency {args.concurrency} ({len(body)} byte body, {code.count(chr(10))} lines)")
    print(f"elapsed:     {elapsed:.2f} s")
    print(f"throughput:  {completed / elapsed:.0f} requests/s")
    print(f"latency:     p50 {percentile(latencies, 0.50) * 1000:.2f} ms   p90 {percentile(latencies, 0.90) * 1000:.2f} ms   "
          f"p99 {percentile(latencies, 0.99) * 1000:.2f} ms   max {(latencies[-1] if latencies else 0) * 1000:.2f} ms")
    print(f"statuses:    {dict(sorted(statuses.items()))}")
    # Non-200 answers plus requests never answered (a dropped connection loses its request).
    print(f"errors:      {len(errors) + (args.requests - completed)}")
    for error in (errors[:5] + [repr(f) for f in failures[:5]]):
        print(f"  {error}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
