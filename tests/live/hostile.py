#!/usr/bin/env python3
# hostile.py PORT READY LOG -- a DNS server on 127.0.0.1:PORT (UDP and
# TCP) that answers every question wrongly on purpose, for hostile.sh.
#
# The mode is the rightmost label of the question name that names one
# (MODES below), so that one server serves every mode and a mode can
# cover the names it hands out (c3.chain50.hostile.test.).  A name
# without a mode gets a good answer.  Every answer it means to be good
# carries MX 10 <the asked name>, A 9.9.9.9 and AAAA 2620:fe::9 (global
# addresses that nothing connects to: mxdig sends only DNS here), TTL
# 3600.  An answer longer than the asker's EDNS buffer (512 without
# EDNS) goes over UDP as TC=1, header and question only (RFC 7766 §5).
#
# Writes "ready" to READY once both sockets listen, and one line per
# question to LOG: "udp|tcp MODE QTYPE NAME".  Python 3 standard
# library only; stops on SIGTERM, or after 300 s whatever happens.
import os
import signal
import socket
import struct
import sys
import threading
import time

A, NS, CNAME, SOA, PTR, MX, AAAA, OPT = 1, 2, 5, 6, 12, 15, 28, 41
TTL = 3600
GOOD_A = bytes([9, 9, 9, 9])
GOOD_AAAA = bytes.fromhex("262000fe000000000000000000000009")


def wire_name(labels):
    """The wire form of a name given as a list of label bytes."""
    return b"".join(bytes([len(l)]) + l for l in labels) + b"\0"


def rr(owner, rtype, rdata, ttl=TTL, rclass=1):
    """A record: owner in wire form (or a pointer), fields, RDATA."""
    return owner + struct.pack(">HHIH", rtype, rclass, ttl,
                               len(rdata)) + rdata


class Query:
    def __init__(self, data):
        self.data = data
        self.id, self.flags, qd = struct.unpack(">HHH", data[:6])
        off, labels = 12, []
        while data[off] != 0:
            n = data[off]
            labels.append(data[off + 1:off + 1 + n])
            off += 1 + n
        self.qtype, self.qclass = struct.unpack(">HH",
                                                data[off + 1:off + 5])
        self.question = data[12:off + 5]
        self.labels = labels
        self.name = wire_name(labels)
        self.edns = 512
        if struct.unpack(">H", data[10:12])[0] > 0:
            # the OPT after the question: root owner, type, size
            o = off + 5
            if data[o] == 0 and struct.unpack(">H", data[o + 1:o + 3])[0] == OPT:
                self.edns = max(512, struct.unpack(">H", data[o + 3:o + 5])[0])
        self.mode = ""
        for l in reversed(labels):
            m = l.decode("latin-1").lower()
            if m in MODES:
                self.mode = m
                break
        self.text = ".".join(l.decode("latin-1") for l in labels) + "."


def message(q, answers=(), authority=(), additional=(), rcode=0,
            flags=None, qid=None, question=None, opcode=0):
    """A response to q: QR, AA, RD copied, RA; the question repeated."""
    if flags is None:
        flags = 0x8000 | 0x0400 | (q.flags & 0x0100) | 0x0080
    flags = (flags & ~0x7800) | (opcode << 11)
    flags = (flags & ~0xf) | rcode
    question = q.question if question is None else question
    return struct.pack(">HHHHHH", q.id if qid is None else qid, flags,
                       1, len(answers), len(authority),
                       len(additional)) + question + b"".join(answers) + \
        b"".join(authority) + b"".join(additional)


QPTR = b"\xc0\x0c"       # the question's name


def good_rrs(q):
    if q.qtype == MX:
        return [rr(QPTR, MX, struct.pack(">H", 10) + QPTR)]
    if q.qtype == A:
        return [rr(QPTR, A, GOOD_A)]
    if q.qtype == AAAA:
        return [rr(QPTR, AAAA, GOOD_AAAA)]
    return []


def good(q, **kw):
    return message(q, good_rrs(q), **kw)


def soa(q):
    mname = wire_name([b"ns", b"hostile", b"test"])
    return rr(wire_name([b"hostile", b"test"]), SOA, mname + mname +
              struct.pack(">IIIII", 1, 7200, 900, 1209600, 300))


# ---- the modes: each returns the UDP reply and the TCP reply, bytes
# for an answer, None for none (silence); a TCP reply may instead be a
# function that gets the connection.

def m_ok(q):
    return good(q), good(q)


def mx_or_good(rdata_or_rr):
    """An MX answer made by the mode; good answers to A and AAAA."""
    def mode(q):
        if q.qtype != MX:
            return m_ok(q)
        m = message(q, rdata_or_rr(q))
        return m, m
    return mode


