#!/usr/bin/env python3
"""seeds.py CORPUS -- writes the hand-made seeds of every fuzz target
into CORPUS/<target> (tests/fuzz/corpus), one file each, named after
what it holds:

answer   (fuzz_answer.c) the first octet picks the question as the target
         reads it (type index in the low nibble: 0 MX, 1 A, 2 AAAA,
         3 CNAME, 4 NS, 5 SOA, 6 TXT, 7 TLSA; name index in the high
         one: 0 example.com., 1 a.example., 2 mx1.example.com.), the rest
         is a response;
zone     (fuzz_zone.c) a flags octet, then zone text: the repository's
         zones (tests/zones, tests/cli/cases, examples) and hand-made
         edge cases;
live     (fuzz_live.c) flags, domain picks, then one chunk per query:
         ctl, length, body;
options  (fuzz_options.c) argv words separated by NUL octets: every
         golden case's .args and the usage errors.
policy   (fuzz_policy.c) the first octet picks the parser (0 policy
         body, 1 _mta-sts TXT, 2 _smtp._tls TXT, 3 TLSA fields, 4 mx
         pattern NUL host), the rest is its input.

Run it from anywhere; it reads the tree it lies in.  Files it writes are
overwritten; files the fuzzer added (named by their SHA-1) are left."""
import glob
import os
import shlex
import struct
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def name(n):
    out = b""
    for label in n.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rr(owner, rtype, rdata, ttl=300, cls=1):
    return owner + struct.pack(">HHIH", rtype, cls, ttl, len(rdata)) + rdata


def msg(qname, qtype, an=(), ns=(), ar=(), flags=0x8580, opt=None):
    ar = list(ar)
    if opt is not None:
        ar.append(b"\0" + struct.pack(">HHIH", 41, 1232, 0, len(opt)) + opt)
    head = struct.pack(">HHHHHH", 4711, flags, 1, len(an), len(ns), len(ar))
    return head + name(qname) + struct.pack(">HH", qtype, 1) + \
        b"".join(an) + b"".join(ns) + b"".join(ar)


Q = b"\xc0\x0c"                       # the question's name
EX = "example.com."
soa = name("ns1.example.com.") + name("h.example.com.") + \
    struct.pack(">IIIII", 2026120101, 3600, 600, 86400, 300)
seeds = {
    "mx-ok": (0x00, msg(EX, 15, an=[
        rr(Q, 15, b"\0\x0a" + name("mx1.example.com.")),
        rr(Q, 15, b"\0\x14\x03mx2\xc0\x0c")],
        ns=[rr(Q, 2, name("ns1.example.com."))],
        ar=[rr(name("mx1.example.com."), 1, bytes([93, 184, 216, 1])),
            rr(name("mx1.example.com."), 28, bytes(15) + b"\1")])),
    "mx-cname-chain": (0x00, msg(EX, 15, an=[
        rr(Q, 5, name("b.example.com.")),
        rr(name("b.example.com."), 5, name("c.example.com.")),
        rr(name("c.example.com."), 15, b"\0\x0a\xc0\x0c")])),
    "mx-cname-leaves": (0x00, msg(EX, 15, an=[
        rr(Q, 5, name("elsewhere.example.net."))])),
    "mx-nxdomain-soa": (0x00, msg(EX, 15, flags=0x8583,
        ns=[rr(Q, 6, soa)])),
    "mx-nodata-soa": (0x00, msg(EX, 15, ns=[rr(Q, 6, soa, ttl=60)])),
    "mx-servfail-ede": (0x00, msg(EX, 15, flags=0x8182,
        opt=struct.pack(">HHH", 15, 8, 7) + b"expired")),
    "a-ok": (0x01, msg(EX, 1, an=[rr(Q, 1, bytes([192, 0, 2, 1]))])),
    "aaaa-ok": (0x02, msg(EX, 28, an=[rr(Q, 28, bytes(15) + b"\2")])),
    "cname-q": (0x03, msg(EX, 5, an=[rr(Q, 5, name("x.example."))])),
    "ns-ok": (0x04, msg(EX, 2, an=[rr(Q, 2, name("ns1.example.com."))])),
    "soa-ok": (0x05, msg(EX, 6, an=[rr(Q, 6, soa)])),
    "a-example-loop": (0x11, msg("a.example.", 1, an=[
        rr(Q, 5, name("b.example.")),
        rr(name("b.example."), 5, name("a.example."))])),
    # the policy layer's types: TXT (character-strings joined, bytes
    # escaped) and TLSA (fields and hex), well-formed and not
    "txt-sts": (0x06, msg(EX, 16, an=[
        rr(Q, 16, b"\x13v=STSv1; id=20261202"),
        rr(Q, 16, b"\x0fv=spf1 -all xx")])),
    "txt-strings": (0x06, msg(EX, 16, an=[
        rr(Q, 16, b"\x08v=TLSRPT\x1av1; rua=mailto:t@example.com\x00"
           + b"\xff" + bytes(range(255)))])),
    "txt-overrun": (0x06, msg(EX, 16, an=[rr(Q, 16, b"\x40short")])),
    "txt-empty": (0x06, msg(EX, 16, an=[rr(Q, 16, b"")])),
    "txt-quotes": (0x06, msg(EX, 16, an=[rr(Q, 16, b'\x07a"b\\c;\n')])),
    "tlsa-311": (0x27, msg("mx1.example.com.", 52, an=[
        rr(Q, 52, b"\x03\x01\x01" + bytes(range(32))),
        rr(Q, 52, b"\x02\x00\x02" + bytes(64))])),
    "tlsa-short": (0x27, msg("mx1.example.com.", 52, an=[
        rr(Q, 52, b"\x03\x01")])),
    "tlsa-nodata": (0x07, msg(EX, 52, an=[rr(Q, 52, b"\x03\x01\x01")])),
    "tlsa-long": (0x07, msg(EX, 52, an=[
        rr(Q, 52, b"\xff\xff\xff" + bytes(range(256)) * 8)])),
}


