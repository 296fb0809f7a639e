/*
 * loop.c -- descriptor watches and timers, the one loop of a context.
 *
 * Watches are kept in an array indexed by descriptor (descriptors are
 * small dense integers) plus a dense list of the watched ones for poll();
 * timers in a binary heap ordered by due time, then by the order they were
 * armed, so that timers due together run first come, first served.  Time
 * is CLOCK_MONOTONIC in milliseconds.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "loop.h"

struct watch {
	mx_io_fn	 fn;
	void		*arg;
	unsigned	 events;	/* 0: not watched */
	size_t		 pos;		/* in loop->fds */
};

struct mx_timer {
	uint64_t	 due;		/* mx_now_ms() */
	uint64_t	 seq;		/* arming order */
	size_t		 slot;		/* in loop->heap */
	mx_timer_fn	 fn;
	void		*arg;
};

struct mx_loop {
	struct watch	 *watch;	/* by descriptor */
	size_t		  nwatch;
	int		 *fds;		/* the watched descriptors */
	size_t		  nfds, capfds;
	mx_timer	**heap;
	size_t		  nheap, capheap;
	uint64_t	  seq;
	mx_watch_fn	  notify;
	void		 *notify_arg;
	struct pollfd	 *pfd;		/* the driver's, reused */
	size_t		  cappfd;
};

uint64_t
mx_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

mx_loop *
mx_loop_new(void)
{
	return calloc(1, sizeof(struct mx_loop));
}

void
mx_loop_free(mx_loop *loop)
{
	size_t i;

	if (loop == NULL)
		return;
	for (i = 0; i < loop->nheap; i++)
		free(loop->heap[i]);
	free(loop->heap);
	free(loop->watch);
	free(loop->fds);
	free(loop->pfd);
	free(loop);
}

void
mx_loop_set_notify(mx_loop *loop, mx_watch_fn fn, void *arg)
{
	size_t i;

	loop->notify = fn;
	loop->notify_arg = arg;
	for (i = 0; fn != NULL && i < loop->nfds; i++)
		fn(arg, loop->fds[i], loop->watch[loop->fds[i]].events);
}

/*
 * Sets what fd is watched for (MX_EV_READ, MX_EV_WRITE), and who is told;
 * events 0 forgets fd.  The owner of the loop hears of every change.
 */
mx_status
mx_loop_watch(mx_loop *loop, int fd, unsigned events, mx_io_fn fn,
    void *arg)
{
	struct watch	*w;
	size_t		 i;

	if (loop == NULL || fd < 0 || (events != 0 && fn == NULL))
		return MX_ERR_ARG;
	events &= MX_EV_READ | MX_EV_WRITE;
	if ((size_t)fd >= loop->nwatch) {
		size_t	 n = loop->nwatch ? loop->nwatch : 16;

		if (events == 0)
			return MX_OK;
		while (n <= (size_t)fd)
			n *= 2;
		if ((w = realloc(loop->watch, n * sizeof(*w))) == NULL)
			return MX_ERR_NOMEM;
		memset(w + loop->nwatch, 0, (n - loop->nwatch) * sizeof(*w));
		loop->watch = w;
		loop->nwatch = n;
	}
	w = &loop->watch[fd];
	if (events != 0 && w->events == 0) {
		int *slot;

		if ((slot = mx_vec_push(&loop->fds, &loop->nfds,
		    &loop->capfds, sizeof(*slot))) == NULL)
			return MX_ERR_NOMEM;
		*slot = fd;
		w->pos = loop->nfds - 1;
	} else if (events == 0 && w->events != 0) {
		/* the last watched descriptor takes fd's place */
		i = w->pos;
		loop->fds[i] = loop->fds[--loop->nfds];
		loop->watch[loop->fds[i]].pos = i;
	} else if (events == 0)
		return MX_OK;
	if (w->events == events && w->fn == fn && w->arg == arg)
		return MX_OK;
	w->events = events;
	w->fn = events ? fn : NULL;
	w->arg = events ? arg : NULL;
	if (loop->notify != NULL)
		loop->notify(loop->notify_arg, fd, events);
	return MX_OK;
}