def addr_or_good(qtype, rdata):
    """A bad A or AAAA record; good answers otherwise."""
    def mode(q):
        if q.qtype != qtype:
            return m_ok(q)
        m = message(q, [rr(QPTR, qtype, rdata)])
        return m, m
    return mode


# a pointer to itself: the RDATA of the first answer record starts at
# 12 + len(question) + 2 (owner pointer) + 10 (fixed fields)
def ptr_loop(q):
    at = 12 + len(q.question) + 12 + 2
    return [rr(QPTR, MX, struct.pack(">HH", 10, 0xc000 | at))]


def owner_loop(q):
    at = 12 + len(q.question)
    return [rr(struct.pack(">H", 0xc000 | at), MX, b"\0\x0a" + QPTR)]


def big_mx(q):
    """4,000 MX records: the first names mx.<qname>, the others point
    at it (16 octets each, 64,000 in all, under TCP's 65,535)."""
    first_ex = 12 + len(q.question) + 12 + 2
    rrs = [rr(QPTR, MX, struct.pack(">H", 0) + b"\x02mx" + QPTR)]
    for i in range(1, 4000):
        rrs.append(rr(QPTR, MX, struct.pack(">HH", i, 0xc000 | first_ex)))
    return rrs


def m_tc4000(q):
    if q.qtype != MX:
        return m_ok(q)
    m = message(q, big_mx(q))
    return m, m


def m_additional(q):
    """A good MX answer with 2,500 A records in the additional section,
    of names below the asked one that no MX names (xN.<qname>, 22
    octets each), so it goes over TCP."""
    if q.qtype != MX:
        return m_ok(q)
    extra = [rr(bytes([len(b"x%d" % i)]) + b"x%d" % i + QPTR, A,
                bytes([9, 9, (i >> 8) & 0xff, i & 0xff]))
             for i in range(2500)]
    m = message(q, good_rrs(q), additional=extra)
    return m, m


def mx_to(labels):
    """MX 10 to a name of another mode."""
    return mx_or_good(lambda q: [rr(QPTR, MX, b"\0\x0a" +
                                    wire_name(labels))])


def tc_then(tcp):
    def mode(q):
        return message(q, flags=0x8000 | 0x0200 | 0x0100 | 0x0080), tcp
    return mode


def tcp_close(conn, q):
    conn.close()


def tcp_stall(conn, q):
    conn.sendall(struct.pack(">H", 200))
    time.sleep(30)


def tcp_garbage(conn, q):
    junk = bytes((i * 37 + 11) & 0xff for i in range(300))
    conn.sendall(struct.pack(">H", len(junk)) + junk)
    time.sleep(30)


def m_wrongid(q):
    m = good(q, qid=(q.id + 1) & 0xffff)
    return m, m


def m_wrongq(q):
    other = wire_name([b"other", b"test"]) + struct.pack(">HH", q.qtype, 1)
    m = good(q, question=other)
    return m, m


def m_cnameloop(q):
    """a.<qname> and <qname> alias each other in one answer."""
    alias = wire_name([b"a"] + q.labels)
    m = message(q, [rr(QPTR, CNAME, alias), rr(alias, CNAME, QPTR)])
    return m, m


def m_chain50(q):
    """cN.chain50... is an alias of cN+1.chain50..., up to c50, whose
    records are good; one hop per answer, so that the resolver walks."""
    first = q.labels[0].decode("latin-1")
    n = int(first[1:]) if first[:1] == "c" and first[1:].isdigit() else -1
    if n >= 50:
        return m_ok(q)
    rest = q.labels[1:] if n >= 0 else q.labels
    target = wire_name([b"c%d" % (n + 1)] + rest)
    m = message(q, [rr(QPTR, CNAME, target)])
    return m, m