def write(target, fname, body):
    d = os.path.join(sys.argv[1], target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, fname), "wb") as f:
        f.write(body)


for n, (sel, body) in seeds.items():
    write("answer", n, bytes([sel]) + body)

# ---- zone: flags octet (bit 0 origin example.com. given, bit 1 ttl
# bounds wide open, bit 2 no additional), then the text
zones = {}
for pat in ("tests/zones/*.zone", "tests/zones/*/*.zone",
            "tests/cli/cases/*.zone", "examples/*.zone"):
    for path in sorted(glob.glob(os.path.join(TOP, pat))):
        with open(path, "rb") as f:
            text = f.read()
        if len(text) <= 16384:
            zones["z-" + os.path.relpath(path, TOP).replace("/", "-")] = \
                (0, text)
SOA = b"@ 3600 IN SOA ns1 hostmaster 1 3600 600 86400 300\n"
zones.update({
    "z-origin-given": (1, b"@ 300 IN MX 10 mx1\nmx1 300 IN A 192.0.2.1\n"),
    "z-no-origin": (0, b"mx1 300 IN A 192.0.2.1\n"),
    "z-ttl-wide": (3, b"$ORIGIN example.com.\n" + SOA +
                   b"@ 0 IN MX 10 mx1\nmx1 2147483647 IN A 192.0.2.1\n"),
    "z-ttl-over": (0, b"$ORIGIN example.com.\n" + SOA +
                   b"@ 4294967296 IN MX 10 mx1\n"
                   b"@ 2147483648 IN MX 20 mx2\n"),
    "z-ttl-units": (0, b"$TTL 1w2d3h4m5s\n$ORIGIN example.com.\n" + SOA +
                    b"@ IN MX 10 mx1\n"),
    "z-label-64": (0, b"$ORIGIN example.com.\n" + SOA + b"@ IN MX 10 " +
                   b"a" * 64 + b"\n"),
    "z-name-000": (0, b"$ORIGIN example.com.\n" + SOA +
                   b"@ IN MX 10 " + b"\\000" * 60 + b"\n"),
    "z-paren-open": (0, b"$ORIGIN example.com.\n@ IN SOA ns1 h ( 1 2 3\n"
                     + b"4\n" * 200),
    "z-null-mx": (0, b"$ORIGIN example.com.\n" + SOA +
                  b"@ IN MX 0 .\n@ IN MX 10 mx1\nmx1 IN A 192.0.2.1\n"),
    "z-cname-loop": (0, b"$ORIGIN example.com.\n" + SOA +
                     b"@ IN MX 10 a\na IN CNAME b\nb IN CNAME a\n"),
    "z-cname-other": (0, b"$ORIGIN example.com.\n" + SOA +
                      b"www IN CNAME @\nwww IN A 192.0.2.9\n"),
    "z-wildcard": (0, b"$ORIGIN example.com.\n" + SOA +
                   b"* IN MX 10 mx1\nmx1 IN AAAA 2001:db8::1\n"),
    "z-private": (0, b"$ORIGIN example.com.\n" + SOA +
                  b"@ IN MX 10 mx1\n@ IN MX 10 mx2\n"
                  b"mx1 IN A 10.0.0.1\nmx2 IN A 10.0.0.1\n"
                  b"mx2 IN AAAA ::1\n"),
    "z-ip-literal": (0, b"$ORIGIN example.com.\n" + SOA +
                     b"@ IN MX 10 192.0.2.1.\n@ IN MX 20 mail.example.com."
                     b"example.com.\n"),
    "z-generate": (0, b"$ORIGIN example.com.\n" + SOA +
                   b"$GENERATE 1-20 host$ IN MX $ mx$\n"
                   b"$GENERATE 1-20 mx$ IN A 192.0.2.$\n"),
    # $GENERATE (#14): every modifier, quoted data, the fields in either
    # order, refusals, a range over the bound of a load
    "z-generate-modifiers": (0, b"$ORIGIN example.com.\n" + SOA +
                             b"$GENERATE 0-20/7 h${10,3,d}.${0,0,x}"
                             b".${0,0,X}.${0,0,o} A 192.0.2.$\n"
                             b"$GENERATE 250-260 ${0,6,n}.${-5,0,N} "
                             b"CNAME e\\$$$.${0,0,n}\n"),
    "z-generate-fields": (0, b"$ORIGIN example.com.\n" + SOA +
                          b"$GENERATE 1-3 @ IN 60 MX \"$0 mx$\"\n"
                          b"$GENERATE 1-3 mx$ 1h IN A 192.0.2.$ ; mxdig: "
                          b"ignore=mx-target-private-address\n"
                          b"  AAAA 2001:db8::1\n"
                          b"$GENERATE 1-2 t$ TXT \"\\\"a b\\\" $\"\n"),
    "z-generate-bad": (0, b"$ORIGIN example.com.\n" + SOA +
                       b"$GENERATE 2-1 a$ A 192.0.2.$\n"
                       b"$GENERATE 1-2/0 a$ A 192.0.2.$\n"
                       b"$GENERATE 1-2 a${0,3,q}${1 A 192.0.2.$\n"
                       b"$GENERATE 1-2 a${0,128} A 192.0.2.$\n"
                       b"$GENERATE 0-1 a${2147483647} A 192.0.2.$\n"
                       b"$GENERATE 1-2 a$ FOO x\n"
                       b"$GENERATE 1-2 a$ CH A 192.0.2.$\n"
                       b"$GENERATE 250-260 a$ A 192.0.2.$\n"
                       b"$GENERATE 1-2 a$.example.net. A 192.0.2.$\n"
                       b"$GENERATE 1-2 a$ CNAME \"x\"y\n"
                       b"$GENERATE 1-2 \x1b[31m$ A 192.0.2.$\n"),
    "z-generate-bound": (0, b"$ORIGIN example.com.\n" + SOA +
                         b"$GENERATE 0-2147483647 a$ A 192.0.2.1\n"
                         b"$GENERATE 0-1000000 a$ A 192.0.2.1\n"),
    "z-include-missing": (0, b"$ORIGIN example.com.\n" + SOA +
                          b"$INCLUDE no-such-file.zone sub\n"),
    # a.inc and loop.inc are the target's own (fuzz_zone.c)
    "z-include-a": (0, b"$ORIGIN example.com.\n" + SOA +
                    b"$INCLUDE a.inc\n@ IN MX 20 a\n"),
    "z-include-origin": (0, b"$ORIGIN example.com.\n" + SOA +
                         b"$INCLUDE a.inc sub\n$INCLUDE a.inc other.test.\n"
                         b"@ IN MX 20 a.sub\n"),
    "z-include-loop": (1, b"@ IN MX 10 loop\n$INCLUDE loop.inc\n"),
    "z-include-dir": (1, b"$INCLUDE .\n$INCLUDE ..\n"),
    "z-class-other": (0, b"$ORIGIN example.com.\n" + SOA +
                      b"@ CH MX 10 mx1\n"),
    "z-ignore-inline": (0, b"$ORIGIN example.com.\n" + SOA +
                        b"@ IN MX 10 mx1 ; mxdig: ignore=mx-single-host\n"
                        b"mx1 IN A 192.0.2.1\n"),
    "z-utf8-bytes": (0, b"$ORIGIN example.com.\n" + SOA +
                     b"\xc3\xa9 IN MX 10 \xff\xfe\n"),
    "z-binary": (0, bytes(range(256))),
})
zones.update({
    # a control byte of $TTL, once echoed raw into the zone-syntax message
    "z-ttl-escape": (0, b"$TTL \x1b[31m\n$ORIGIN example.com.\n" + SOA),
    # an owner over 255 octets once the origin is appended: once "out of
    # memory" for the whole load, now a zone-syntax finding
    "z-name-255": (0, b"$ORIGIN example.com.\n" + SOA +
                   (b"a" * 63 + b".") * 3 + b"b" * 50 + b" IN A 192.0.2.1\n"),
})
# signed zones (#14): the RRSIG and NSEC fast path and ldns' path beside
# it, the signature checks; tests/zones/signed/signed.zone is above
SIG = (b"MX 13 2 3600 20360101000000 20260101000000 12345 example.com. "
       b"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v"
       b"MDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5f\n")
