/* input.c — stage 1 of the pipeline: read the raw bytes of a file or stdin
 * and decode them into the valid UTF-8 source text that every later stage
 * sees (contract in input.h).
 *
 * bad[] lists every replaced byte (one entry per 0x1A written); a maximal run
 * of invalid bytes is therefore a run of consecutive offsets, which the
 * caller may merge into one diagnostic. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "utf8.h"

#define SUB 0x1A

/* Buffers at least this large are offered huge pages. */
#define HUGE_MIN ((size_t)4 << 20)

/* Ask for the n bytes at p (a fresh buffer, not yet touched) to be backed by
 * transparent huge pages where the kernel gives them on request: a 50 MB
 * file then costs a few dozen page faults instead of some 12,000. Only a
 * hint; failure changes nothing. */
static void advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    long page = sysconf(_SC_PAGESIZE);
    if (n < HUGE_MIN || page <= 0)
        return;
    uintptr_t a = (uintptr_t)p & ~((uintptr_t)page - 1);
    uintptr_t e = ((uintptr_t)p + n + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
    (void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

/* ---- mapped files ---------------------------------------------------------
 *
 * A regular file of MAP_MIN bytes or more is mapped, private and writable
 * (copy on write), instead of read into fresh memory: its pages stay the page
 * cache's until written, so a large file costs neither zeroing nor copying.
 * The mapping runs at least one byte past the file (zeros: the NUL after the
 * text). If the file shrinks while mapped, its lost part reads as zeros
 * (within the last page kept) or raises SIGBUS, whose handler maps zeros
 * over the page and marks the mapping changed; input_changed also compares
 * the file's size with the mapped one, through the descriptor the mapping
 * keeps, and the input is then reported instead of checked. maps[] lists the
 * live mappings; the handler reads it without locks: a slot is published by
 * storing its start last (0 free, 1 being filled). */
#define MAP_MIN ((size_t)1 << 20)
#define MAX_MAPS 256

typedef struct {
    _Atomic uintptr_t start;
    uintptr_t end;              /* of the mapping (file and zero tail) */
    volatile sig_atomic_t changed;
    int fd;                     /* the file, open while mapped */
    size_t size;                /* its size when mapped */
} map_slot;

static map_slot maps[MAX_MAPS];
static uintptr_t page_size;
static int handler_ok;
static pthread_once_t handler_once = PTHREAD_ONCE_INIT;

static map_slot *slot_of(uintptr_t a)
{
    for (size_t i = 0; i < MAX_MAPS; i++) {
        uintptr_t s = atomic_load_explicit(&maps[i].start, memory_order_acquire);
        if (s > 1 && a >= s && a < maps[i].end)
            return &maps[i];
    }
    return NULL;
}

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)ctx;
    map_slot *m = slot_of((uintptr_t)si->si_addr);
    if (m) {
        void *page = (void *)((uintptr_t)si->si_addr & ~(page_size - 1));
        if (mmap(page, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
            MAP_FAILED) {
            m->changed = 1;
            return;
        }
    }
    signal(SIGBUS, SIG_DFL);   /* not a mapped input: the retried access takes the default action */
}

static void install_handler(void)
{
    long ps = sysconf(_SC_PAGESIZE);
    if (ps <= 0)
        return;
    page_size = (uintptr_t)ps;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    handler_ok = sigaction(SIGBUS, &sa, NULL) == 0;
}

/* The n bytes of fd mapped as described above (the mapping keeps fd), or
 * NULL (then the caller reads, and still owns fd). */
static unsigned char *map_file(int fd, size_t n)
{
    pthread_once(&handler_once, install_handler);
    if (!handler_ok)
        return NULL;
    size_t len = (n + page_size) & ~(page_size - 1);
    void *base = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    if (mmap(base, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
        munmap(base, len);
        return NULL;
    }
    for (size_t i = 0; i < MAX_MAPS; i++) {
        uintptr_t free_slot = 0;
        if (atomic_compare_exchange_strong(&maps[i].start, &free_slot, 1)) {
            maps[i].end = (uintptr_t)base + len;
            maps[i].changed = 0;
            maps[i].fd = fd;
            maps[i].size = n;
            atomic_store_explicit(&maps[i].start, (uintptr_t)base, memory_order_release);
            return base;
        }
    }
    munmap(base, len);
    return NULL;
}

void input_free_text(void *p)
{
    map_slot *m = p ? slot_of((uintptr_t)p) : NULL;
    if (!m) {
        free(p);
        return;
    }
    uintptr_t s = atomic_load_explicit(&m->start, memory_order_relaxed);
    atomic_store_explicit(&m->start, 1, memory_order_release);
    munmap((void *)s, m->end - s);
    close(m->fd);
    atomic_store_explicit(&m->start, 0, memory_order_release);
}

int input_changed(const void *p)
{
    map_slot *m = p ? slot_of((uintptr_t)p) : NULL;
    if (!m)
        return 0;
    struct stat st;
    if (!m->changed && (fstat(m->fd, &st) != 0 || (uintmax_t)st.st_size < m->size))
        m->changed = 1;
    return m->changed;
}

int input_read_file(const char *path, unsigned char **data, size_t *n, lint_error *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        err_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 65536;
    struct stat st;
    if (fstat(fd, &st) == 0) {
        int e = 0;
        if (S_ISDIR(st.st_mode))
            e = EISDIR;
        else if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > INPUT_MAX_BYTES)
            e = EFBIG;
        if (e) {
            if (!is_stdin)
                close(fd);
            err_set(err, "%s: %s", path, strerror(e));
            return -1;
        }
        if (S_ISREG(st.st_mode))
            cap = (size_t)st.st_size + 1;   /* +1: see EOF without a regrow */
        unsigned char *m = !is_stdin && S_ISREG(st.st_mode) && (size_t)st.st_size >= MAP_MIN
                               ? map_file(fd, (size_t)st.st_size)
                               : NULL;
        if (m) {
            *data = m;
            *n = (size_t)st.st_size;
            return 0;
        }
    }
    unsigned char *p = xmalloc(cap);
    advise_huge(p, cap);
    size_t len = 0;
    for (;;) {
        if (len == cap) {
            if (len > INPUT_MAX_BYTES) {
                free(p);
                if (!is_stdin)
                    close(fd);
                err_set(err, "%s: %s", path, strerror(EFBIG));
                return -1;
            }
            cap *= 2;
            p = xrealloc(p, cap);
        }
        ssize_t r = read(fd, p + len, cap - len);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(p);
            if (!is_stdin)
                close(fd);
            err_set(err, "%s: %s", path, strerror(e));
            return -1;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (!is_stdin)
        close(fd);
    *data = p;
    *n = len;
    return 0;
}

/* Length of the well-formed UTF-8 sequence at s (lead byte >= 0x80), or 0. */
static inline size_t seq_valid(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3)
            return 0;
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4)
            return 0;
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        return 4;
    }
    return 0;
}

