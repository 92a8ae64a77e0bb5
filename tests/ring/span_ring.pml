/* SPDX-License-Identifier: Apache-2.0
 *
 * SPIN model of the span_ring protocol (include/tracewire/ring/span_ring.hpp): Vyukov's bounded
 * queue with per-slot sequence numbers, many producers, one consumer, drop-on-full.
 * Capacity 2, 2 producers x 3 pushes. Checked: no lost record, no duplicated record, no torn
 * record, per-producer order, accepted + dropped == attempted, and no invalid end state (a consumer
 * or producer stuck forever). SPIN explores every interleaving under sequential consistency; the
 * C++ memory orders are checked by the ThreadSanitizer stress test instead.
 *
 * Each step below is one atomic operation (or one plain access) of the C++ code; the record is two
 * separately written words so that reading a half-written record is visible.
 *
 * Seeded bugs (tests/ring/CMakeLists.txt runs each; SPIN must report a violation):
 *   -DBUG_PUBLISH_BEFORE_WRITE     the producer stores the sequence before the record
 *   -DBUG_CONSUMER_SKIPS_SEQUENCE  the consumer reads any claimed slot (tail < head) without
 *                                  waiting for its sequence
 *   -DBUG_NO_FULL_CHECK            the producer claims a slot whose previous record is unconsumed
 */
#define CAP 2
#define NPROD 2
#define NPUSH 3
#define NREC 6 /* NPROD * NPUSH; record r (1..NREC) is push (r-1)%NPUSH of producer (r-1)/NPUSH */

byte head = 0;         /* next index to claim (producers CAS it) */
byte tail = 0;         /* next index to consume (consumer only) */
byte seq[CAP];         /* per-slot sequence: index while free, index + 1 once published */
byte data_a[CAP];      /* first word of the record in each slot (0: never written) */
byte data_b[CAP];      /* second word */
bit accepted[NREC];    /* try_push returned true */
bit delivered[NREC];   /* the consumer visited it */
byte last_seen[NPROD]; /* last record visited per producer */
byte dropped = 0;      /* the drop counter (fetch_add) */
byte consumed = 0;
byte finished = 0;     /* producers that returned from their last push */

proctype producer(byte id) {
  byte i = 0;
  byte pos, s, rec, outcome; /* outcome: 0 retry, 1 claimed, 2 full */
  do
  :: i < NPUSH ->
    rec = id * NPUSH + i + 1;
    pos = head;                                  /* head.load(relaxed) */
    outcome = 0;
    do
    :: outcome == 0 ->
      s = seq[pos % CAP];                        /* sequence.load(acquire) */
      if
#ifdef BUG_NO_FULL_CHECK
      :: s <= pos ->
#else
      :: s == pos ->
#endif
        atomic {                                 /* head.compare_exchange_weak(pos, pos + 1) */
          if
          :: head == pos -> head = pos + 1; outcome = 1
          :: pos = head                          /* failure, spurious or not: pos reloaded */
          fi
        }
#ifndef BUG_NO_FULL_CHECK
      :: s < pos ->                              /* previous lap not consumed: full */
        dropped++;                               /* dropped.fetch_add(1, relaxed) */
        outcome = 2
#endif
      :: s > pos ->                              /* stale head */
        pos = head
      fi
    :: else -> break
    od;
    if
    :: outcome == 1 ->
#ifdef BUG_PUBLISH_BEFORE_WRITE
      seq[pos % CAP] = pos + 1;
      data_a[pos % CAP] = rec;
      data_b[pos % CAP] = rec;
#else
      data_a[pos % CAP] = rec;                   /* the record copy */
      data_b[pos % CAP] = rec;
      seq[pos % CAP] = pos + 1;                  /* sequence.store(pos + 1, release) */
#endif
      accepted[rec - 1] = 1
    :: else -> skip
    fi;
    i++
  :: else -> break
  od;
  finished++
}

proctype consumer() {
  byte a, b, p, r;
  do
#ifdef BUG_CONSUMER_SKIPS_SEQUENCE
  :: tail < head ->
#else
  :: seq[tail % CAP] == tail + 1 ->              /* sequence.load(acquire) == pos + 1 */
#endif
    a = data_a[tail % CAP];                      /* the visitor reads the record */
    b = data_b[tail % CAP];
    assert(a != 0 && a == b);                    /* complete, not torn */
    assert(delivered[a - 1] == 0);               /* not a duplicate */
    delivered[a - 1] = 1;
    p = (a - 1) / NPUSH;
    assert(last_seen[p] < a);                    /* per-producer order */
    last_seen[p] = a;
    seq[tail % CAP] = tail + CAP;                /* sequence.store(pos + Capacity, release) */
    tail++;
    consumed++
#ifdef BUG_CONSUMER_SKIPS_SEQUENCE
  :: finished == NPROD && tail == head -> break
#else
  :: finished == NPROD && seq[tail % CAP] != tail + 1 -> break
#endif
  od;
  /* Every accepted record was delivered exactly once and nothing else was. */
  r = 0;
  do
  :: r < NREC -> assert(delivered[r] == accepted[r]); r++
  :: else -> break
  od;
  assert(consumed + dropped == NREC);            /* pushed + dropped == attempted */
  assert(head == consumed)                       /* every claim was published and consumed */
}

init {
  byte k = 0;
  atomic {
    do
    :: k < CAP -> seq[k] = k; k++
    :: else -> break
    od;
    run consumer();
    k = 0;
    do
    :: k < NPROD -> run producer(k); k++
    :: else -> break
    od
  }
}