zones.update({
    "z-rrsig-plain": (0, b"$ORIGIN example.com.\n" + SOA +
                      b"@ IN MX 10 mx1\n@ IN RRSIG " + SIG +
                      b"@ IN DNSKEY 256 3 13 AAECAwQFBgcICQoLDA0ODxAREhMUFRY"
                      b"XGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0"
                      b"+Pw==\n"
                      b"mx1 IN A 192.0.2.1\n"),
    "z-rrsig-decimal-time": (0, b"$ORIGIN example.com.\n" + SOA +
                             b"@ IN MX 10 mx1\n@ IN RRSIG MX 13 2 3600 "
                             b"4294967295 0 1 example.com. AAAA\n"),
    "z-rrsig-bad": (0, b"$ORIGIN example.com.\n" + SOA +
                    b"@ IN RRSIG MX 13 2 3600 20361301000000 20260101000000 "
                    b"1 example.com. AAAA\n"
                    b"@ IN RRSIG MX 256 2 3600 0 0 1 example.com. AAAA\n"
                    b"@ IN RRSIG NOSUCH 13 2 3600 0 0 1 example.com. AAAA\n"
                    b"@ IN RRSIG MX 13 2 3600 0 0 1 example.com. A=AA\n"
                    b"@ IN RRSIG MX 13 2 3600 0 0 1 example.com.\n"
                    b"@ IN RRSIG MX ECDSAP256SHA256 2 3600 0 0 1 ex. AA==\n"),
    "z-rrsig-multiline": (0, b"$ORIGIN example.com.\n" + SOA +
                          b"@ IN RRSIG MX 13 2 3600 (\n 20360101000000\n"
                          b" 20260101000000 1 example.com.\n AAEC AwQF\n"
                          b" BgcI )\n"),
    "z-nsec": (0, b"$ORIGIN example.com.\n" + SOA +
               b"@ IN NSEC mx1 NS SOA MX RRSIG NSEC DNSKEY TYPE65000\n"
               b"mx1 IN NSEC @ A NOSUCH\n  IN NSEC\n"),
    "z-rrsig-outside": (0, b"$ORIGIN example.com.\n" + SOA +
                        b"other.test. IN RRSIG " + SIG),
})
for n, (flags, text) in zones.items():
    write("zone", n, bytes([flags]) + text)


