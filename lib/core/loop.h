/*
 * loop.h -- the event-loop seam every source and probe of a context runs
 * on; internal.
 *
 * A loop holds file-descriptor watches and timers, nothing else.  It has
 * no thread and no wait of its own: whoever owns it (the caller's event
 * loop through mx_ctx_process, or the built-in driver mx_loop_run_once)
 * tells it which descriptors became ready and lets it run the timers that
 * are due.  A timer of 0 ms is how a component defers work to the next
 * round, so that no callback runs inside the call that started the work.
 */
#ifndef MX_CORE_LOOP_H
#define MX_CORE_LOOP_H

#include "mxdig.h"

/* A new loop; NULL when out of memory. */
mx_loop *mx_loop_new(void);

/* Frees the loop and every timer still armed; NULL is fine.  Watches are
 * forgotten (their owners must have gone first). */
void mx_loop_free(mx_loop *loop);

/* Tells fn about every watch change (and, when set, every current watch
 * at once): the embedding caller's side of the seam.  fn NULL stops. */
void mx_loop_set_notify(mx_loop *loop, mx_watch_fn fn, void *arg);

/* Milliseconds until the next timer is due: 0 when one is due now, -1
 * when none is armed. */
int mx_loop_timeout(const mx_loop *loop);

/* Hands events on fd to its watcher (fd < 0: none), then runs the timers
 * that are due, each once; timers armed meanwhile wait for the next
 * call. */
void mx_loop_process(mx_loop *loop, int fd, unsigned events);

/* The built-in driver's round: waits with poll() for a watched
 * descriptor or the next timer, at most timeout_ms (-1: no limit, 0: do
 * not wait), and processes what is ready.  MX_ERR_IO when poll fails
 * for another reason than a signal. */
mx_status mx_loop_run_once(mx_loop *loop, int timeout_ms);

/* 1 when nothing is watched and no timer is armed: nothing can happen. */
int mx_loop_idle(const mx_loop *loop);

/* Monotonic time in milliseconds. */
uint64_t mx_now_ms(void);

#endif
