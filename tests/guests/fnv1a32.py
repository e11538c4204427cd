#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# fnv1a32.py FILE: the FNV-1a 32-bit hash of FILE as 8 hex digits, the
# value the test kernels (mbtest, bztest) compute over the module they
# received and compare with "sum=" on their command line.
import sys

h = 2166136261
with open(sys.argv[1], "rb") as f:
    for b in f.read():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
print("%08x" % h)