# ---- live: flags, picks, then chunks (ctl, length, body)
def chunk(ctl, body):
    return bytes([ctl]) + struct.pack(">H", len(body)) + body


def echo(flags=0x8580, an=(), ns=(), ar=()):
    """A body for ctl ID|ECHO: the header, then the sections."""
    return struct.pack(">HHHHHH", 0, flags, 1, len(an), len(ns), len(ar)) + \
        b"".join(an) + b"".join(ns) + b"".join(ar)


MX1 = name("mx1.example.com.")
A1 = bytes([93, 184, 216, 34])
AAAA1 = bytes(15) + b"\1"
ok_mx = echo(an=[rr(Q, 15, b"\0\x0a" + MX1)])
ok_mx_add = echo(an=[rr(Q, 15, b"\0\x0a" + MX1),
                     rr(Q, 15, b"\0\x14\x03mx2\xc0\x0c")],
                 ar=[rr(MX1, 1, A1), rr(MX1, 28, AAAA1)])
ok_a = echo(an=[rr(Q, 1, A1)])
ok_aaaa = echo(an=[rr(Q, 28, AAAA1)])
nodata = echo(ns=[rr(name("example.com."), 6, soa, ttl=60)])
nxdomain = echo(flags=0x8583, ns=[rr(name("example.com."), 6, soa)])
servfail = echo(flags=0x8182)
tc = echo(flags=0x8780)
P = 0x03                                  # ID patched, question echoed
live = {
    # one domain: MX, then A and AAAA of its exchange
    "l-ok": (0x00, 0x00, [(P, ok_mx), (P, ok_a), (P, ok_aaaa)]),
    "l-additional": (0x00, 0x00, [(P, ok_mx_add), (P, ok_a), (P, ok_aaaa),
                                  (P, ok_a), (P, ok_aaaa)]),
    "l-no-additional": (0x08, 0x00, [(P, ok_mx_add), (P, ok_a),
                                     (P, ok_aaaa), (P, ok_a), (P, ok_aaaa)]),
    "l-nxdomain": (0x00, 0x00, [(P, nxdomain)]),
    "l-nodata-implicit": (0x00, 0x00, [(P, nodata), (P, ok_a),
                                       (P, nodata)]),
    "l-servfail": (0x00, 0x00, [(P, servfail)]),
    "l-aaaa-fails": (0x00, 0x00, [(P, ok_mx), (P, ok_a), (P, servfail)]),
    "l-silent": (0x00, 0x00, [(P | 0x08, b"")]),
    "l-raw-garbage": (0x00, 0x00, [(0x00, b"\xff" * 40)]),
    "l-wrong-id-first": (0x00, 0x00, [(P | 0x20, ok_mx), (P, ok_a),
                                      (P, ok_aaaa)]),
    "l-twice": (0x00, 0x00, [(P | 0x04, ok_mx), (P | 0x04, ok_a),
                             (P | 0x04, ok_aaaa)]),
    "l-cut": (0x00, 0x00, [(P | 0x10, ok_mx_add)]),
    # TC=1 over UDP, then the same over TCP
    "l-truncated-then-tcp": (0x00, 0x00, [(P, tc), (P, ok_mx), (P, ok_a),
                                          (P, ok_aaaa)]),
    "l-tcp": (0x01, 0x00, [(P, ok_mx), (P, ok_a), (P, ok_aaaa)]),
    "l-tcp-cut": (0x01, 0x00, [(P | 0x10, ok_mx)]),
    # the same domain twice at once: one MX query, coalesced
    "l-coalesce": (0x10, 0x00, [(P, ok_mx), (P, ok_a), (P, ok_aaaa)]),
    # two domains sharing an exchange, then again from the cache
    "l-shared-cached": (0x50, 0x04, [(P, ok_mx), (P, ok_mx), (P, ok_a),
                                     (P, ok_aaaa)]),
    "l-cache-one": (0x54, 0x04, [(P, ok_mx), (P, ok_mx), (P, ok_a),
                                 (P, ok_aaaa), (P, ok_mx), (P, ok_mx),
                                 (P, ok_a), (P, ok_aaaa)]),
    "l-no-cache": (0x42, 0x00, [(P, ok_mx), (P, ok_a), (P, ok_aaaa),
                                (P, ok_mx), (P, ok_a), (P, ok_aaaa)]),
    "l-cname-chain": (0x00, 0x00, [(P, echo(an=[
        rr(Q, 5, name("b.example.com.")),
        rr(name("b.example.com."), 15, b"\0\x0a" + MX1)])),
        (P, ok_a), (P, ok_aaaa)]),
    "l-four": (0x30, 0xe4, [(P, ok_mx)] * 4 + [(P, ok_a), (P, ok_aaaa)]),
    "l-qr0": (0x00, 0x00, [(P, echo(flags=0x0580,
                                    an=[rr(Q, 15, b"\0\x0a" + MX1)]))]),
    "l-opcode": (0x00, 0x00, [(P, echo(flags=0xa580,
                                       an=[rr(Q, 15, b"\0\x0a" + MX1)]))]),
}
for n, (flags, sel, chunks) in live.items():
    write("live", n, bytes([flags, sel]) +
          b"".join(chunk(c, b) for c, b in chunks))

