/*
 * smtp.c -- the SMTP probe: one session per address on port 25, on the
 * context's loop, and the table that keeps every address's result for
 * the context's life.
 *
 * A session is an explicit state machine, one enter function a state
 * (OpenSMTPD's mta_session.c is the model):
 *
 *   CONNECT -> GREETING -> EHLO -> STARTTLS -> TLS -> EHLO_TLS -> QUIT
 *      \          \          \         \         \        \        \
 *       +----------+----------+---------+---------+--------+-------> DONE
 *
 * Each state arms one timer (--smtp-timeout) and watches the descriptor
 * for what it waits for; every way out goes through enter_done, which
 * closes the connection and hands the result to whoever waits for it.
 * Nothing but EHLO, STARTTLS, EHLO and QUIT is ever sent (SPEC).
 *
 * Replies are read line by line into a buffer of one line: a line over
 * 512 octets (RFC 5321 §4.5.3.1.5), a reply of over 100 lines, or bytes
 * that are not a reply end the session with a state saying so, so that
 * a hostile server costs neither memory nor time beyond the timers.
 *
 * The table holds one entry per address text: the first wait that asks
 * for an address queues its session, later ones join it, and once it is
 * done everyone gets the same result (a reference each).  At most
 * smtp_concurrency sessions run at once, the others wait in a queue, in
 * the order they were asked for.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "probe.h"

#define LINE_MAX_OCTETS	512	/* RFC 5321 §4.5.3.1.5, CRLF included */
#define REPLY_MAX_LINES	100
#define GREETING_MAX	4096	/* the greeting's text kept, escaped */

enum sstate {
	S_CONNECT, S_GREETING, S_EHLO, S_STARTTLS, S_TLS, S_EHLO_TLS,
	S_QUIT, S_DONE
};

struct entry;

struct session {
	struct mx_smtp_table	*t;
	struct entry		*e;
	enum sstate		 state;
	int			 fd;
	unsigned		 events;	/* watched now */
	mx_timer		*timer;
	struct mx_tls		*tls;
	double			 t0, step0;	/* now_ms() */
	/* the reply being read */
	char			 line[LINE_MAX_OCTETS + 1];
	size_t			 nline;
	int			 code;		/* of its first line, 0 */
	unsigned		 nlines;
	int			 reply_done;
	/* read but not yet parsed (what came after a reply) */
	char			 in[4096];
	size_t			 nin, inpos;
	/* the command being written */
	char			 out[600];
	size_t			 nout, outpos;
	unsigned		 *ext;		/* where EHLO's keywords go */
	size_t			 ngreeting;
	struct session		*dead;		/* the table's reap list */
};

struct entry {
	struct mx_smtp		*res;
	int			 done;
	struct session		*sess;
	struct entry		*qnext;		/* the queue */
	struct mx_smtp_wait	**waits;
	size_t			 nwaits, capwaits;
	size_t			 holders;	/* waits that list it */
	int			 forgotten;	/* out of the map (no cache):
						 * freed with its last holder */
	struct entry		*fnext;		/* the table's forget list */
	uint64_t		 mark;		/* the id of the last wait that
						 * took it: an address once per
						 * wait, without a search */
};

struct mx_smtp_wait {
	struct mx_smtp_table	*t;
	struct entry		**entries;
	size_t			 nentries;
	size_t			 pending;
	mx_smtp_done_fn		 fn;
	void			*arg;
	mx_timer		*timer;		/* nothing to wait for */
	uint64_t		 id;		/* from 1, never reused */
};

struct mx_smtp_table {
	mx_loop			*loop;
	const struct mx_options	*opt;
	struct mx_map		*entries;	/* address -> entry */
	struct entry		*qhead, *qtail;
	size_t			 running;
	struct mx_tls_ctx	*tls;
	char			*tls_error;	/* set up once, failed */
	int			 tls_tried;
	char			 helo[256];
	struct mx_smtp_stats	 stats;
	struct session		*dead;		/* ended, freed next round */
	mx_timer		*reaper;
	uint64_t		 nwaits;	/* waits made: their ids */
	struct entry		*forget;	/* done, to leave the map */
};

const char *
mx_smtp_state_name(enum mx_smtp_state s)
{
	switch (s) {
	case MX_SMTP_ANSWERED:		return "answered";
	case MX_SMTP_REFUSED:		return "refused";
	case MX_SMTP_UNREACHABLE:	return "unreachable";
	case MX_SMTP_TIMEOUT:		return "timeout";
	case MX_SMTP_BUSY:		return "busy";
	case MX_SMTP_REJECTS:		return "rejects";
	case MX_SMTP_PROTOCOL:		return "protocol-error";
	case MX_SMTP_NOT_PROBED:	return "not-probed";
	}
	return "unknown";
}

