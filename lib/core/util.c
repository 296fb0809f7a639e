/*
 * util.c -- small containers and string helpers.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void *
mx_vec_push(void *arr_p, size_t *n, size_t *cap, size_t sz)
{
	char	**arr = arr_p;
	char	 *p;

	if (*n == *cap) {
		size_t	 ncap = *cap ? *cap * 2 : 4;
		char	*na;

		if (ncap > SIZE_MAX / sz)
			return NULL;
		na = realloc(*arr, ncap * sz);
		if (na == NULL)
			return NULL;
		*arr = na;
		*cap = ncap;
	}
	p = *arr + (*n)++ * sz;
	memset(p, 0, sz);
	return p;
}

char *
mx_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

mx_status
mx_str_replace(char **slot, const char *s)
{
	char *copy = NULL;

	if (s != NULL && (copy = strdup(s)) == NULL)
		return MX_ERR_NOMEM;
	free(*slot);
	*slot = copy;
	return MX_OK;
}

char *
mx_vasprintf(const char *fmt, va_list ap)
{
	va_list	 aq;
	char	*s;
	int	 len;

	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (len < 0)
		return NULL;
	s = malloc((size_t)len + 1);
	if (s != NULL)
		vsnprintf(s, (size_t)len + 1, fmt, ap);
	return s;
}

char *
mx_asprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = mx_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/* The escape of byte c into out (5 bytes); returns its length. */
static size_t
escape_byte(unsigned char c, char *out)
{
	if (c == '\\') {
		out[0] = out[1] = '\\';
		return 2;
	}
	if (c >= 0x20 && c <= 0x7e) {
		out[0] = (char)c;
		return 1;
	}
	out[0] = '\\';
	out[1] = (char)('0' + c / 100);
	out[2] = (char)('0' + c / 10 % 10);
	out[3] = (char)('0' + c % 10);
	return 4;
}

char *
mx_escape_buf(const char *s, size_t n, char *buf, size_t size)
{
	char	 e[5];
	size_t	 i, len = 0, el, total = 0, room;

	for (i = 0; i < n; i++)
		total += escape_byte((unsigned char)s[i], e);
	/* all of it, or as many whole escapes as leave room for "..." */
	room = total < size ? size - 1 : size - 4;
	for (i = 0; i < n; i++) {
		el = escape_byte((unsigned char)s[i], e);
		if (len + el > room)
			break;
		memcpy(buf + len, e, el);
		len += el;
	}
	if (i < n) {
		memcpy(buf + len, "...", 3);
		len += 3;
	}
	buf[len] = '\0';
	return buf;
}

FILE *
mx_open_input(const char *path, unsigned flags, struct stat *sb,
    const char **why)
{
	struct stat	 st, again;
	FILE		*fp;
	int		 fd, fd2, fl;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		*why = strerror(errno);
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		*why = strerror(errno);
		close(fd);
		return NULL;
	}
	if (S_ISFIFO(st.st_mode) && (flags & MX_OPEN_FIFO)) {
		/*
		 * Read non-blocking, a FIFO without a writer looks empty.
		 * Open it again the ordinary way, which waits for the
		 * writer as fopen would, and make sure it is the same one.
		 */
		if ((fd2 = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			*why = strerror(errno);
			close(fd);
			return NULL;
		}
		close(fd);
		fd = fd2;
		if (fstat(fd, &again) == -1 || again.st_dev != st.st_dev ||
		    again.st_ino != st.st_ino) {
			*why = "changed while it was opened";
			close(fd);
			return NULL;
		}
	} else if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		close(fd);
		return NULL;
	} else if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		*why = strerror(errno);
		close(fd);
		return NULL;
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		*why = strerror(errno);
		close(fd);
		return NULL;
	}
	if (sb != NULL)
		*sb = st;
	return fp;
}

char *
mx_name_key(const char *name)
{
	return mx_name_key_buf(name, NULL, 0);
}

/* What lowers a byte: 'a' - 'A' for the 26 ASCII capitals, 0 for every
 * other byte (one look-up a character instead of two comparisons and a
 * branch; every record of a zone and every query of a lint makes a key
 * or a hash of a name). */
