#!/usr/bin/python3
"""hostile_https.py CERT KEY ADDR=MODE... -- HTTPS servers that misbehave
on purpose, one per ADDR on port 443, for tests/policy/https.sh.

MODE is one of:
  chunked  200 text/plain, 100 KiB in chunks and no Content-Length
  stall    200 with Content-Length 100, 10 octets, then nothing
  mute     the TLS handshake, then no reply at all
  close    the TLS handshake, the request read, then the connection
           closed (TLS close_notify, then FIN)
  plain    no TLS: an HTTP/1.0 400 in clear text
  control  200 with a Content-Type of control characters

Prints "ready" when every address listens; exits by itself after 120 s.
"""
import socket
import ssl
import sys
import threading
import time

END = time.time() + 120


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def serve(conn, mode):
    held = []
    try:
        conn.settimeout(30)
        if mode == "plain":
            # at once: the ClientHello never ends in a blank line
            conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
            return
        if mode == "close":
            # the request read first: closed with unread data, TCP
            # would reset instead of ending
            read_request(conn)
            conn.unwrap().close()
            return
        if mode == "mute":
            held.append(conn)
            time.sleep(max(0, min(30, END - time.time())))
            return
        read_request(conn)
        if mode == "chunked":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                         b"Transfer-Encoding: chunked\r\n"
                         b"Connection: close\r\n\r\n")
            for _ in range(25):
                conn.sendall(b"1000\r\n" + b"z" * 4096 + b"\r\n")
            conn.sendall(b"0\r\n\r\n")
        elif mode == "stall":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: 100\r\n\r\n" + b"s" * 10)
            time.sleep(max(0, min(30, END - time.time())))
        elif mode == "control":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/\x01plain"
                         b"\r\nContent-Length: 2\r\nConnection: close"
                         b"\r\n\r\nok")
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass


def listen(addr, mode, ctx):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 443))
    s.listen(16)
    s.settimeout(1)

    def loop():
        while time.time() < END:
            try:
                conn, _ = s.accept()
            except socket.timeout:
                continue
            if mode != "plain":
                try:
                    conn.settimeout(10)
                    conn = ctx.wrap_socket(conn, server_side=True)
                except (OSError, ssl.SSLError):
                    conn.close()
                    continue
            threading.Thread(target=serve, args=(conn, mode),
                             daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()


def main():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    for spec in sys.argv[3:]:
        addr, mode = spec.split("=", 1)
        listen(addr, mode, ctx)
    print("ready", flush=True)
    while time.time() < END:
        time.sleep(1)


main()