const char *
mx_smtp_step_name(enum mx_smtp_step s)
{
	static const char *const names[] = { "connect", "greeting", "ehlo",
	    "starttls", "tls", "ehlo-tls", "quit", "done" };

	return (unsigned)s <= MX_SMTP_STEP_DONE ? names[s] : "unknown";
}

const char *
mx_tls_state_name(enum mx_tls_state s)
{
	switch (s) {
	case MX_TLS_NONE:	return "none";
	case MX_TLS_OK:		return "ok";
	case MX_TLS_REFUSED:	return "refused";
	case MX_TLS_FAILED:	return "failed";
	}
	return "unknown";
}

/* Monotonic time in milliseconds, to the microsecond: the timings of
 * a session on a LAN are below one. */
static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- results ---- */

static void
result_free(struct mx_smtp *r)
{
	free(r->address);
	free(r->sni);
	free(r->error);
	free(r->greeting);
	free(r->ehlo_name);
	free(r->tls_version);
	free(r->tls_cipher);
	free(r->tls_error);
	mx_smtp_chain_free(r->chain, r->nchain);
	free(r->verify_error);
	free(r);
}

void
mx_smtp_release(const struct mx_smtp *cr)
{
	struct mx_smtp *r = (struct mx_smtp *)cr;

	if (r != NULL && __atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL) ==
	    0)
		result_free(r);
}

static const struct mx_smtp *
result_ref(struct mx_smtp *r)
{
	__atomic_add_fetch(&r->refs, 1, __ATOMIC_ACQ_REL);
	return r;
}

/* ---- the session machine ---- */