static void add_bad(input *in, size_t *cap, size_t off)
{
    GROW(in->bad, *cap, in->nbad + 1);
    in->bad[in->nbad++] = off;
}

/* Replace every byte of s that is not part of a well-formed sequence by SUB. */
static void validate_utf8(input *in, unsigned char *s, size_t len)
{
    size_t cap = 0, i = 0;
    while (i < len) {
        while (i + 32 <= len) {
            uint64_t w[4];
            memcpy(w, s + i, 32);
            if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ULL)
                break;
            i += 32;
        }
        while (i < len && s[i] < 0x80)
            i++;
        if (i >= len)
            break;
        size_t k = seq_valid(s + i, len - i);
        if (k) {
            i += k;
        } else {
            s[i] = SUB;
            add_bad(in, &cap, i);
            i++;
        }
    }
}

/* UTF-16 with a BOM: transcode, mapping every output byte to the raw offset
 * of its code unit. A U+0000 code unit makes the input binary. */
static input_status decode_utf16(input *in, const unsigned char *raw, size_t n, int be)
{
    size_t units = (n - 2) / 2;
    size_t cap = units * 3 + 4;
    char *out = xmalloc(cap);
    size_t *map = xmalloc(cap * sizeof *map);
    size_t len = 0, badcap = 0;
    for (size_t i = 0; i < units; i++) {
        const unsigned char *q = raw + 2 + 2 * i;
        size_t at = 2 + 2 * i;
        uint32_t u = be ? (uint32_t)(q[0] << 8 | q[1]) : (uint32_t)(q[1] << 8 | q[0]);
        if (u == 0) {
            free(out);
            free(map);
            free(in->bad);
            memset(in, 0, sizeof *in);
            return INPUT_BINARY;
        }
        uint32_t cp = u;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            uint32_t v = be ? (uint32_t)(q[2] << 8 | q[3]) : (uint32_t)(q[3] << 8 | q[2]);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                cp = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
                i++;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
            add_bad(in, &badcap, len);
        }
        size_t k = utf8_encode(cp, out + len);
        for (size_t j = 0; j < k; j++)
            map[len + j] = at;
        len += k;
    }
    if ((n - 2) & 1) {      /* a lone trailing byte */
        add_bad(in, &badcap, len);
        size_t k = utf8_encode(0xFFFD, out + len);
        for (size_t j = 0; j < k; j++)
            map[len + j] = n - 1;
        len += k;
    }
    out[len] = 0;
    map[len] = n;
    in->enc = be ? ENC_UTF16BE : ENC_UTF16LE;
    in->src = xrealloc(out, len + 1);
    in->u16map = xrealloc(map, (len + 1) * sizeof *map);
    in->len = len;
    in->raw_len = n;
    return INPUT_OK;
}