static const unsigned char ascii_lower_add[256] = {
	['A'] = 'a' - 'A',
	['B'] = 'a' - 'A',
	['C'] = 'a' - 'A',
	['D'] = 'a' - 'A',
	['E'] = 'a' - 'A',
	['F'] = 'a' - 'A',
	['G'] = 'a' - 'A',
	['H'] = 'a' - 'A',
	['I'] = 'a' - 'A',
	['J'] = 'a' - 'A',
	['K'] = 'a' - 'A',
	['L'] = 'a' - 'A',
	['M'] = 'a' - 'A',
	['N'] = 'a' - 'A',
	['O'] = 'a' - 'A',
	['P'] = 'a' - 'A',
	['Q'] = 'a' - 'A',
	['R'] = 'a' - 'A',
	['S'] = 'a' - 'A',
	['T'] = 'a' - 'A',
	['U'] = 'a' - 'A',
	['V'] = 'a' - 'A',
	['W'] = 'a' - 'A',
	['X'] = 'a' - 'A',
	['Y'] = 'a' - 'A',
	['Z'] = 'a' - 'A',
};


/*
 * The hash of mx_hash_key: eight bytes a step (a name of 25 characters
 * is 4 steps, not 25), the length mixed in, then the bits spread so that
 * the low ones the maps index by depend on every byte.
 */
#define KEY_MUL		0xff51afd7ed558ccdULL

static inline uint64_t
key_step(uint64_t h, uint64_t w)
{
	h = (h ^ w) * KEY_MUL;
	return h ^ (h >> 32);
}

static inline uint32_t
key_final(uint64_t h)
{
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* The last n (< 8) bytes of s as one word, byte i at bits 8i. */
static inline uint64_t
key_tail(const unsigned char *s, size_t n)
{
	uint64_t	w = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		w |= (uint64_t)s[i] << (8 * i);
	return w;
}

uint32_t
mx_hash_key(const char *key, size_t n)
{
	const unsigned char	*s = (const unsigned char *)key;
	uint64_t		 h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = key_step(h, w);
	}
	if (n > 0)
		h = key_step(h, key_tail(s, n));
	return key_final(h);
}

/*
 * The eight ASCII capitals of a word lowered at once: a byte's high bit
 * says, after the two additions, whether it is at least 'A' and whether
 * it is above 'Z'; bytes of 0x80 and above are left as they are.
 */
static inline uint64_t
lower_word(uint64_t w)
{
	const uint64_t	ones = 0x0101010101010101ULL;
	uint64_t	low7 = w & (0x7f * ones);
	uint64_t	ge_a = low7 + (0x80 - 'A') * ones;
	uint64_t	gt_z = low7 + (0x80 - 'Z' - 1) * ones;
	uint64_t	upper = (ge_a ^ gt_z) & ~w & (0x80 * ones);

	return w | (upper >> 2);
}

/* DNS names compare ASCII case-insensitively (RFC 4343), whatever the
 * locale: eight bytes a step. */
char *
mx_name_key_buf(const char *name, char *buf, size_t size)
{
	size_t		 i, n = strlen(name);
	char		*k = n < size ? buf : malloc(n + 1);
	uint64_t	 w;

	if (k == NULL)
		return NULL;
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, name + i, 8);
		w = lower_word(w);
		memcpy(k + i, &w, 8);
	}
	for (; i <= n; i++)
		k[i] = (char)(name[i] +
		    ascii_lower_add[(unsigned char)name[i]]);
	return k;
}

/*
 * The key, its length and its mx_hash_key in one pass over the name,
 * eight bytes a step: the loader makes a key for every record, and its
 * hash right after.
 */
char *
mx_name_key_hash(const char *name, char *buf, size_t size, size_t *len,
    uint32_t *hash)
{
	const unsigned char	*s = (const unsigned char *)name;
	size_t			 n = strlen(name), left, i;
	char			*k = n < size ? buf : malloc(n + 1), *o;
	uint64_t		 h = 0x9e3779b97f4a7c15ULL ^ n, w;

	if (k == NULL)
		return NULL;
	for (o = k, left = n; left >= 8; s += 8, o += 8, left -= 8) {
		memcpy(&w, s, 8);
		w = lower_word(w);
		memcpy(o, &w, 8);
		h = key_step(h, w);
	}
	if (left > 0) {
		for (i = 0; i < left; i++)
			o[i] = (char)(s[i] + ascii_lower_add[s[i]]);
		h = key_step(h, key_tail((const unsigned char *)o, left));
	}
	k[n] = '\0';
	*len = n;
	*hash = key_final(h);
	return k;
}