static void enter_greeting(struct session *s);
static void enter_ehlo(struct session *s);
static void enter_starttls(struct session *s);
static void enter_tls(struct session *s);
static void enter_ehlo_tls(struct session *s);
static void enter_quit(struct session *s);
static void enter_done(struct session *s, enum mx_smtp_state st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void session_io(void *arg, int fd, unsigned events);
static void entry_finished(struct mx_smtp_table *t, struct entry *e);
static void session_reap(void *arg);
static void entry_free(void *v);

static enum mx_smtp_step
step_of(enum sstate st)
{
	switch (st) {
	case S_CONNECT:		return MX_SMTP_STEP_CONNECT;
	case S_GREETING:	return MX_SMTP_STEP_GREETING;
	case S_EHLO:		return MX_SMTP_STEP_EHLO;
	case S_STARTTLS:	return MX_SMTP_STEP_STARTTLS;
	case S_TLS:		return MX_SMTP_STEP_TLS;
	case S_EHLO_TLS:	return MX_SMTP_STEP_EHLO_TLS;
	case S_QUIT:		return MX_SMTP_STEP_QUIT;
	case S_DONE:		break;
	}
	return MX_SMTP_STEP_DONE;
}

/* Watches the descriptor for events (0: not at all). */
static void
session_watch(struct session *s, unsigned events)
{
	if (s->events == events)
		return;
	if (mx_loop_watch(s->t->loop, s->fd, events, session_io, s) ==
	    MX_OK)
		s->events = events;
}

static void
on_timeout(void *arg)
{
	struct session	*s = arg;
	unsigned	 secs = s->t->opt->smtp_timeout_ms / 1000;

	s->timer = NULL;
	switch (s->state) {
	case S_CONNECT:
		enter_done(s, MX_SMTP_TIMEOUT, "no TCP connection within "
		    "%u s", secs);
		break;
	case S_GREETING:
		enter_done(s, MX_SMTP_TIMEOUT, "no greeting within %u s",
		    secs);
		break;
	case S_TLS:
		s->e->res->tls = MX_TLS_FAILED;
		s->e->res->tls_error = mx_asprintf("the handshake did not "
		    "complete within %u s", secs);
		enter_done(s, MX_SMTP_ANSWERED, "TLS handshake timed out");
		break;
	case S_QUIT:
		/* the reply to QUIT is a courtesy */
		enter_done(s, MX_SMTP_ANSWERED, NULL);
		break;
	default:
		enter_done(s, MX_SMTP_ANSWERED, "no reply to %s within %u s",
		    s->state == S_STARTTLS ? "STARTTLS" : "EHLO", secs);
		break;
	}
}

/* Starts state st: its timer and its clock. */
static int
state_begin(struct session *s, enum sstate st)
{
	double now = now_ms();

	if (s->state != S_DONE && s->state != st)
		s->e->res->ms[step_of(s->state)] = now - s->step0;
	s->state = st;
	s->step0 = now;
	mx_loop_cancel(s->t->loop, s->timer);
	s->timer = NULL;
	if (mx_loop_timer(s->t->loop, s->t->opt->smtp_timeout_ms, on_timeout,
	    s, &s->timer) != MX_OK) {
		enter_done(s, MX_SMTP_NOT_PROBED, "out of memory");
		return -1;
	}
	return 0;
}

/* Resets the reply reader for the next reply. */
static void
reply_reset(struct session *s)
{
	s->nline = 0;
	s->code = 0;
	s->nlines = 0;
	s->reply_done = 0;
}

/* Queues a command line and starts writing it. */
static void
send_line(struct session *s, const char *cmd)
{
	int n = snprintf(s->out, sizeof(s->out), "%s\r\n", cmd);

	s->nout = n > 0 && (size_t)n < sizeof(s->out) ? (size_t)n : 0;
	s->outpos = 0;
	reply_reset(s);
	session_watch(s, MX_EV_READ | MX_EV_WRITE);
}

/* Appends an escaped line to the greeting text, within GREETING_MAX. */
static void
greeting_add(struct session *s, const char *line, size_t n)
{
	struct mx_smtp	*r = s->e->res;
	char		 buf[LINE_MAX_OCTETS * 4 + 8];
	size_t		 len, need;
	char		*g;

	mx_escape_buf(line, n, buf, sizeof(buf));
	len = strlen(buf);
	need = s->ngreeting + (s->ngreeting ? 1 : 0) + len + 1;
	if (need > GREETING_MAX)
		return;
	if ((g = realloc(r->greeting, need)) == NULL)
		return;
	if (s->ngreeting)
		g[s->ngreeting++] = '\n';
	memcpy(g + s->ngreeting, buf, len + 1);
	s->ngreeting += len;
	r->greeting = g;
}

/* EHLO's keywords (RFC 5321 §4.1.1.1): the first line names the
 * server, each later one an extension, wherever it stands. */
static void
ehlo_line(struct session *s, const char *text, size_t n)
{
	struct mx_smtp	*r = s->e->res;
	char		 kw[32], arg[32];
	size_t		 i = 0, j = 0;

	while (i < n && text[i] != ' ' && j < sizeof(kw) - 1)
		kw[j++] = text[i++];
	kw[j] = '\0';
	if (s->nlines == 1) {
		if (s->state == S_EHLO && r->ehlo_name == NULL) {
			char buf[sizeof(kw) * 4];

			r->ehlo_name = mx_strdup(mx_escape_buf(kw, j, buf,
			    sizeof(buf)));
		}
		return;
	}
	if (strcasecmp(kw, "STARTTLS") == 0)
		*s->ext |= MX_EHLO_STARTTLS;
	else if (strcasecmp(kw, "SIZE") == 0) {
		*s->ext |= MX_EHLO_SIZE;
		while (i < n && text[i] == ' ')
			i++;
		for (j = 0; i < n && j < sizeof(arg) - 1 && text[i] >= '0' &&
		    text[i] <= '9'; i++)
			arg[j++] = text[i];
		arg[j] = '\0';
		if (s->state == S_EHLO && j > 0 && j < 20)
			r->size = strtoull(arg, NULL, 10);
	} else if (strcasecmp(kw, "8BITMIME") == 0)
		*s->ext |= MX_EHLO_8BITMIME;
	else if (strcasecmp(kw, "SMTPUTF8") == 0)
		*s->ext |= MX_EHLO_SMTPUTF8;
	else if (strcasecmp(kw, "PIPELINING") == 0)
		*s->ext |= MX_EHLO_PIPELINING;
	else if (strcasecmp(kw, "CHUNKING") == 0)
		*s->ext |= MX_EHLO_CHUNKING;
	else if (strcasecmp(kw, "REQUIRETLS") == 0)
		*s->ext |= MX_EHLO_REQUIRETLS;
}

/*
 * One line of a reply (without its CRLF): "DDD-text" continues, "DDD
 * text" or "DDD" ends it (RFC 5321 §4.2.1); every line carries the
 * first one's code.  Returns -1 after ending the session.
 */
static int
reply_line(struct session *s)
{
	const char	*l = s->line;
	size_t		 n = s->nline;
	int		 code;
	char		 shown[64];

	if (n < 3 || l[0] < '2' || l[0] > '5' || l[1] < '0' || l[1] > '9' ||
	    l[2] < '0' || l[2] > '9' || (n > 3 && l[3] != ' ' && l[3] != '-')) {
		enter_done(s, s->state == S_GREETING ? MX_SMTP_PROTOCOL :
		    MX_SMTP_ANSWERED, "not an SMTP reply: \"%s\"",
		    mx_escape_buf(l, n, shown, sizeof(shown)));
		return -1;
	}
	code = (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
	if (s->nlines > 0 && code != s->code) {
		enter_done(s, s->state == S_GREETING ? MX_SMTP_PROTOCOL :
		    MX_SMTP_ANSWERED, "a reply's lines carry different codes "
		    "(%d, then %d)", s->code, code);
		return -1;
	}
	s->code = code;
	if (++s->nlines > REPLY_MAX_LINES) {
		enter_done(s, s->state == S_GREETING ? MX_SMTP_PROTOCOL :
		    MX_SMTP_ANSWERED, "a reply of more than %d lines",
		    REPLY_MAX_LINES);
		return -1;
	}
	if (s->state == S_GREETING)
		greeting_add(s, l, n);
	else if ((s->state == S_EHLO || s->state == S_EHLO_TLS) &&
	    code == 250)
		ehlo_line(s, n > 4 ? l + 4 : "", n > 4 ? n - 4 : 0);
	if (n == 3 || l[3] == ' ')
		s->reply_done = 1;
	return 0;
}

/* Feeds len octets to the reply reader; stops after a whole reply,
 * returning how many it took.  -1: the session ended. */
static ssize_t
reply_feed(struct session *s, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && !s->reply_done; i++) {
		if (p[i] == '\n') {
			if (s->nline > 0 && s->line[s->nline - 1] == '\r')
				s->nline--;
			s->line[s->nline] = '\0';
			if (reply_line(s) != 0)
				return -1;
			s->nline = 0;
			continue;
		}
		if (s->nline >= LINE_MAX_OCTETS - 1) {
			enter_done(s, s->state == S_GREETING ?
			    MX_SMTP_PROTOCOL : MX_SMTP_ANSWERED, "a reply line "
			    "over %d octets", LINE_MAX_OCTETS);
			return -1;
		}
		s->line[s->nline++] = p[i];
	}
	return (ssize_t)i;
}

/* What the state does with a whole reply. */
static void
reply_complete(struct session *s)
{
	struct mx_smtp *r = s->e->res;

	switch (s->state) {
	case S_GREETING:
		r->greeting_code = s->code;
		if (s->code == 220) {
			r->state = MX_SMTP_ANSWERED;
			enter_ehlo(s);
		} else if (s->code == 554 || s->code / 100 == 5) {
			r->state = MX_SMTP_REJECTS;
			enter_quit(s);
		} else if (s->code / 100 == 4)
			enter_done(s, MX_SMTP_BUSY, "greeted with %d",
			    s->code);
		else
			enter_done(s, MX_SMTP_PROTOCOL, "greeted with %d",
			    s->code);
		break;
	case S_EHLO:
		if (s->code != 250) {
			free(r->error);
			r->error = mx_asprintf("EHLO answered with %d",
			    s->code);
			enter_quit(s);
		} else if (r->extensions & MX_EHLO_STARTTLS)
			enter_starttls(s);
		else
			enter_quit(s);
		break;
	case S_STARTTLS:
		r->starttls_code = s->code;
		if (s->code == 220)
			enter_tls(s);
		else {
			r->tls = MX_TLS_REFUSED;
			enter_quit(s);
		}
		break;
	case S_EHLO_TLS:
		if (s->code != 250) {
			free(r->error);
			r->error = mx_asprintf("EHLO after STARTTLS answered "
			    "with %d", s->code);
		}
		enter_quit(s);
		break;
	case S_QUIT:
		enter_done(s, r->state, NULL);
		break;
	default:
		break;
	}
}

/* Reads what the descriptor has and runs whole replies through the
 * machine. */
static void
session_read(struct session *s)
{
	for (;;) {
		ssize_t		 n, used;
		size_t		 got = 0;
		enum sstate	 before;

		if (s->inpos < s->nin) {
			before = s->state;
			if ((used = reply_feed(s, s->in + s->inpos, s->nin -
			    s->inpos)) < 0)
				return;
			s->inpos += (size_t)used;
			if (s->reply_done) {
				reply_complete(s);
				if (s->state == S_DONE || s->state == before)
					return;
				/* after STARTTLS's 220 nothing sent in the
				 * clear is read (RFC 3207 §5: injection) */
				if (s->state == S_TLS)
					s->inpos = s->nin = 0;
				continue;
			}
		}
		if (s->state == S_TLS)
			return;
		s->inpos = s->nin = 0;
		if (s->tls != NULL) {
			unsigned	want = MX_EV_READ;
			enum mx_tls_io	io = mx_tls_read(s->tls, s->in,
					    sizeof(s->in), &got, &want);

			if (io == MX_TLS_IO_WANT) {
				session_watch(s, want | (s->outpos < s->nout ?
				    MX_EV_WRITE : 0));
				return;
			}
			n = io == MX_TLS_IO_DONE ? (ssize_t)got :
			    io == MX_TLS_IO_CLOSED ? 0 : -1;
		} else {
			n = recv(s->fd, s->in, sizeof(s->in), 0);
			if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR))
				return;
		}
		if (n <= 0) {
			if (s->state == S_GREETING)
				enter_done(s, MX_SMTP_BUSY, "closed before "
				    "the greeting");
			else if (s->state == S_QUIT)
				enter_done(s, s->e->res->state, NULL);
			else
				enter_done(s, s->e->res->state, "the server "
				    "closed the connection in %s",
				    mx_smtp_step_name(step_of(s->state)));
			return;
		}
		s->nin = (size_t)n;
	}
}