input_status input_decode(input *in, const unsigned char *raw, size_t n)
{
    if (n > INPUT_MAX_BYTES) {
        memset(in, 0, sizeof *in);
        return INPUT_TOO_LARGE;
    }
    unsigned char *copy = xmalloc(n + 1);
    if (n)
        memcpy(copy, raw, n);
    return input_decode_owned(in, copy, n);
}

input_status input_decode_owned(input *in, unsigned char *raw, size_t n)
{
    memset(in, 0, sizeof *in);
    input_status st = INPUT_OK;
    int mapped = slot_of((uintptr_t)raw) != NULL;
    if (n > INPUT_MAX_BYTES) {
        st = INPUT_TOO_LARGE;
    } else if (n >= 2 && raw[0] == 0xFF && raw[1] == 0xFE) {
        st = decode_utf16(in, raw, n, 0);
    } else if (n >= 2 && raw[0] == 0xFE && raw[1] == 0xFF) {
        st = decode_utf16(in, raw, n, 1);
    } else {
        size_t skip = 0;
        in->enc = ENC_UTF8;
        if (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) {
            skip = 3;
            in->enc = ENC_UTF8_BOM;
        }
        size_t len = n - skip;
        if (len && memchr(raw + skip, 0, len)) {
            in->enc = ENC_UTF8;
            st = input_changed(raw) ? INPUT_CHANGED : INPUT_BINARY;
            input_free_text(raw);
            return st;
        }
        /* The raw bytes become the source in place: no second copy of a large
         * file. A mapping keeps its BOM before the source and its zeros after. */
        unsigned char *s = raw + skip;
        if (!mapped) {
            if (skip)
                memmove(raw, raw + skip, len);
            s = xrealloc(raw, len + 1);
            s[len] = 0;
        }
        validate_utf8(in, s, len);
        in->src = (char *)s;
        in->len = len;
        in->raw_len = n;
        return INPUT_OK;
    }
    if (st == INPUT_BINARY && input_changed(raw))
        st = INPUT_CHANGED;
    input_free_text(raw);
    return st;
}

void input_release(input *in)
{
    input_free_text(in->src);
    free(in->bad);
    free(in->u16map);
    memset(in, 0, sizeof *in);
}

size_t input_raw_offset(const input *in, size_t off)
{
    if (in->u16map)
        return in->u16map[off];
    return in->enc == ENC_UTF8_BOM ? off + 3 : off;
}