# ---- options: argv words, NUL-separated
opts = {}
for path in sorted(glob.glob(os.path.join(TOP, "tests/cli/cases/*.args"))):
    with open(path) as f:
        words = shlex.split(f.read())
    opts["o-" + os.path.basename(path)[:-5]] = words
for i, v in enumerate(["nan", "inf", "1e999", "-0", "5x", "",
                       "18446744073709551616", "0x1p1", " 5", "+5", ".5",
                       "300"]):
    opts["o-number-%02d" % i] = ["--timeout", v, "--tries", v, "-p", v,
                                 "--deadline", v, "x"]
opts.update({
    "o-all-numbers": ["--timeout", "1.5", "--tries", "3", "-p", "5353",
                      "--concurrency", "10", "--cache-size", "0",
                      "--threads", "2", "--deadline", "30", "--ttl-min",
                      "60", "--ttl-max", "86400", "example.com"],
    "o-clusters": ["-46", "-p53", "-ffile", "-Vh", "x"],
    "o-missing": ["x", "--timeout"],
    "o-no-arg": ["--live=1", "x"],
    "o-prefix": ["--form", "json", "x"],
    "o-dashdash": ["--", "--timeout", "x"],
    "o-server": ["@", "x"],
    "o-server-ok": ["@127.0.0.1", "-p", "53", "--tcp", "x"],
    "o-lint": ["lint", "a.zone:example.com.", "b.zone:"],
    "o-diff": ["diff", "--format", "json", "a.zone", "b.zone"],
    "o-stdin": ["lint", "-:example.com", "-", "--zone", "-:x"],
    "o-diff-stdin": ["diff", "-:f.example", "-f", "-:g", "b.zone"],
    "o-ignore": ["--ignore", "mx-no-ipv6,,nope", "x"],
    "o-escapes": ["--format", "\x1b[2J\x07", "--\x01", "x"],
    "o-explain": ["--explain", "mx-target-cname"],
    "o-short-json": ["--short", "--format", "json", "x"],
    "o-ttl-order": ["--ttl-min", "900", "--ttl-max", "600", "x"],
})
for n, words in opts.items():
    write("options", n, b"\0".join(w.encode("utf-8", "surrogateescape")
                                    for w in words))