/* Writes what is left of the command. */
static void
session_write(struct session *s)
{
	while (s->outpos < s->nout) {
		size_t	done = 0;

		if (s->tls != NULL) {
			unsigned	want = MX_EV_WRITE;
			enum mx_tls_io	io = mx_tls_write(s->tls, s->out +
					    s->outpos, s->nout - s->outpos,
					    &done, &want);

			if (io == MX_TLS_IO_WANT) {
				session_watch(s, want);
				return;
			}
			if (io != MX_TLS_IO_DONE) {
				enter_done(s, s->e->res->state, "the server "
				    "closed the connection in %s",
				    mx_smtp_step_name(step_of(s->state)));
				return;
			}
		} else {
			ssize_t n = send(s->fd, s->out + s->outpos, s->nout -
			    s->outpos, MSG_NOSIGNAL);

			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return;
			if (n < 0) {
				enter_done(s, s->e->res->state, "sending in "
				    "%s: %s", mx_smtp_step_name(step_of(
				    s->state)), strerror(errno));
				return;
			}
			done = (size_t)n;
		}
		s->outpos += done;
	}
	session_watch(s, MX_EV_READ);
}

/* Goes on with the handshake. */
static void
tls_step(struct session *s)
{
	struct mx_smtp	*r = s->e->res;
	unsigned	 want = MX_EV_READ;
	char		 err[160];

	switch (mx_tls_handshake(s->tls, &want, err, sizeof(err))) {
	case MX_TLS_IO_WANT:
		session_watch(s, want);
		return;
	case MX_TLS_IO_DONE:
		r->tls = MX_TLS_OK;
		if (mx_tls_record(s->tls, r) != MX_OK) {
			enter_done(s, r->state, "out of memory");
			return;
		}
		enter_ehlo_tls(s);
		return;
	default:
		r->tls = MX_TLS_FAILED;
		r->tls_error = mx_strdup(err);
		/* what was presented before the failure is not kept: the
		 * connection is gone */
		enter_done(s, r->state, "TLS handshake failed");
		return;
	}
}