static uint32_t
map_hash_key(const char *key)
{
	return mx_hash_key(key, strlen(key));
}

int
mx_list_has(const char *list, const char *item)
{
	size_t n = strlen(item);

	while (list != NULL && *list) {
		const char	*end = strchr(list, ',');
		size_t		 len = end ? (size_t)(end - list) : strlen(list);

		if (len == n && strncmp(list, item, n) == 0)
			return 1;
		list = end ? end + 1 : NULL;
	}
	return 0;
}

int
mx_name_eq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/*
 * Returns 1 when name equals zone or ends in "." + zone on a label
 * boundary.  Both are absolute presentation names; the root zone "."
 * covers every name.
 */
const char *
mx_name_parent(const char *name)
{
	const char *p = name;

	while (*p != '\0' && *p != '.') {
		if (*p == '\\' && p[1] != '\0')
			p++;
		p++;
	}
	return *p == '.' && p[1] != '\0' ? p + 1 : ".";
}

int
mx_name_under(const char *name, const char *zone)
{
	size_t	ln = strlen(name), lz = strlen(zone);

	if (strcmp(zone, ".") == 0)
		return 1;
	if (ln < lz)
		return 0;
	if (strcasecmp(name + ln - lz, zone) != 0)
		return 0;
	if (ln == lz)
		return 1;
	/* a label boundary: the dot before must be unescaped */
	if (name[ln - lz - 1] != '.')
		return 0;
	{
		size_t	i = ln - lz - 1, bs = 0;

		while (i > 0 && name[i - 1] == '\\') {
			bs++;
			i--;
		}
		return bs % 2 == 0;
	}
}

/*
 * A simple open-addressing hash table with FNV-1a and linear probing.
 * The hashes live in an array of their own, 0 marking a free slot: most
 * probes read only that dense array.
 */
struct mx_slot {
	char		*key;
	void		*value;
};

struct mx_map {
	uint32_t	(*hash)(const char *);	/* of a key */
	struct mx_slot	*slots;
	uint32_t	*hashes;	/* of the keys; 0: free */
	size_t		 cap, count;
	int		 borrow;	/* keys belong to the caller */
};

uint32_t
mx_hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

/* Allocates the arrays for cap slots. */
static mx_status
map_alloc(struct mx_map *m, size_t cap)
{
	m->cap = cap;
	m->slots = calloc(cap, sizeof(*m->slots));
	m->hashes = calloc(cap, sizeof(*m->hashes));
	if (m->slots == NULL || m->hashes == NULL) {
		free(m->slots);
		free(m->hashes);
		return MX_ERR_NOMEM;
	}
	return MX_OK;
}

struct mx_map *
mx_map_new(void)
{
	struct mx_map *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	if (map_alloc(m, 64) != MX_OK) {
		free(m);
		return NULL;
	}
	m->hash = mx_hash_str;
	return m;
}

struct mx_map *
mx_map_new_keys(void)
{
	struct mx_map *m = mx_map_new_borrowing();

	if (m != NULL)
		m->hash = map_hash_key;
	return m;
}

struct mx_map *
mx_map_new_borrowing(void)
{
	struct mx_map *m = mx_map_new();

	if (m != NULL)
		m->borrow = 1;
	return m;
}

void
mx_map_free(struct mx_map *m, void (*free_value)(void *))
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; (!m->borrow || free_value) && i < m->cap; i++) {
		if (m->hashes[i] == 0)
			continue;
		if (!m->borrow)
			free(m->slots[i].key);
		if (free_value)
			free_value(m->slots[i].value);
	}
	free(m->slots);
	free(m->hashes);
	free(m);
}

