#!/usr/bin/python3
"""nagios.py STATUS FILE -- parses the output of a Nagios plugin run (FILE,
its exit status STATUS) by the Nagios plugin guidelines' grammar, and
fails unless it is exact:

  first line:  MX (OK|WARNING|CRITICAL|UNKNOWN) - TEXT[ | PERFDATA]
  PERFDATA:    one or more space-separated 'label'=value[UOM];[warn];[crit];[min];[max]
               label quoted in single quotes ('' for a quote inside), or
               bare without space, quote or '='; value a decimal number;
               UOM one of s ms us % B KB MB TB c or none
  then:        long output, one line each, with no '|' in it

and the word must be the status's (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
Prints "word|perf labels|number of long lines" on success; exits 1 with
the reason otherwise.
"""
import re
import sys

WORDS = {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}
NUM = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
LABEL = r"'(?:[^']|'')+'|[^ '=]+"
UOM = r"(?:s|ms|us|%|B|KB|MB|TB|c)?"
THRESH = r"[^;| ]*"   # a range: ranges are not used by mxdig, but allowed
ITEM = re.compile(r"(%s)=(%s)(%s)(?:;(%s)(?:;(%s)(?:;(%s)?(?:;(%s)?)?)?)?)?"
                  % (LABEL, NUM, UOM, THRESH, THRESH, NUM, NUM))


def parse_perf(s):
    """The perfdata items of s, or raises ValueError where it breaks."""
    items, pos = [], 0
    while pos < len(s):
        m = ITEM.match(s, pos)
        if not m:
            raise ValueError("perfdata breaks at %r" % s[pos:pos + 40])
        label = m.group(1)
        if label.startswith("'"):
            label = label[1:-1].replace("''", "'")
        items.append((label, float(m.group(2)), m.group(3)))
        pos = m.end()
        if pos < len(s):
            if s[pos] != " ":
                raise ValueError("perfdata: no space after item at %r"
                                 % s[pos:pos + 40])
            pos += 1
            if pos == len(s):
                raise ValueError("perfdata ends in a space")
    return items


def parse(text, status):
    if not text.endswith("\n"):
        raise ValueError("output does not end in a newline")
    lines = text[:-1].split("\n")
    first = lines[0]
    m = re.match(r"^MX (OK|WARNING|CRITICAL|UNKNOWN) - (.+)$", first)
    if not m:
        raise ValueError("status line %r" % first)
    word, rest = m.group(1), m.group(2)
    if WORDS[word] != status:
        raise ValueError("word %s but exit status %d" % (word, status))
    perf = []
    if "|" in rest:
        text_part, perf_part = rest.split("|", 1)
        if not text_part.endswith(" ") or not perf_part.startswith(" "):
            raise ValueError("'|' without spaces around it: %r" % rest)
        if "|" in perf_part:
            raise ValueError("a second '|' on the status line: %r" % rest)
        perf = parse_perf(perf_part[1:])
        if not text_part.strip():
            raise ValueError("empty summary")
    for ln in lines[1:]:
        if "|" in ln:
            raise ValueError("'|' in long output: %r" % ln)
        if ln == "":
            raise ValueError("empty long-output line")
    return word, perf, lines[1:]


def main():
    status = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8", errors="surrogateescape") as f:
        text = f.read()
    try:
        word, perf, long_lines = parse(text, status)
    except ValueError as e:
        print(e)
        sys.exit(1)
    print("%s|%s|%d" % (word, ",".join(p[0] for p in perf), len(long_lines)))


if __name__ == "__main__":
    main()