/* The connection's outcome: a connect error says why it failed. */
static void
connect_done(struct session *s)
{
	int		err = 0;
	socklen_t	len = sizeof(err);

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
		err = errno;
	if (err == EINPROGRESS)
		return;
	if (err == ECONNREFUSED)
		enter_done(s, MX_SMTP_REFUSED, "connection refused");
	else if (err != 0)
		enter_done(s, MX_SMTP_UNREACHABLE, "%s", strerror(err));
	else
		enter_greeting(s);
}

static void
session_io(void *arg, int fd, unsigned events)
{
	struct session *s = arg;

	(void)fd;
	switch (s->state) {
	case S_CONNECT:
		connect_done(s);
		return;
	case S_TLS:
		tls_step(s);
		return;
	case S_DONE:
		return;
	default:
		break;
	}
	if (events & MX_EV_WRITE) {
		session_write(s);
		if (s->state == S_DONE)
			return;
	}
	/* over TLS a read may be what a write waits for, and the reverse */
	if ((events & MX_EV_READ) || s->tls != NULL)
		session_read(s);
}

static void
enter_connect(struct session *s)
{
	struct sockaddr_storage	 ss;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t		 slen;
	const char		*a = s->e->res->address;
	unsigned		 port = s->t->opt->smtp_port;

	memset(&ss, 0, sizeof(ss));
	s->t0 = s->step0 = now_ms();
	s->state = S_DONE;
	if (inet_pton(AF_INET, a, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		slen = sizeof(*sin);
	} else if (inet_pton(AF_INET6, a, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		slen = sizeof(*sin6);
	} else {
		enter_done(s, MX_SMTP_UNREACHABLE, "not an address");
		return;
	}
	if ((s->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) < 0) {
		enter_done(s, MX_SMTP_UNREACHABLE, "socket: %s",
		    strerror(errno));
		return;
	}
	s->t->stats.sessions++;
	if (state_begin(s, S_CONNECT) != 0)
		return;
	if (connect(s->fd, (struct sockaddr *)&ss, slen) != 0 &&
	    errno != EINPROGRESS) {
		if (errno == ECONNREFUSED)
			enter_done(s, MX_SMTP_REFUSED, "connection refused");
		else
			enter_done(s, MX_SMTP_UNREACHABLE, "%s",
			    strerror(errno));
		return;
	}
	session_watch(s, MX_EV_WRITE);
}

static void
enter_greeting(struct session *s)
{
	if (state_begin(s, S_GREETING) != 0)
		return;
	reply_reset(s);
	session_watch(s, MX_EV_READ);
}

static void
enter_ehlo(struct session *s)
{
	char cmd[300];

	if (state_begin(s, S_EHLO) != 0)
		return;
	s->ext = &s->e->res->extensions;
	snprintf(cmd, sizeof(cmd), "EHLO %s", s->t->helo);
	send_line(s, cmd);
}

static void
enter_starttls(struct session *s)
{
	if (state_begin(s, S_STARTTLS) != 0)
		return;
	send_line(s, "STARTTLS");
}

static void
enter_tls(struct session *s)
{
	struct mx_smtp_table	*t = s->t;
	struct mx_smtp		*r = s->e->res;
	char			*err = NULL;

	if (state_begin(s, S_TLS) != 0)
		return;
	if (!t->tls_tried) {
		t->tls_tried = 1;
		if (mx_tls_ctx_new(t->opt->ca_file, &t->tls, &err) != MX_OK)
			t->tls_error = err ? err : mx_strdup("TLS could not "
			    "be set up");
	}
	if (t->tls == NULL || mx_tls_new(t->tls, s->fd, r->sni, &s->tls) !=
	    MX_OK) {
		r->tls = MX_TLS_FAILED;
		r->tls_error = mx_strdup(t->tls_error ? t->tls_error :
		    "TLS could not be set up");
		enter_done(s, r->state, "TLS could not be set up here");
		return;
	}
	tls_step(s);
}

static void
enter_ehlo_tls(struct session *s)
{
	char cmd[300];

	if (state_begin(s, S_EHLO_TLS) != 0)
		return;
	s->ext = &s->e->res->extensions_tls;
	snprintf(cmd, sizeof(cmd), "EHLO %s", s->t->helo);
	send_line(s, cmd);
}

static void
enter_quit(struct session *s)
{
	if (state_begin(s, S_QUIT) != 0)
		return;
	send_line(s, "QUIT");
}

/*
 * The end of every session: the state of the address (st), and, unless
 * fmt is NULL, why it ended where it did.  The connection is closed and
 * the result handed to the waits.
 */
static void
enter_done(struct session *s, enum mx_smtp_state st, const char *fmt, ...)
{
	struct mx_smtp		*r = s->e->res;
	struct mx_smtp_table	*t = s->t;
	double			 now = now_ms();
	va_list			 ap;

	if (s->e->done)
		return;
	if (s->state != S_DONE)
		r->ms[step_of(s->state)] = now - s->step0;
	r->ended = fmt == NULL ? MX_SMTP_STEP_DONE : step_of(s->state);
	if (s->state == S_DONE && fmt != NULL)
		r->ended = MX_SMTP_STEP_CONNECT;
	r->state = st;
	r->total_ms = now - s->t0;
	if (fmt != NULL && r->error == NULL) {
		va_start(ap, fmt);
		r->error = mx_vasprintf(fmt, ap);
		va_end(ap);
	}
	s->state = S_DONE;
	mx_loop_cancel(t->loop, s->timer);
	s->timer = NULL;
	if (s->fd >= 0) {
		mx_loop_watch(t->loop, s->fd, 0, NULL, NULL);
		mx_tls_free(s->tls);
		s->tls = NULL;
		close(s->fd);
		s->fd = -1;
	}
	/* the session is freed from the loop: it may be deep in a call */
	entry_finished(t, s->e);
}

/* ---- the table ---- */

/* The EHLO name: --helo, else the machine's name, fully qualified from
 * /etc/mailname when gethostname's has no dot (Debian's convention for
 * the mail name, which Postfix uses too).  No DNS is asked. */
static void
helo_name(struct mx_smtp_table *t)
{
	FILE	*fp;
	size_t	 n;

	if (t->opt->helo != NULL) {
		snprintf(t->helo, sizeof(t->helo), "%s", t->opt->helo);
		return;
	}
	if (gethostname(t->helo, sizeof(t->helo) - 1) != 0 ||
	    t->helo[0] == '\0')
		snprintf(t->helo, sizeof(t->helo), "localhost");
	t->helo[sizeof(t->helo) - 1] = '\0';
	if (strchr(t->helo, '.') != NULL)
		return;
	if ((fp = fopen("/etc/mailname", "r")) != NULL) {
		char buf[256];

		if (fgets(buf, sizeof(buf), fp) != NULL) {
			n = strcspn(buf, " \t\r\n");
			buf[n] = '\0';
			if (n > 0 && strchr(buf, '.') != NULL)
				snprintf(t->helo, sizeof(t->helo), "%s", buf);
		}
		fclose(fp);
	}
}

struct mx_smtp_table *
mx_smtp_table_new(mx_loop *loop, const struct mx_options *opt)
{
	struct mx_smtp_table *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->entries = mx_map_new()) == NULL) {
		free(t);
		return NULL;
	}
	t->loop = loop;
	t->opt = opt;
	helo_name(t);
	return t;
}

