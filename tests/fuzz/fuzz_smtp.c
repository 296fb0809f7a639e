/*
 * fuzz_smtp.c -- libFuzzer target for the SMTP probe (lib/probe/smtp.c)
 * and the STARTTLS side of tls.c: the input is everything a server sends,
 * at once, over a real TCP connection on 127.0.0.1 (a listener of this
 * process on the context's loop, on a port the kernel picks), then the
 * server closes its side.  So the real session runs: the reply reader's
 * line and reply bounds, the greeting's and EHLO's parsing, STARTTLS and
 * an OpenSSL handshake over whatever bytes follow, and the checks and
 * renderers over the result.
 *
 * Oracles: the check ends, once, within a bound of its own (the probe's
 * timeouts are 2 s, the input ends with a close); the result passes
 * oracle.c (names printable, counts, JSON, renderers); the address's
 * probe has a state, and a greeting that is printable text.
 */
#define _GNU_SOURCE	/* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mxdig.h"
#include "oracle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct server {
	mx_loop		*loop;
	int		 lfd, cfd;
	const uint8_t	*data;
	size_t		 size, sent;
	int		 shut;
};

static void
on_conn(void *arg, int fd, unsigned events)
{
	struct server	*s = arg;
	char		 buf[4096];
	ssize_t		 n;

	(void)fd;
	if ((events & MX_EV_WRITE) && s->sent < s->size) {
		n = send(s->cfd, s->data + s->sent, s->size - s->sent,
		    MSG_NOSIGNAL);
		if (n > 0)
			s->sent += (size_t)n;
		else if (n < 0 && errno != EAGAIN && errno != EINTR)
			s->sent = s->size;
	}
	if (s->sent == s->size && !s->shut) {
		shutdown(s->cfd, SHUT_WR);
		s->shut = 1;
	}
	/* what the client sends is read and dropped */
	n = recv(s->cfd, buf, sizeof(buf), 0);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		mx_loop_watch(s->loop, s->cfd, 0, NULL, NULL);
		close(s->cfd);
		s->cfd = -1;
		return;
	}
	mx_loop_watch(s->loop, s->cfd, MX_EV_READ | (s->shut ? 0 :
	    MX_EV_WRITE), on_conn, s);
}

static void
on_accept(void *arg, int fd, unsigned events)
{
	struct server *s = arg;

	(void)events;
	if (s->cfd >= 0)
		return;
	if ((s->cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK |
	    SOCK_CLOEXEC)) < 0)
		return;
	mx_loop_watch(s->loop, s->cfd, MX_EV_READ | MX_EV_WRITE, on_conn, s);
}

static void
keep(void *arg, struct mx_result *res)
{
	struct mx_result **out = arg;

	fz_require(*out == NULL);
	*out = res;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	struct server		 srv;
	struct mx_result	*res = NULL;
	mx_memory		*mem = NULL;
	mx_source		*src = NULL;
	mx_options		*opt = NULL;
	mx_ctx			*ctx = NULL;
	size_t			 rounds;

	if (size > 65536)
		return 0;
	memset(&srv, 0, sizeof(srv));
	srv.cfd = -1;
	srv.data = data;
	srv.size = size;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	srv.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	fz_require(srv.lfd >= 0);
	fz_require(bind(srv.lfd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	fz_require(listen(srv.lfd, 4) == 0);
	fz_require(getsockname(srv.lfd, (struct sockaddr *)&sin, &len) == 0);
	fz_require(mx_memory_new(&mem) == MX_OK);
	fz_require(mx_memory_add(mem, "f.test. 300 IN MX 10 mx.f.test.") ==
	    MX_OK);
	fz_require(mx_memory_add(mem, "mx.f.test. 300 IN A 127.0.0.1") ==
	    MX_OK);
	fz_require(mx_memory_source(mem, &src) == MX_OK);
	fz_require(mx_options_new(&opt) == MX_OK);
	fz_require(mx_options_set_smtp(opt, 1) == MX_OK);
	fz_require(mx_options_set_helo(opt, "fuzz.test") == MX_OK);
	fz_require(mx_options_set_smtp_timeout(opt, 2000) == MX_OK);
	fz_require(mx_options_set_smtp_port(opt, ntohs(sin.sin_port)) ==
	    MX_OK);
	fz_require(mx_ctx_new(src, opt, &ctx) == MX_OK);
	srv.loop = mx_ctx_loop(ctx);
	fz_require(mx_loop_watch(srv.loop, srv.lfd, MX_EV_READ, on_accept,
	    &srv) == MX_OK);
	fz_require(mx_check_start(ctx, "f.test", keep, &res, NULL) == MX_OK);
	/* bounded: every step of the session has its 2 s timer */
	for (rounds = 0; res == NULL && rounds < 100000; rounds++)
		fz_require(mx_ctx_run_once(ctx, 1000) == MX_OK);
	fz_require(res != NULL);
	fz_check_result(res);
	fz_require(res->nhosts == 1 && res->hosts[0].naddrs == 1);
	if (res->hosts[0].addrs[0].smtp != NULL) {
		const struct mx_smtp *p = res->hosts[0].addrs[0].smtp;

		fz_require(p->state <= MX_SMTP_NOT_PROBED);
		fz_require(p->greeting == NULL ||
		    fz_printable(p->greeting, strlen(p->greeting), 1));
	}
	mx_result_free(res);
	if (srv.cfd >= 0) {
		mx_loop_watch(srv.loop, srv.cfd, 0, NULL, NULL);
		close(srv.cfd);
	}
	mx_loop_watch(srv.loop, srv.lfd, 0, NULL, NULL);
	close(srv.lfd);
	mx_ctx_free(ctx);
	mx_source_free(src);
	mx_options_free(opt);
	mx_memory_free(mem);
	return 0;
}