def m_longname(q):
    """MX to a 255-octet name of labels full of \\000 and octets that are
    no UTF-8, under longname.hostile.test.; its addresses are good."""
    if q.qtype != MX:
        return m_ok(q)
    tail = [b"longname", b"hostile", b"test"]
    labels, size = [], len(wire_name(tail))
    pattern = b"\x00\xff\xc3\x28\x80\x00"
    while size + 64 <= 255:
        labels.append((pattern * 11)[:63])
        size += 64
    if 255 - size > 1:
        labels.append(b"\x00\xfe" * ((255 - size - 1) // 2) +
                      b"\x00" * ((255 - size - 1) % 2))
    ex = wire_name(labels + tail)
    assert len(ex) == 255, len(ex)
    m = message(q, [rr(QPTR, MX, b"\0\x0a" + ex)])
    return m, m


def m_twice(q):
    return "twice", good(q)


def m_late(q):
    return ("late", good(q)), good(q)


def m_servfail6(q):
    if q.qtype == AAAA:
        m = message(q, rcode=2)
        return m, m
    return m_ok(q)


def m_silent6(q):
    if q.qtype == AAAA:
        return None, None
    return m_ok(q)


def m_ttltop(q):
    """Every record with TTL 2^31 (the top bit set: RFC 2181 §8)."""
    if q.qtype != MX:
        return m_ok(q)
    m = message(q, [rr(QPTR, MX, b"\0\x0a" + QPTR, ttl=0x80000000)])
    return m, m


def m_nxmx(q):
    if q.qtype != MX:
        return m_ok(q)
    m = message(q, good_rrs(q), [soa(q)], rcode=3)
    return m, m


def m_qr0(q):
    m = good(q, flags=0x0400 | 0x0100)
    return m, m


def m_opcode5(q):
    m = good(q, opcode=5)
    return m, m


MODES = {
    "ok": m_ok,
    "ptrloop": mx_or_good(ptr_loop),
    "ptrout": mx_or_good(lambda q: [rr(QPTR, MX, b"\0\x0a\xff\xff")]),
    "ownerloop": mx_or_good(owner_loop),
    "mxjunk": mx_or_good(lambda q: [rr(QPTR, MX, b"\0\x0a" + QPTR +
                                        b"\x07")]),
    "mxshort": mx_or_good(lambda q: [rr(QPTR, MX, b"\0\x0a\x02mx")]),
    "mx0": mx_or_good(lambda q: [rr(QPTR, MX, b"")]),
    "cnamejunk": mx_or_good(lambda q: [rr(QPTR, CNAME, QPTR + b"\0")]),
    "a5": addr_or_good(A, GOOD_A + b"\x09"),
    "aaaa17": addr_or_good(AAAA, GOOD_AAAA + b"\x01"),
    "qr0": m_qr0,
    "opcode5": m_opcode5,
    "nxmx": m_nxmx,
    "tc4000": m_tc4000,
    "additional": m_additional,
    "tcpclose": tc_then(tcp_close),
    "tcpstall": tc_then(tcp_stall),
    "tcpgarbage": tc_then(tcp_garbage),
    "wrongid": m_wrongid,
    "wrongq": m_wrongq,
    "cnameloop": m_cnameloop,
    "chain50": m_chain50,
    "longname": m_longname,
    "twice": m_twice,
    "late": m_late,
    "servfail6": m_servfail6,
    "silent6": m_silent6,
    "ttltop": m_ttltop,
    "mxchain": mx_to([b"c0", b"chain50", b"hostile", b"test"]),
    "mxloop": mx_to([b"cnameloop", b"hostile", b"test"]),
}

LATE = 3.0      # seconds: later than any --timeout hostile.sh gives


def reply(q):
    fn = MODES.get(q.mode, m_ok)
    return fn(q)


log_lock = threading.Lock()


def log(logf, transport, q):
    with log_lock:
        logf.write("%s %s %d %s\n" % (transport, q.mode or "-", q.qtype,
                                      q.text.encode("unicode_escape").decode()))
        logf.flush()


def serve_udp(sock, logf):
    while True:
        data, peer = sock.recvfrom(4096)
        try:
            q = Query(data)
        except (IndexError, struct.error):
            continue
        log(logf, "udp", q)
        udp, _ = reply(q)
        if udp is None:
            continue
        if isinstance(udp, tuple) and udp[0] == "late":
            t = threading.Timer(LATE, sock.sendto, (udp[1], peer))
            t.daemon = True
            t.start()
            continue
        times = 1
        if udp == "twice":
            udp, times = good(q), 2
        if len(udp) > q.edns:
            udp = message(q, flags=0x8000 | 0x0400 | 0x0200 |
                          (q.flags & 0x0100) | 0x0080)
        for _ in range(times):
            sock.sendto(udp, peer)


def recv_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def serve_conn(conn, logf):
    conn.settimeout(60)
    try:
        while True:
            head = recv_exact(conn, 2)
            if head is None:
                return
            data = recv_exact(conn, struct.unpack(">H", head)[0])
            if data is None:
                return
            q = Query(data)
            log(logf, "tcp", q)
            _, tcp = reply(q)
            if tcp is None:
                continue
            if callable(tcp):
                tcp(conn, q)
                return
            conn.sendall(struct.pack(">H", len(tcp)) + tcp)
    except (OSError, IndexError, struct.error):
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def serve_tcp(sock, logf):
    while True:
        conn, _ = sock.accept()
        t = threading.Thread(target=serve_conn, args=(conn, logf),
                             daemon=True)
        t.start()


def main():
    port, ready, logpath = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", port))
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("127.0.0.1", port))
    tcp.listen(64)
    logf = open(logpath, "a")
    for target, sock in ((serve_udp, udp), (serve_tcp, tcp)):
        threading.Thread(target=target, args=(sock, logf),
                         daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    with open(ready, "w") as f:
        f.write("ready\n")
    time.sleep(300)


if __name__ == "__main__":
    main()