static void
entry_free(void *v)
{
	struct entry	*e = v;
	struct session	*s = e->sess;

	if (s != NULL) {
		mx_loop_cancel(s->t->loop, s->timer);
		if (s->fd >= 0) {
			mx_loop_watch(s->t->loop, s->fd, 0, NULL, NULL);
			mx_tls_free(s->tls);
			close(s->fd);
		}
		free(s);
	}
	free(e->waits);
	mx_smtp_release(e->res);
	free(e);
}

void
mx_smtp_table_free(struct mx_smtp_table *t)
{
	if (t == NULL)
		return;
	mx_loop_cancel(t->loop, t->reaper);
	t->reaper = NULL;
	session_reap(t);
	mx_map_free(t->entries, entry_free);
	mx_tls_ctx_free(t->tls);
	free(t->tls_error);
	free(t);
}

const struct mx_smtp_stats *
mx_smtp_table_stats(const struct mx_smtp_table *t)
{
	return &t->stats;
}

/* Starts queued sessions while there is room. */
static void
table_pump(struct mx_smtp_table *t)
{
	struct entry *e;

	while (t->qhead != NULL && t->running < (t->opt->smtp_concurrency ?
	    t->opt->smtp_concurrency : 1)) {
		struct session *s;

		e = t->qhead;
		if ((t->qhead = e->qnext) == NULL)
			t->qtail = NULL;
		e->qnext = NULL;
		if ((s = calloc(1, sizeof(*s))) == NULL) {
			e->res->state = MX_SMTP_NOT_PROBED;
			e->res->error = mx_strdup("out of memory");
			entry_finished(t, e);
			continue;
		}
		s->t = t;
		s->e = e;
		s->fd = -1;
		e->sess = s;
		t->running++;
		t->stats.running = t->running;
		enter_connect(s);
	}
}

