#!/usr/bin/env python3
"""seeds.py OUTDIR -- writes the hand-made seed responses of the answer
fuzz target (tests/fuzz/fuzz_answer.c) to OUTDIR, one file each: the
first octet picks the question as the target reads it (type index in
the low nibble: 0 MX, 1 A, 2 AAAA, 3 CNAME, 4 NS, 5 SOA; name index in
the high one: 0 example.com., 1 a.example.), the rest is a response."""
import os
import struct
import sys


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
}
os.makedirs(sys.argv[1], exist_ok=True)
for n, (sel, body) in seeds.items():
    with open(os.path.join(sys.argv[1], n), "wb") as f:
        f.write(bytes([sel]) + body)