/* The slot of key, or the free slot where it would go. */
static size_t
map_find_hash(const struct mx_map *m, const char *key, uint32_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->hashes[i] != 0 && (m->hashes[i] != h ||
	    strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *
mx_map_get(const struct mx_map *m, const char *key)
{
	return mx_map_get_hashed(m, key, m->hash(key));
}

void *
mx_map_get_hashed(const struct mx_map *m, const char *key, uint32_t hash)
{
	size_t i = map_find_hash(m, key, hash);

	return m->hashes[i] ? m->slots[i].value : NULL;
}

static mx_status
map_grow(struct mx_map *m)
{
	struct mx_map	 n;
	size_t		 i, j;

	n = *m;
	if (map_alloc(&n, m->cap * 2) != MX_OK)
		return MX_ERR_NOMEM;
	/*
	 * The keys are distinct: each goes to the first free slot from its
	 * hash's, found without reading a key.  The new slots are far
	 * apart in a large table; the slot of an entry a few places on is
	 * fetched while this one is placed.
	 */
	for (i = 0; i < m->cap; i++) {
		if (i + 16 < m->cap && m->hashes[i + 16] != 0) {
			MX_PREFETCH(&n.hashes[m->hashes[i + 16] & (n.cap - 1)]);
			MX_PREFETCH(&n.slots[m->hashes[i + 16] & (n.cap - 1)]);
		}
		if (m->hashes[i] != 0) {
			for (j = m->hashes[i] & (n.cap - 1); n.hashes[j] != 0;
			    j = (j + 1) & (n.cap - 1))
				;
			n.slots[j] = m->slots[i];
			n.hashes[j] = m->hashes[i];
		}
	}
	free(m->slots);
	free(m->hashes);
	*m = n;
	return MX_OK;
}

mx_status
mx_map_put(struct mx_map *m, const char *key, void *value)
{
	return mx_map_put_hashed(m, key, m->hash(key), value);
}

mx_status
mx_map_put_hashed(struct mx_map *m, const char *key, uint32_t h, void *value)
{
	size_t		 i;

	/* at most three quarters full */
	if ((m->count + 1) * 4 > m->cap * 3 && map_grow(m) != MX_OK)
		return MX_ERR_NOMEM;
	i = map_find_hash(m, key, h);
	if (m->hashes[i] == 0) {
		if (m->borrow)
			m->slots[i].key = (char *)key;
		else if ((m->slots[i].key = strdup(key)) == NULL)
			return MX_ERR_NOMEM;
		m->hashes[i] = h;
		m->count++;
	}
	m->slots[i].value = value;
	return MX_OK;
}

/*
 * Removes key and returns its value (NULL when absent).  Linear probing
 * needs no tombstones: the entries after the hole that probed past it are
 * shifted back into it.
 */
void *
mx_map_del(struct mx_map *m, const char *key)
{
	size_t		 hole, i, home, mask = m->cap - 1;
	void		*value;

	hole = map_find_hash(m, key, m->hash(key));
	if (m->hashes[hole] == 0)
		return NULL;
	value = m->slots[hole].value;
	if (!m->borrow)
		free(m->slots[hole].key);
	m->count--;
	for (i = (hole + 1) & mask; m->hashes[i] != 0; i = (i + 1) & mask) {
		home = m->hashes[i] & mask;
		/* stays unless its home lies cyclically in (hole, i] */
		if (hole <= i ? (home > hole && home <= i) :
		    (home > hole || home <= i))
			continue;
		m->slots[hole] = m->slots[i];
		m->hashes[hole] = m->hashes[i];
		hole = i;
	}
	m->slots[hole].key = NULL;
	m->slots[hole].value = NULL;
	m->hashes[hole] = 0;
	return value;
}

size_t
mx_map_count(const struct mx_map *m)
{
	return m->count;
}

void
mx_map_each(const struct mx_map *m,
    void (*fn)(void *arg, const char *key, void *value), void *arg)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->hashes[i] != 0)
			fn(arg, m->slots[i].key, m->slots[i].value);
}

/* ---- arena ---- */

#define ARENA_BLOCK	(1024 * 1024)

struct arena_block {
	struct arena_block	*next;
	size_t			 used, size;
	uint64_t		 data[];	/* 8-byte aligned */
};

struct mx_arena {
	struct arena_block	*head;	/* the block being filled */
	struct arena_block	*big;	/* blocks of one large object */
};

struct mx_arena *
mx_arena_new(void)
{
	return calloc(1, sizeof(struct mx_arena));
}

void *
mx_arena_alloc(struct mx_arena *a, size_t size)
{
	struct arena_block	*b = a->head;
	size_t			 need = (size + 7) & ~(size_t)7;

	if (size == 0)
		need = 8;
	if (need > ARENA_BLOCK / 4) {
		/* a large object gets its own block, kept aside */
		if ((b = calloc(1, sizeof(*b) + need)) == NULL)
			return NULL;
		b->next = a->big;
		b->size = b->used = need;
		a->big = b;
		return b->data;
	}
	if (b == NULL || b->size - b->used < need) {
		/* fresh memory from malloc's mmap comes zeroed; calloc knows */
		if ((b = calloc(1, sizeof(*b) + ARENA_BLOCK)) == NULL)
			return NULL;
		b->size = ARENA_BLOCK;
		b->next = a->head;
		a->head = b;
	}
	b->used += need;
	return (char *)b->data + b->used - need;
}