/* Frees the sessions that ended: not inside the calls that ended them,
 * which may still read them on their way out. */
static void
session_reap(void *arg)
{
	struct mx_smtp_table	*t = arg;
	struct session		*s;
	struct entry		*e;

	t->reaper = NULL;
	while ((s = t->dead) != NULL) {
		t->dead = s->dead;
		free(s);
	}
	/* --no-cache: a result is for the domains that asked while its
	 * session ran (and in the round it ended), not for later ones */
	while ((e = t->forget) != NULL) {
		t->forget = e->fnext;
		mx_map_del(t->entries, e->res->address);
		e->forgotten = 1;
		if (e->holders == 0)
			entry_free(e);
	}
}

/* A session ended (or never started): the entry is done, its waits are
 * told, the next session starts. */
static void
entry_finished(struct mx_smtp_table *t, struct entry *e)
{
	e->done = 1;
	if (e->sess != NULL) {
		/* freed at the next round (or with the table) */
		e->sess->dead = t->dead;
		t->dead = e->sess;
		e->sess = NULL;
		if (t->reaper == NULL)
			(void)mx_loop_timer(t->loop, 0, session_reap, t,
			    &t->reaper);
		t->running--;
	}
	t->stats.running = t->running;
	if (!t->opt->smtp_keep) {
		e->fnext = t->forget;
		t->forget = e;
		if (t->reaper == NULL)
			(void)mx_loop_timer(t->loop, 0, session_reap, t,
			    &t->reaper);
	}
	/* the waits hear of it; a wait's fn may cancel others, so each is
	 * taken off the list first */
	while (e->nwaits > 0) {
		struct mx_smtp_wait *w = e->waits[--e->nwaits];

		if (--w->pending == 0)
			w->fn(w->arg);
	}
	table_pump(t);
}

static void
wait_now(void *arg)
{
	struct mx_smtp_wait *w = arg;

	w->timer = NULL;
	w->fn(w->arg);
}

/* Adds the entry of address to w (once), queuing its session when it is
 * new. */
static mx_status
wait_add(struct mx_smtp_table *t, struct mx_smtp_wait *w, const char *addr,
    const char *exchange, size_t *cap)
{
	struct entry	*e, **slot;
	size_t		 i;

	if ((e = mx_map_get(t->entries, addr)) == NULL) {
		if ((e = calloc(1, sizeof(*e))) == NULL ||
		    (e->res = calloc(1, sizeof(*e->res))) == NULL) {
			free(e);
			return MX_ERR_NOMEM;
		}
		e->res->refs = 1;
		e->res->port = t->opt->smtp_port;
		e->res->state = MX_SMTP_NOT_PROBED;
		for (i = 0; i < MX_SMTP_NSTEPS; i++)
			e->res->ms[i] = -1;
		if ((e->res->address = mx_strdup(addr)) == NULL ||
		    (e->res->sni = mx_strdup(exchange)) == NULL ||
		    mx_map_put(t->entries, addr, e) != MX_OK) {
			entry_free(e);
			return MX_ERR_NOMEM;
		}
		if (t->qtail)
			t->qtail->qnext = e;
		else
			t->qhead = e;
		t->qtail = e;
	} else
		t->stats.reused++;
	if (e->mark == w->id)
		return MX_OK;
	if ((slot = mx_vec_push(&w->entries, &w->nentries, cap,
	    sizeof(*slot))) == NULL)
		return MX_ERR_NOMEM;
	*slot = e;
	e->holders++;
	e->mark = w->id;
	if (!e->done) {
		struct mx_smtp_wait **ws;

		if ((ws = mx_vec_push(&e->waits, &e->nwaits, &e->capwaits,
		    sizeof(*ws))) == NULL) {
			w->nentries--;
			e->holders--;
			return MX_ERR_NOMEM;
		}
		*ws = w;
		w->pending++;
	}
	return MX_OK;
}

