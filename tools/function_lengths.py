#!/usr/bin/env python3
"""function_lengths.py: the longest functions of C files (lines from the line
with the opening brace to the closing brace, both included; functions are
top-level definitions whose body opens with "{" at column 0).

usage: tools/function_lengths.py [--max N] FILE...   (exit 1 when one is over N)
"""
import re
import sys


def functions(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, start, name = [], None, None
    for i, line in enumerate(lines):
        if line.startswith("{") and start is None:
            start = i
            # the name: the last identifier before "(" in the lines above
            for j in range(i - 1, max(i - 6, -1), -1):
                m = re.search(r"([A-Za-z_]\w*)\s*\(", lines[j])
                if m and not lines[j].startswith((" ", "\t")):
                    name = m.group(1)
                    break
        elif line.startswith("}") and start is not None:
            if name:
                out.append((i - start + 1, name, path))
            start, name = None, None
    return out


def main(argv):
    limit = None
    if argv[:1] == ["--max"]:
        limit, argv = int(argv[1]), argv[2:]
    found = sorted((f for p in argv for f in functions(p)), reverse=True)
    for n, name, path in found[:10]:
        print(f"{n:5d}  {name}  ({path})")
    if found:
        print(f"{len(found)} functions, mean {sum(f[0] for f in found) / len(found):.1f} lines")
    over = [f for f in found if limit is not None and f[0] > limit]
    for n, name, path in over:
        print(f"over {limit}: {name} ({path}, {n} lines)", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
