#!/usr/bin/env python3
"""smtp-delay-proxy.py DELAY_MS UPSTREAM ADDR...

A TCP forwarder on port 25 of every ADDR to UPSTREAM:25 that holds every
chunk the server sends for DELAY_MS before passing it on, in order, so
that a benchmark can count SMTP round trips: a client that waits for one
reply before it sends the next command pays the delay once per reply (the
greeting, EHLO, STARTTLS, the TLS handshake, EHLO, QUIT).  Data from the
client passes at once.  Prints "ready" when it listens; stops by itself
after 600 seconds.
"""
import asyncio
import sys


async def pipe(reader, writer, delay):
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def sender():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    task = asyncio.create_task(sender())
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            queue.put_nowait((loop.time() + delay, data))
    except ConnectionError:
        pass
    queue.put_nowait((loop.time() + delay, None))
    await task


async def main():
    delay = int(sys.argv[1]) / 1000.0
    upstream = sys.argv[2]

    async def handle(creader, cwriter):
        try:
            ureader, uwriter = await asyncio.open_connection(upstream, 25)
        except OSError:
            cwriter.close()
            return
        await asyncio.gather(pipe(creader, uwriter, 0),
                             pipe(ureader, cwriter, delay),
                             return_exceptions=True)

    for addr in sys.argv[3:]:
        await asyncio.start_server(handle, addr, 25, reuse_address=True)
    print("ready", flush=True)
    await asyncio.sleep(600)


asyncio.run(main())