# policy: the RFC examples and the edges test_policy.c pins down
pol = {
    "p-rfc8461": (0, b"version: STSv1\r\nmode: enforce\r\n"
                  b"mx: mail.example.com\r\nmx: *.example.net\r\n"
                  b"mx: backupmx.example.com\r\nmax_age: 604800\r\n"),
    "p-lf-none": (0, b"version: STSv1\nmode: none\nmax_age: 31557600"),
    "p-testing-ext": (0, b"\nversion: STSv1\nmode: testing\nx-a.b_c: v v\n"
                      b"mx: A.Example.\nmax_age: 0\n\n"),
    "p-bad-mode": (0, b"version: STSv1\nmode: enforced\n"),
    "p-dup-mode": (0, b"version: STSv1\nmode: enforce\nmode: none\n"),
    "p-big-age": (0, b"version: STSv1\nmode: none\nmax_age: 31557601\n"),
    "p-nul": (0, b"version: STSv1\nmo\0de: none\n"),
    "p-lone-cr": (0, b"version: STSv1\rmode: none\n"),
    "t-rfc8461": (1, b"v=STSv1; id=20160831085700Z;"),
    "t-ext": (1, b"v=STSv1 ;ext=1;\tid=abc ; z=q"),
    "t-no-id": (1, b"v=STSv1"),
    "t-long-id": (1, b"v=STSv1; id=" + b"9" * 33),
    "t-empty-field": (1, b"v=STSv1;; id=1"),
    "t-other": (1, b"v=STSv10; id=1"),
    "r-rfc8460-mailto": (2, b"v=TLSRPTv1;rua=mailto:reports@example.com"),
    "r-rfc8460-https": (2, b"v=TLSRPTv1; rua=https://reporting.example.com"
                        b"/v1/tlsrpt"),
    "r-several": (2, b"v=TLSRPTv1; rua=mailto:a@example.com , "
                  b"HTTPS://r.example/x,\tmailto:b@example.org ;"),
    "r-http": (2, b"v=TLSRPTv1; rua=http://r.example/"),
    "r-no-rua": (2, b"v=TLSRPTv1; ruf=mailto:a@b"),
    "a-311-32": (3, bytes([3, 1, 1, 0, 32])),
    "a-201-32": (3, bytes([2, 0, 1, 0, 32])),
    "a-100-0": (3, bytes([1, 0, 0, 0, 0])),
    "a-priv": (3, bytes([255, 255, 255, 1, 0])),
    "m-wild-one": (4, b"*.example.com\0mx1.example.com"),
    "m-wild-two": (4, b"*.example.com\0a.mx1.example.com"),
    "m-wild-apex": (4, b"*.example.com\0example.com"),
    "m-case-dot": (4, b"MAIL.example.COM.\0mail.EXAMPLE.com"),
}
for n, (sel, body) in pol.items():
    write("policy", n, bytes([sel]) + body)
