#!/usr/bin/env python3
"""delay-proxy.py LISTEN_PORT UPSTREAM_PORT DELAY_MS [LISTEN_ADDR [UPSTREAM_ADDR]]

A UDP DNS forwarder on LISTEN_ADDR (127.0.0.1) to UPSTREAM_ADDR
(127.0.0.1) that holds every answer for DELAY_MS
before passing it on, so that a benchmark can count round trips: a tool
that waits for one answer before sending the next query pays the delay
once per query.  Queries are handled concurrently.  It stops by itself
after 300 seconds.
"""
import socket
import sys
import threading
import time


def main():
    listen, upstream, delay = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000.0
    laddr = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.1"
    uaddr = sys.argv[5] if len(sys.argv) > 5 else "127.0.0.1"
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind((laddr, listen))
    srv.settimeout(1.0)
    end = time.time() + 300

    def relay(data, client):
        up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        up.settimeout(5.0)
        try:
            up.sendto(data, (uaddr, upstream))
            answer, _ = up.recvfrom(65535)
            time.sleep(delay)
            srv.sendto(answer, client)
        except OSError:
            pass
        finally:
            up.close()

    while time.time() < end:
        try:
            data, client = srv.recvfrom(65535)
        except socket.timeout:
            continue
        threading.Thread(target=relay, args=(data, client), daemon=True).start()


if __name__ == "__main__":
    main()
