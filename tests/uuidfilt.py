#!/usr/bin/env python3
"""Replaces each distinct UUID in the input by <0>, <1>, ... in order of
first appearance, so that test output does not depend on random UUIDs.

usage: uuidfilt.py [FILE...]   (standard input when no FILE is given)
"""
import re
import sys

UUID = re.compile(r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
                  r'[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')


def main():
    seen = {}

    def replace(m):
        u = m.group(0).lower()
        if u not in seen:
            seen[u] = len(seen)
        return "<%d>" % seen[u]

    files = sys.argv[1:] or ["-"]
    for name in files:
        stream = sys.stdin if name == "-" else open(name)
        for line in stream:
            sys.stdout.write(UUID.sub(replace, line))


if __name__ == "__main__":
    main()