/* 1 when timer a is due before timer b. */
static int
earlier(const mx_timer *a, const mx_timer *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static void
heap_set(mx_loop *loop, size_t i, mx_timer *t)
{
	loop->heap[i] = t;
	t->slot = i;
}

static void
heap_up(mx_loop *loop, size_t i)
{
	mx_timer *t = loop->heap[i];

	while (i > 0 && earlier(t, loop->heap[(i - 1) / 2])) {
		heap_set(loop, i, loop->heap[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
	heap_set(loop, i, t);
}

static void
heap_down(mx_loop *loop, size_t i)
{
	mx_timer	*t = loop->heap[i];
	size_t		 c;

	while ((c = 2 * i + 1) < loop->nheap) {
		if (c + 1 < loop->nheap && earlier(loop->heap[c + 1],
		    loop->heap[c]))
			c++;
		if (!earlier(loop->heap[c], t))
			break;
		heap_set(loop, i, loop->heap[c]);
		i = c;
	}
	heap_set(loop, i, t);
}

/* Takes t out of the heap (it stays allocated). */
static void
heap_remove(mx_loop *loop, mx_timer *t)
{
	size_t		 i = t->slot;
	mx_timer	*last = loop->heap[--loop->nheap];

	if (i == loop->nheap)
		return;
	heap_set(loop, i, last);
	heap_down(loop, i);
	heap_up(loop, last->slot);
}

/*
 * Arms a timer that calls fn(arg) once, ms milliseconds from now (0: at
 * the next round).  *out, when not NULL, is a handle for mx_loop_cancel,
 * valid until fn is called.
 */
mx_status
mx_loop_timer(mx_loop *loop, unsigned ms, mx_timer_fn fn, void *arg,
    mx_timer **out)
{
	mx_timer *t;

	if (out != NULL)
		*out = NULL;
	if (loop == NULL || fn == NULL)
		return MX_ERR_ARG;
	if (loop->nheap == loop->capheap) {
		size_t		  n = loop->capheap ? 2 * loop->capheap : 16;
		mx_timer	**h;

		if ((h = realloc(loop->heap, n * sizeof(*h))) == NULL)
			return MX_ERR_NOMEM;
		loop->heap = h;
		loop->capheap = n;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return MX_ERR_NOMEM;
	t->due = mx_now_ms() + ms;
	t->seq = loop->seq++;
	t->fn = fn;
	t->arg = arg;
	loop->heap[loop->nheap++] = t;
	heap_up(loop, loop->nheap - 1);
	if (out != NULL)
		*out = t;
	return MX_OK;
}

/* Disarms and frees t; NULL is fine.  t must not have fired yet. */
void
mx_loop_cancel(mx_loop *loop, mx_timer *t)
{
	if (loop == NULL || t == NULL)
		return;
	heap_remove(loop, t);
	free(t);
}

int
mx_loop_idle(const mx_loop *loop)
{
	return loop->nfds == 0 && loop->nheap == 0;
}

int
mx_loop_timeout(const mx_loop *loop)
{
	uint64_t now, due;

	if (loop->nheap == 0)
		return -1;
	now = mx_now_ms();
	due = loop->heap[0]->due;
	if (due <= now)
		return 0;
	return due - now > 86400000 ? 86400000 : (int)(due - now);
}

void
mx_loop_process(mx_loop *loop, int fd, unsigned events)
{
	uint64_t	now, seq;

	if (fd >= 0 && (size_t)fd < loop->nwatch && events != 0 &&
	    loop->watch[fd].events != 0) {
		struct watch *w = &loop->watch[fd];

		w->fn(w->arg, fd, events);
	}
	/* only the timers armed before this round: a component that defers
	 * again waits for the next one */
	now = mx_now_ms();
	seq = loop->seq;
	while (loop->nheap > 0 && loop->heap[0]->due <= now &&
	    loop->heap[0]->seq < seq) {
		mx_timer	*t = loop->heap[0];
		mx_timer_fn	 fn = t->fn;
		void		*arg = t->arg;

		heap_remove(loop, t);
		free(t);
		fn(arg);
	}
}

mx_status
mx_loop_run_once(mx_loop *loop, int timeout_ms)
{
	size_t	i, n = loop->nfds;
	int	t = mx_loop_timeout(loop), rc;

	if (t < 0 || (timeout_ms >= 0 && timeout_ms < t))
		t = timeout_ms;
	if (n > loop->cappfd) {
		struct pollfd *p = realloc(loop->pfd, n * sizeof(*p));

		if (p == NULL)
			return MX_ERR_NOMEM;
		loop->pfd = p;
		loop->cappfd = n;
	}
	for (i = 0; i < n; i++) {
		unsigned ev = loop->watch[loop->fds[i]].events;

		loop->pfd[i].fd = loop->fds[i];
		loop->pfd[i].events = (short)((ev & MX_EV_READ ? POLLIN : 0) |
		    (ev & MX_EV_WRITE ? POLLOUT : 0));
		loop->pfd[i].revents = 0;
	}
	if (n == 0 && t < 0)
		return MX_OK;	/* nothing will ever happen */
	rc = poll(loop->pfd, (nfds_t)n, t);
	if (rc < 0 && errno != EINTR)
		return MX_ERR_IO;
	for (i = 0; rc > 0 && i < n; i++) {
		short		re = loop->pfd[i].revents;
		unsigned	ev = 0;

		if (re == 0)
			continue;
		/* an error or hang-up is read to find out which */
		if (re & (POLLIN | POLLERR | POLLHUP | POLLNVAL))
			ev |= MX_EV_READ;
		if (re & POLLOUT)
			ev |= MX_EV_WRITE;
		mx_loop_process(loop, loop->pfd[i].fd, ev);
	}
	mx_loop_process(loop, -1, 0);
	return MX_OK;
}
