#!/usr/bin/env python3
"""A scripted SMTP server for what a real MTA does not do on demand.

Usage: hostile_smtp.py LOG CERT KEY ADDR=MODE [ADDR=MODE ...]

Listens on port 25 of every ADDR (IPv4 or IPv6) and plays MODE to every
connection; each connection is logged to LOG as "ADDR MODE" when it is
accepted, so that a test can count sessions.  Every wait is bounded.

Modes:
  busy421     421 at connect, then close
  close       close before the greeting
  slow12      greeting after 12 s, then EHLO without STARTTLS
  silent      never greets (the client's timeout ends it; 120 s cap)
  multi220    a three-line 220- greeting, STARTTLS as the last EHLO line
  tls_last    STARTTLS as the last EHLO line, then TLS with CERT/KEY
  tls_middle  STARTTLS as a middle EHLO line, then TLS
  reject554   554 at connect, 221 to QUIT
  tls_half    STARTTLS answered 220, then half a TLS record, then silence
  endless     a greeting line that never ends (bounded at 1 MB)
  lines10k    a greeting of 10,000 lines
  garbage     binary bytes instead of a greeting
  tls454      STARTTLS answered 454
  tls_old     STARTTLS, then TLS 1.0 at best (security level 0)
"""
import asyncio
import os
import ssl
import sys

LOG = None
SSLCTX = None
OLDCTX = None
MAXWAIT = 120


def log(addr, mode):
    with open(LOG, "a") as f:
        f.write("%s %s\n" % (addr, mode))


async def readline(reader):
    try:
        line = await asyncio.wait_for(reader.readline(), MAXWAIT)
    except (asyncio.TimeoutError, ConnectionError):
        return b""
    return line


async def dialogue(reader, writer, ehlo_lines, tls_ok=True, mode=""):
    """EHLO/STARTTLS/QUIT until the client leaves."""
    tls = False
    while True:
        line = await readline(reader)
        if not line:
            return
        cmd = line.strip().upper()
        if cmd.startswith(b"EHLO"):
            lines = ehlo_lines if not tls else [l for l in ehlo_lines
                                                if l != b"STARTTLS"]
            out = b""
            for i, l in enumerate(lines):
                sep = b" " if i == len(lines) - 1 else b"-"
                out += b"250" + sep + l + b"\r\n"
            writer.write(out)
        elif cmd == b"STARTTLS" and not tls:
            if mode == "tls454":
                writer.write(b"454 4.7.0 TLS not available due to "
                             b"temporary reason\r\n")
                await writer.drain()
                continue
            writer.write(b"220 2.0.0 Ready to start TLS\r\n")
            await writer.drain()
            if mode == "tls_half":
                # read the ClientHello, answer half a record, stall
                try:
                    await asyncio.wait_for(reader.read(4096), 10)
                except asyncio.TimeoutError:
                    pass
                writer.write(b"\x16\x03\x03\x00\x50\x02\x00")
                await writer.drain()
                await asyncio.sleep(MAXWAIT)
                return
            await writer.start_tls(OLDCTX if mode == "tls_old" else SSLCTX)
            tls = True
            continue
        elif cmd == b"QUIT":
            writer.write(b"221 2.0.0 Bye\r\n")
            await writer.drain()
            return
        else:
            writer.write(b"502 5.5.2 Error: command not recognized\r\n")
        await writer.drain()


def handler(addr, mode):
    async def serve(reader, writer):
        log(addr, mode)
        try:
            await play(reader, writer, mode)
        except (ConnectionError, ssl.SSLError, OSError):
            pass
        finally:
            try:
                writer.close()
            except Exception:
                pass
    return serve


async def play(reader, writer, mode):
    name = b"mx.hostile.test"
    plain = [name, b"PIPELINING", b"SIZE 10240000", b"8BITMIME"]
    if mode == "busy421":
        writer.write(b"421 4.7.0 too many connections, try later\r\n")
        await writer.drain()
        return
    if mode == "close":
        return
    if mode == "silent":
        await asyncio.sleep(MAXWAIT)
        return
    if mode == "slow12":
        await asyncio.sleep(12)
        writer.write(b"220 " + name + b" ESMTP slow\r\n")
        await dialogue(reader, writer, plain)
        return
    if mode == "reject554":
        writer.write(b"554 5.7.1 no SMTP service here\r\n")
        await dialogue(reader, writer, plain)
        return
    if mode == "endless":
        writer.write(b"220 ")
        for _ in range(256):
            writer.write(b"x" * 4096)
            await writer.drain()
        await asyncio.sleep(MAXWAIT)
        return
    if mode == "lines10k":
        writer.write(b"220-hello\r\n" * 10000 + b"220 end\r\n")
        await writer.drain()
        await dialogue(reader, writer, plain)
        return
    if mode == "garbage":
        writer.write(bytes(range(256)) + b"\r\n")
        await writer.drain()
        await asyncio.sleep(MAXWAIT)
        return
    if mode == "multi220":
        writer.write(b"220-" + name + b" ESMTP first line\r\n"
                     b"220-second line of the greeting\r\n"
                     b"220 third and last\r\n")
        await dialogue(reader, writer, plain + [b"STARTTLS"])
        return
    greet = b"220 " + name + b" ESMTP hostile\r\n"
    writer.write(greet)
    if mode in ("tls_last", "tls_half", "tls454", "tls_old"):
        await dialogue(reader, writer, plain + [b"STARTTLS"], mode=mode)
    elif mode == "tls_middle":
        await dialogue(reader, writer, [name, b"PIPELINING", b"STARTTLS",
                                        b"SMTPUTF8", b"8BITMIME"])
    else:
        raise SystemExit("unknown mode " + mode)


async def main():
    global LOG, SSLCTX, OLDCTX
    LOG, cert, key = sys.argv[1:4]
    SSLCTX = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    SSLCTX.load_cert_chain(cert, key)
    OLDCTX = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    OLDCTX.set_ciphers("ALL:@SECLEVEL=0")
    OLDCTX.minimum_version = ssl.TLSVersion.TLSv1
    OLDCTX.maximum_version = ssl.TLSVersion.TLSv1
    OLDCTX.load_cert_chain(cert, key)
    servers = []
    for spec in sys.argv[4:]:
        addr, mode = spec.rsplit("=", 1)
        srv = await asyncio.start_server(handler(addr, mode), addr, 25,
                                         reuse_address=True)
        servers.append(srv)
    # tell the test we listen
    print("ready", flush=True)
    await asyncio.sleep(3600)


asyncio.run(main())