mx_status
mx_smtp_wait_start(struct mx_smtp_table *t, const struct mx_result *res,
    mx_smtp_done_fn fn, void *arg, struct mx_smtp_wait **out)
{
	struct mx_smtp_wait	*w;
	size_t			 i, j, cap = 0;
	mx_status		 st = MX_OK;

	*out = NULL;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return MX_ERR_NOMEM;
	w->t = t;
	w->id = ++t->nwaits;
	w->fn = fn;
	w->arg = arg;
	for (i = 0; st == MX_OK && i < res->nhosts; i++) {
		const struct mx_host *h = &res->hosts[i];

		for (j = 0; st == MX_OK && j < h->naddrs; j++)
			st = wait_add(t, w, h->addrs[j].text, h->exchange,
			    &cap);
	}
	if (st == MX_OK && w->pending == 0)
		st = mx_loop_timer(t->loop, 0, wait_now, w, &w->timer);
	if (st != MX_OK) {
		mx_smtp_wait_cancel(t, w);
		return st;
	}
	*out = w;
	table_pump(t);
	return MX_OK;
}

void
mx_smtp_wait_cancel(struct mx_smtp_table *t, struct mx_smtp_wait *w)
{
	size_t i, k;

	if (w == NULL)
		return;
	mx_loop_cancel(t->loop, w->timer);
	for (i = 0; i < w->nentries; i++) {
		struct entry *e = w->entries[i];

		for (k = 0; k < e->nwaits; k++)
			if (e->waits[k] == w) {
				e->waits[k] = e->waits[--e->nwaits];
				break;
			}
		if (--e->holders == 0 && e->forgotten)
			entry_free(e);
	}
	free(w->entries);
	free(w);
}

/*
 * The results on the addresses, and each host's usability with them
 * (SPEC "The delivery path" 6): a host stays usable when one of its
 * globally routable addresses accepted a session (greeted with 220).
 * None did: busy when one of them was busy (421, closed before the
 * greeting: inconclusive, not broken), unusable otherwise; an address
 * the deadline left unprobed leaves the host as DNS made it.
 */
void
mx_smtp_apply(struct mx_smtp_table *t, const struct mx_smtp_wait *w,
    struct mx_result *res)
{
	struct mx_map	*mine = mx_map_new_borrowing();
	size_t		 i, j;

	/* the wait's own entries (also those --no-cache took out of the
	 * table), by address; without memory for the index, the table */
	for (i = 0; mine != NULL && i < w->nentries; i++)
		if (mx_map_put(mine, w->entries[i]->res->address,
		    w->entries[i]) != MX_OK) {
			mx_map_free(mine, NULL);
			mine = NULL;
		}

	for (i = 0; i < res->nhosts; i++) {
		struct mx_host	*h = &res->hosts[i];
		int		 accepted = 0, busy = 0, unprobed = 0;

		for (j = 0; j < h->naddrs; j++) {
			struct mx_address	*a = &h->addrs[j];
			struct entry		*e = mx_map_get(mine ? mine :
						    t->entries, a->text);

			if (e == NULL || !e->done ||
			    e->res->state == MX_SMTP_NOT_PROBED) {
				unprobed += a->routable;
				continue;
			}
			if (a->smtp == NULL)
				a->smtp = result_ref(e->res);
			if (!a->routable)
				continue;
			accepted |= e->res->state == MX_SMTP_ANSWERED;
			busy |= e->res->state == MX_SMTP_BUSY;
		}
		if (!h->usable || accepted || unprobed)
			continue;
		h->usable = 0;
		h->state = busy ? MX_HOST_SMTP_BUSY : MX_HOST_SMTP_UNUSABLE;
	}
	mx_map_free(mine, NULL);
}

int
mx_smtp_inconclusive(const struct mx_result *res)
{
	size_t	i;
	int	busy = 0;

	for (i = 0; i < res->nhosts; i++) {
		if (res->hosts[i].usable)
			return 0;
		busy |= res->hosts[i].state == MX_HOST_SMTP_BUSY;
	}
	return busy;
}
