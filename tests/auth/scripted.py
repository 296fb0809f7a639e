#!/usr/bin/env python3
"""scripted.py ADDR -- a tiny authoritative DNS server on ADDR:53 (UDP)
for tests/auth: lame.test answered correctly but without the AA bit (a
lame server), flaky.test answered with AA except that AAAA gets
SERVFAIL; top.test with AA and every TTL 2^31 (the top bit set, RFC 2181
section 8); refer.test with a referral (no AA, no answer, the NS of
test. in the authority section: what a server that has lost the zone
and falls back to its hints sends), mail.refer.test with a stale CNAME
to mail.gone.test before that referral.  Anything else: REFUSED.  Runs until killed."""
import socket
import struct
import sys

A, NS, CNAME, SOA, MX, AAAA = 1, 2, 5, 6, 15, 28


def wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def rdata(rtype, value):
    if rtype == A:
        return socket.inet_pton(socket.AF_INET, value)
    if rtype == AAAA:
        return socket.inet_pton(socket.AF_INET6, value)
    if rtype == NS:
        return wire(value)
    if rtype == MX:
        pref, ex = value.split()
        return struct.pack("!H", int(pref)) + wire(ex)
    if rtype == SOA:
        mname, rname, serial = value.split()
        return wire(mname) + wire(rname) + struct.pack("!5I", int(serial), 3600, 600, 86400, 300)
    raise ValueError(rtype)


ZONES = {
    "lame.test.": {"aa": False, "fail": ()},
    "flaky.test.": {"aa": True, "fail": (AAAA,)},
    "top.test.": {"aa": True, "fail": (), "ttl": 0x80000000},
    "refer.test.": {"aa": False, "fail": (), "refer": ("test.", "ns.test.")},
}
DATA = {
    ("lame.test.", SOA): ["ns1.lame.test. h.lame.test. 2026120101"],
    ("lame.test.", NS): ["ns1.lame.test.", "ns2.lame.test.", "ns3.lame.test."],
    ("lame.test.", MX): ["10 mx1.lame.test."],
    ("mx1.lame.test.", A): ["192.0.2.25"],
    ("mx1.lame.test.", AAAA): ["2001:db8::25"],
    ("ns1.lame.test.", A): ["127.0.0.4"],
    ("ns2.lame.test.", A): ["127.0.0.6"],
    ("ns3.lame.test.", A): ["127.0.0.7"],
    ("flaky.test.", SOA): ["ns.flaky.test. h.flaky.test. 7"],
    ("flaky.test.", NS): ["ns.flaky.test."],
    ("flaky.test.", MX): ["10 mx.flaky.test."],
    ("mx.flaky.test.", A): ["192.0.2.27"],
    ("ns.flaky.test.", A): ["127.0.0.7"],
    ("top.test.", SOA): ["ns.top.test. h.top.test. 9"],
    ("top.test.", NS): ["ns.top.test."],
    ("top.test.", MX): ["10 mx.top.test."],
    ("mx.top.test.", A): ["192.0.2.27"],
    ("ns.top.test.", A): ["127.0.0.7"],
}


def answer(q):
    qid, flags, qd = struct.unpack("!HHH", q[:6])
    if qd != 1:
        return None
    off, labels = 12, []
    while q[off]:
        n = q[off]
        labels.append(q[off + 1:off + 1 + n].decode().lower())
        off += 1 + n
    off += 1
    qtype, qclass = struct.unpack("!HH", q[off:off + 4])
    qname = ".".join(labels) + "."
    question = q[12:off + 4]
    zone = next((z for z in ZONES if qname == z or qname.endswith("." + z)), None)
    rd = flags & 0x0100
    if zone is None:
        return struct.pack("!HHHHHH", qid, 0x8000 | rd | 5, 1, 0, 0, 0) + question
    z = ZONES[zone]
    aa = 0x0400 if z["aa"] else 0
    if qtype in z["fail"]:
        return struct.pack("!HHHHHH", qid, 0x8000 | aa | rd | 2, 1, 0, 0, 0) + question
    if "refer" in z:
        owner, target = z["refer"]
        rd_ = rdata(NS, target)
        body = wire(owner) + struct.pack("!HHIH", NS, 1, 3600, len(rd_)) + rd_
        an = b""
        if qname == "mail." + zone:
            rd_ = wire("mail.gone.test.")
            an = wire(qname) + struct.pack("!HHIH", CNAME, 1, 3600, len(rd_)) + rd_
        return struct.pack("!HHHHHH", qid, 0x8000 | rd, 1, 1 if an else 0, 1, 0) + question + an + body
    names = {n for n, _ in DATA}
    rrs = [(qname, qtype, v) for v in DATA.get((qname, qtype), [])]
    rcode = 0 if rrs or qname in names else 3
    auth = []
    if not rrs:
        auth = [(zone, SOA, DATA[(zone, SOA)][0])]
    body = b""
    for owner, t, v in rrs + auth:
        rd_ = rdata(t, v)
        body += wire(owner) + struct.pack("!HHIH", t, 1, z.get("ttl", 300), len(rd_)) + rd_
    return struct.pack("!HHHHHH", qid, 0x8000 | aa | rd | rcode, 1, len(rrs), len(auth), 0) + question + body


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((sys.argv[1], 53))
    while True:
        q, peer = s.recvfrom(4096)
        try:
            r = answer(q)
        except (IndexError, struct.error, UnicodeDecodeError, ValueError):
            r = None
        if r:
            s.sendto(r, peer)


main()
