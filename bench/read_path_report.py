"""Turns the measurements of bench/read_path.sh into read_path.md (a section for
bench/RESULTS.md) and read_path.json (the per-side figures, for bench/run.sh)."""

import argparse
import json
import os
import statistics
import time


def main():
    ap = argparse.ArgumentParser()
    for name in ("runs", "out", "command", "scale", "seconds", "threads", "rounds", "loadavg-start",
                 "loadavg-end", "git-rev", "pg-version", "rows", "catchup", "refresh", "wal-mb"):
        ap.add_argument("--" + name, required=True)
    a = ap.parse_args()
    runs = [json.loads(line) for line in open(a.runs) if line.strip()]
    queries = list(dict.fromkeys(r["query"] for r in runs))
    sides = list(dict.fromkeys(r["side"] for r in runs))

    def of(q, side):
        return [r for r in runs if r["query"] == q and r["side"] == side]

    def med(q, side, key):
        values = [r[key] for r in of(q, side)]
        return statistics.median(values) if values else float("nan")

    def ratio(x, y):
        return f"{x / y:.2f}" if y else "n/a"

    summary = {q: {side: {k: med(q, side, k) for k in ("qps", "p50_us", "p99_us", "mean_us", "cpu_us", "server_cpu_us")}
                   for side in sides} for q in queries}
    params = {q: next((r for r in runs if r["query"] == q and "params" in r), {}) for q in queries}
    json.dump({"queries": summary, "threads": int(a.threads), "seconds": float(a.seconds), "scale": int(a.scale),
               "rows": {q: params[q].get("rows") for q in queries}}, open(os.path.join(a.out, "read_path.json"), "w"),
              indent=1)

    labels = {
        "primary-reader": "typed, `PortalReader::read`, primary",
        "primary-get": "typed, `PortalReader::get` (a ping per checkout), primary",
        "primary-fetch": "`read`, same statement, rows fetched not decoded, primary",
        "primary-pgbench": "pgbench -M prepared, primary",
        "standby-reader": "typed, `PortalReader::read` with the standby as replica",
        "standby-pgbench": "pgbench -M prepared, standby",
    }
    cpu = open("/proc/cpuinfo").read().split("model name")[1].split(":", 1)[1].split("\n")[0].strip()
    mem = int(open("/proc/meminfo").read().split("MemTotal:")[1].split()[0]) / 1048576
    catchup = [float(x) for x in a.catchup.split()]
    refresh = [float(x) for x in a.refresh.split()]
    wal = [float(x) for x in a.wal_mb.split()]
    L = []
    w = L.append
    w("## Read path: typed queries vs pgbench, primary and local replica")
    w("")
    w(f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; command: `{a.command}`; biositing at {a.git_rev}")
    w(f"- Machine: {os.cpu_count()} cores, {mem:.1f} GiB, CPU \"{cpu}\"; {a.pg_version.split(' on ')[0]}, "
      "a fresh primary (initdb, default configuration) and a streaming standby of it (pg_basebackup -R), "
      "both on this machine; clients on this machine too")
    w(f"- Load average (1, 5, 15 min): {a.loadavg_start} at the start, {a.loadavg_end} at the end "
      "(other work shares the cores; every round runs all sides, in reversed order on even rounds, so load hits them alike)")
    w(f"- Data: sample-data scale {a.scale} ({a.rows} base rows), refreshed")
    w("")
    w(f"Each side runs {a.seconds} s per query and round, {a.rounds} round(s), {a.threads} client threads "
      f"(pgbench: `-M prepared -c {a.threads} -j {a.threads}`; Rust: {a.threads} threads over a `PortalReader` of "
      f"{a.threads} connections per server). The pgbench script is the SQL Diesel sent for the typed call (captured with Diesel's "
      "instrumentation, binds as pgbench variables, a psql count confirms the same rows on both servers). "
      "A Rust call's latency covers the pool checkout, the query and decoding every row into the view's row struct. "
      "Figures are medians over the rounds; client CPU per call is user + system time of the client process over its calls, "
      "server CPU per call the same for the serving server's processes (postmaster, backends, background processes; from /proc).")
    w("")
    w("| query | rows | side | calls/s | p50 (us) | p99 (us) | client CPU per call (us) | server CPU per call (us) |")
    w("|---|---|---|---|---|---|---|---|")
    for q in queries:
        p = params[q]
        first = True
        for side in sides:
            s = summary[q][side]
            head = f"`{q}` ({', '.join(f'{k}={v}' for k, v in p.get('params', {}).items())}) | {p.get('rows', '')}" if first else " | "
            first = False
            per_round = ", ".join(f"{r['qps']:.0f}" for r in of(q, side))
            w(f"| {head} | {labels.get(side, side)} | {s['qps']:.0f} ({per_round}) | {s['p50_us']:.0f} | {s['p99_us']:.0f} | {s['cpu_us']:.0f} | {s['server_cpu_us']:.0f} |")
    w("")
    w("Ratios (throughput above 1 and latency below 1 favour the typed call):")
    w("")
    w("| query | typed / pgbench, primary: calls/s | p50 | p99 | typed / pgbench, standby: calls/s | p50 | p99 | `get` (ping) / pgbench | fetched-not-decoded / pgbench | client CPU per call (us): decoding | fetching, over pgbench's | server CPU per call (us), over pgbench's | server-bound: pgbench / typed server CPU per call |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for q in queries:
        s = summary[q]
        pr, pb = s.get("primary-reader"), s.get("primary-pgbench")
        sr, sb = s.get("standby-reader"), s.get("standby-pgbench")
        ping, fetch = s.get("primary-get"), s.get("primary-fetch")
        w(f"| `{q}` | **{ratio(pr['qps'], pb['qps'])}** | {ratio(pr['p50_us'], pb['p50_us'])} | {ratio(pr['p99_us'], pb['p99_us'])} "
          f"| **{ratio(sr['qps'], sb['qps'])}** | {ratio(sr['p50_us'], sb['p50_us'])} | {ratio(sr['p99_us'], sb['p99_us'])} "
          f"| {ratio(ping['qps'], pb['qps'])} | {ratio(fetch['qps'], pb['qps'])} | {pr['cpu_us'] - fetch['cpu_us']:.0f} "
          f"| {fetch['cpu_us'] - pb['cpu_us']:.0f} | {pr['server_cpu_us'] - pb['server_cpu_us']:.0f} "
          f"| **{ratio(pb['server_cpu_us'], pr['server_cpu_us'])}** |")
    w("")
    w("Standby against primary, same client (above 1: the standby served more):")
    w("")
    w("| query | typed: standby / primary | pgbench: standby / primary |")
    w("|---|---|---|")
    for q in queries:
        s = summary[q]
        w(f"| `{q}` | {ratio(s['standby-reader']['qps'], s['primary-reader']['qps'])} | {ratio(s['standby-pgbench']['qps'], s['primary-pgbench']['qps'])} |")
    w("")
    w(f"Replica catch-up after a full refresh (`biositing refresh --all --jobs 2` on the primary; time from the "
      "refresh's return, its last commit, until the standby's `pg_last_wal_replay_lsn()` reaches the primary's "
      "`pg_current_wal_lsn()` read right after; polled every 5 ms):")
    w("")
    w("| run | refresh (s) | WAL written (MiB) | catch-up (s) |")
    w("|---|---|---|---|")
    for i, (r, m, c) in enumerate(zip(refresh, wal, catchup), 1):
        w(f"| {i} | {r:.3f} | {m:.1f} | {c:.3f} |")
    w(f"| median | {statistics.median(refresh):.3f} | {statistics.median(wal):.1f} | {statistics.median(catchup):.3f} |")
    w("")
    open(os.path.join(a.out, "read_path.md"), "w").write("\n".join(L))
    print("\n".join(L))


if __name__ == "__main__":
    main()