char *
mx_arena_strndup(struct mx_arena *a, const char *s, size_t n)
{
	char *p;

	if ((p = mx_arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
mx_arena_strdup(struct mx_arena *a, const char *s)
{
	return mx_arena_strndup(a, s, strlen(s));
}

/* Moves src's blocks into dst (dst goes on filling its block) and frees
 * src: what was allocated in src lives as long as dst. */
void
mx_arena_join(struct mx_arena *dst, struct mx_arena *src)
{
	struct arena_block *b;

	if (src == NULL)
		return;
	if (dst->head == NULL)
		dst->head = src->head;
	else if (src->head != NULL) {
		for (b = src->head; b->next != NULL; b = b->next)
			;
		b->next = dst->head->next;
		dst->head->next = src->head;
	}
	if (src->big != NULL) {
		for (b = src->big; b->next != NULL; b = b->next)
			;
		b->next = dst->big;
		dst->big = src->big;
	}
	free(src);
}

void
mx_arena_free(struct mx_arena *a)
{
	struct arena_block *b, *next;

	if (a == NULL)
		return;
	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	for (b = a->big; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

/*
 * Linear-cost helpers (issue 11): the hash index, the name hash and the
 * byte escape.  Kept together here, apart from the helpers above.
 */

#define HSET_VALUE(e)	((uint32_t)((e) & 0xffffffffu) - 1)
#define HSET_HASH(e)	((uint32_t)((e) >> 32))

/* Puts entry e into the first free slot of its probe sequence. */
static void
hset_place(uint64_t *slot, size_t cap, uint64_t e)
{
	size_t i = HSET_HASH(e) & (cap - 1);

	while (slot[i] != 0)
		i = (i + 1) & (cap - 1);
	slot[i] = e;
}

/*
 * Linear probing keeps entries of one hash in the order they were added
 * (a later one can only land further along the probe sequence), which
 * mx_hset_next relies on: callers that want the first equal element get
 * it first.  Growing re-inserts in slot order, which could reorder two
 * entries of one hash that wrapped around the end; so growth walks the
 * old table from the start of a run (a slot after a free one).
 */
static mx_status
hset_resize(struct mx_hset *s, size_t ncap)
{
	size_t		 i, start;
	uint64_t	*ns;

	if (ncap > SIZE_MAX / sizeof(*ns) ||
	    (ns = calloc(ncap, sizeof(*ns))) == NULL)
		return MX_ERR_NOMEM;
	/* a free slot exists: the table is at most half full */
	for (start = 0; s->cap > 0 && s->slot[start] != 0; start++)
		;
	for (i = 0; i < s->cap; i++) {
		uint64_t e = s->slot[(start + i) & (s->cap - 1)];
		uint64_t f = s->slot[(start + i + 16) & (s->cap - 1)];

		/* the new slot of an entry further on (MX_PREFETCH) */
		if (f != 0)
			MX_PREFETCH(&ns[HSET_HASH(f) & (ncap - 1)]);
		if (e != 0)
			hset_place(ns, ncap, e);
	}
	free(s->slot);
	s->slot = ns;
	s->cap = ncap;
	return MX_OK;
}

mx_status
mx_hset_reserve(struct mx_hset *s, size_t n)
{
	size_t ncap = s->cap ? s->cap : 16;

	while (ncap / 2 < n) {
		if (ncap > SIZE_MAX / 4)
			return MX_ERR_NOMEM;
		ncap *= 2;
	}
	return ncap == s->cap ? MX_OK : hset_resize(s, ncap);
}

mx_status
mx_hset_add(struct mx_hset *s, uint32_t hash, uint32_t value)
{
	if (value == UINT32_MAX)
		return MX_ERR_NOMEM;
	if ((s->n + 1) * 2 > s->cap && hset_resize(s, s->cap ? s->cap * 2 :
	    16) != MX_OK)
		return MX_ERR_NOMEM;
	hset_place(s->slot, s->cap,
	    ((uint64_t)hash << 32) | ((uint64_t)value + 1));
	s->n++;
	return MX_OK;
}

int
mx_hset_next(const struct mx_hset *s, uint32_t hash, size_t *pos,
    uint32_t *value)
{
	size_t i;

	if (s->cap == 0)
		return 0;
	for (; *pos < s->cap; (*pos)++) {
		uint64_t e;

		i = (hash + *pos) & (s->cap - 1);
		if ((e = s->slot[i]) == 0)
			return 0;
		if (HSET_HASH(e) == hash) {
			(*pos)++;
			*value = HSET_VALUE(e);
			return 1;
		}
	}
	return 0;
}

void
mx_hset_free(struct mx_hset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

uint32_t
mx_hash_name(const char *name)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *name; name++) {
		unsigned char c = (unsigned char)*name;

		h ^= (uint64_t)(c + ascii_lower_add[c]);
		h *= 1099511628211ULL;
	}
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

char *
mx_escape_bytes(const char *s)
{
	const unsigned char	*p;
	size_t			 n = 1;
	char			*out, *o, e[5];

	for (p = (const unsigned char *)s; *p; p++)
		n += escape_byte(*p, e);
	if ((out = malloc(n)) == NULL)
		return NULL;
	for (o = out, p = (const unsigned char *)s; *p; p++)
		o += escape_byte(*p, o);
	*o = '\0';
	return out;
}

/* The pool's blocks: the first of POOL_FIRST bytes, each next twice the
 * one before up to POOL_MAX; a string longer than a quarter of that gets
 * a block of its own, behind the current one. */
#define POOL_FIRST	512
#define POOL_MAX	(1024 * 1024)

struct pool_block {
	struct pool_block	*next;
	size_t			 used, size;
	uint64_t		 pad;	/* data 8-byte aligned */
	char			 data[];
};

struct mx_strpool {
	struct pool_block	*head;	/* the block being filled */
};

struct mx_strpool *
mx_strpool_new(void)
{
	return calloc(1, sizeof(struct mx_strpool));
}

/* size bytes at an offset that is a multiple of align (a power of two,
 * at most 8: the blocks' data are 16-byte aligned by malloc) */
static void *
pool_take(struct mx_strpool *p, size_t size, size_t align)
{
	struct pool_block	*b = p->head;
	size_t			 at = 0;

	if (size >= SIZE_MAX / 2)
		return NULL;
	if (b != NULL)
		at = (b->used + align - 1) & ~(align - 1);
	if (b == NULL || at > b->size || b->size - at < size) {
		size_t bsize = b == NULL ? POOL_FIRST : b->size < POOL_MAX ?
		    b->size * 2 : POOL_MAX;

		if (size > bsize / 4)
			bsize = size;
		if ((b = malloc(sizeof(*b) + bsize)) == NULL)
			return NULL;
		b->used = 0;
		b->size = bsize;
		at = 0;
		if (bsize == size && p->head != NULL) {
			/* a large one of its own: the current block stays */
			b->next = p->head->next;
			p->head->next = b;
		} else {
			b->next = p->head;
			p->head = b;
		}
	}
	b->used = at + size;
	return b->data + at;
}

void *
mx_strpool_alloc(struct mx_strpool *p, size_t size)
{
	return pool_take(p, size ? size : 1, 8);
}

char *
mx_strpool_ndup(struct mx_strpool *p, const char *s, size_t n)
{
	char *out;

	if ((out = pool_take(p, n + 1, 1)) == NULL)
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

char *
mx_strpool_dup(struct mx_strpool *p, const char *s)
{
	return s == NULL ? NULL : mx_strpool_ndup(p, s, strlen(s));
}

void
mx_strpool_free(struct mx_strpool *p)
{
	struct pool_block *b, *next;

	if (p == NULL)
		return;
	for (b = p->head; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(p);
}

/* Frees p at once when it is a large object of a (one with a block of
 * its own): a record array that grew past it is not kept until the
 * arena goes.  Returns 0, doing nothing, for any other pointer. */
int
mx_arena_release(struct mx_arena *a, void *p)
{
	struct arena_block **bp, *b;

	for (bp = &a->big; (b = *bp) != NULL; bp = &b->next)
		if ((void *)b->data == p) {
			*bp = b->next;
			free(b);
			return 1;
		}
	return 0;
}
