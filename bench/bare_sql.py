#!/usr/bin/env python3
"""bare_sql.py: the bare SQL of a Kyodo page, timed in process (bench/project_bench.sh).

    python3 bench/bare_sql.py DB FILE [--runs 11]

Opens the SQLite database DB once (Python's sqlite3 module: the same system libsqlite3 as
kyodo), runs the statements of FILE (one a line, each ending with ';') and reads every row,
RUNS + 1 times; the first run (statements prepared, pages read) is not counted, as kyodo's
server has its statements prepared and its pages warm. Prints the median wall time of one
run of all the statements, in ms. Standard library only.
"""
import argparse
import sqlite3
import statistics
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("file")
    ap.add_argument("--runs", type=int, default=11)
    a = ap.parse_args()
    with open(a.file, encoding="utf-8") as f:
        stmts = [line.strip() for line in f if line.strip().endswith(";")]
    con = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    con.execute("PRAGMA mmap_size = 268435456")	# as kyodo opens it (store_sqlite.c)
    times = []
    for i in range(a.runs + 1):
        t0 = time.perf_counter()
        for s in stmts:
            con.execute(s).fetchall()
        t1 = time.perf_counter()
        if i > 0:
            times.append((t1 - t0) * 1000)
    print("%.2f" % statistics.median(times))


if __name__ == "__main__":
    main()
