;; The byte work of reading one record line (record-scan.ts), in one call
;; (`line`): whether the line is printable ASCII, 32 bytes per step; its
;; journal prefix; the run of `key=value` pairs holding `type=audit`, by
;; pairs.ts' rules (on printable ASCII the only whitespace is the space);
;; and the record in it, as audit-record.ts reads it. JavaScript reads the
;; offsets from memory, and times with `time`. `npm run wasm` assembles it
;; into record-scan-wasm.ts.
;;
;; Small helpers are written out where they are used: the V8 of Node 20
;; does not inline one WebAssembly function into another, and a call per
;; digit made `time` cost twice what the JavaScript it replaces did.
;;
;; The memory is line-scan.wat's, so a line in the scan window is read where
;; it lies. At `$slots` this module keeps, in i32s:
;;   [0]            the start of the run read last (its first key)
;;   [1]            where its last pair ends
;;   [2]            the hash of the key `said` built last
;;   [3]            where `said` writes its key (JavaScript sets it once)
;;   [4 + 4n ...]   pair n of 64: key start, key end (its `=`), value start,
;;                  value end (before a closing quote)
;;   [260 + k]      for each key k read by name (KEY ids below), the index of
;;                  its pair, or -1
;;   [272 ...]      the record `record` read last (see there)
;;   [284 ...]      the journal's part of the line `line` read last (see there)
;; and from byte 1184 on, the words `record` and JavaScript look for with
;; `find`.
;; Offsets passed in and returned are absolute.
(module
  (import "scan" "memory" (memory 1))
  (import "scan" "slots" (global $slots i32))

;; Keys read by name, by id: type 0, authorizer 1, component 2, uid 3,
  ;; object 4, path 5, action 6, result 7, reason 8, timestamp 9,
  ;; request_uri 10 (audit-record.ts KEY_ID). Compared as little-endian words.
  (func $keyId (param $p i32) (param $n i32) (result i32)
    (local $w i32) (local $h i32)
    (if (i32.eq (local.get $n) (i32.const 3))
      (then
        (if (i32.and
              (i32.eq (i32.load16_u (local.get $p)) (i32.const 0x6975))
              (i32.eq (i32.load8_u offset=2 (local.get $p)) (i32.const 0x64)))
          (then (return (i32.const 3))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 4))
      (then
        (local.set $w (i32.load (local.get $p)))
        (if (i32.eq (local.get $w) (i32.const 0x65707974)) (then (return (i32.const 0))))
        (if (i32.eq (local.get $w) (i32.const 0x68746170)) (then (return (i32.const 5))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 6))
      (then
        (local.set $w (i32.load (local.get $p)))
        (local.set $h (i32.load16_u offset=4 (local.get $p)))
        (if (i32.and (i32.eq (local.get $w) (i32.const 0x656a626f)) (i32.eq (local.get $h) (i32.const 0x7463)))
          (then (return (i32.const 4))))
        (if (i32.and (i32.eq (local.get $w) (i32.const 0x69746361)) (i32.eq (local.get $h) (i32.const 0x6e6f)))
          (then (return (i32.const 6))))
        (if (i32.and (i32.eq (local.get $w) (i32.const 0x75736572)) (i32.eq (local.get $h) (i32.const 0x746c)))
          (then (return (i32.const 7))))
        (if (i32.and (i32.eq (local.get $w) (i32.const 0x73616572)) (i32.eq (local.get $h) (i32.const 0x6e6f)))
          (then (return (i32.const 8))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 9))
      (then
        (if (i32.and
              (i64.eq (i64.load (local.get $p)) (i64.const 0x6e656e6f706d6f63))
              (i32.eq (i32.load8_u offset=8 (local.get $p)) (i32.const 0x74)))
          (then (return (i32.const 2))))
        (if (i32.and
              (i64.eq (i64.load (local.get $p)) (i64.const 0x6d617473656d6974))
              (i32.eq (i32.load8_u offset=8 (local.get $p)) (i32.const 0x70)))
          (then (return (i32.const 9))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 10))
      (then
        (if (i32.and
              (i64.eq (i64.load (local.get $p)) (i64.const 0x7a69726f68747561))
              (i32.eq (i32.load16_u offset=8 (local.get $p)) (i32.const 0x7265)))
          (then (return (i32.const 1))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 11))
      (then
        (if (i32.and
              (i64.eq (i64.load (local.get $p)) (i64.const 0x5f74736575716572))
              (i32.and
                (i32.eq (i32.load16_u offset=8 (local.get $p)) (i32.const 0x7275))
                (i32.eq (i32.load8_u offset=10 (local.get $p)) (i32.const 0x69))))
          (then (return (i32.const 10))))))
    (i32.const -1))

  ;; Whether pairs `$i` and `$j` (addresses of their slots) have the same key.
  (func $sameKey (param $i i32) (param $j i32) (result i32)
    (local $a i32) (local $b i32) (local $n i32) (local $k i32)
    (local.set $a (i32.load (local.get $i)))
    (local.set $b (i32.load (local.get $j)))
    (local.set $n (i32.sub (i32.load offset=4 (local.get $i)) (local.get $a)))
    (if (i32.ne (local.get $n) (i32.sub (i32.load offset=4 (local.get $j)) (local.get $b)))
      (then (return (i32.const 0))))
    (block $differ
      (loop $bytes
        (if (i32.lt_u (local.get $k) (local.get $n))
          (then
            (br_if $differ
              (i32.ne
                (i32.load8_u (i32.add (local.get $a) (local.get $k)))
                (i32.load8_u (i32.add (local.get $b) (local.get $k)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $bytes))))
      (return (i32.const 1)))
    (i32.const 0))

  ;; Fills the key table for the first `$count` pairs: 1, or 0 when a key
  ;; appears twice. Other keys are told apart by a bit per (length, first
  ;; byte, last byte); only keys sharing a bit are compared.
  (func $index (param $count i32) (result i32)
    (local $i i32) (local $at i32) (local $ks i32) (local $n i32) (local $id i32)
    (local $table i32) (local $seen i32) (local $bit i32) (local $j i32)
    (local.set $table (i32.add (global.get $slots) (i32.const 1040)))
    (memory.fill (local.get $table) (i32.const 0xff) (i32.const 44))
    (local.set $at (i32.add (global.get $slots) (i32.const 16)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (local.set $ks (i32.load (local.get $at)))
        (local.set $n (i32.sub (i32.load offset=4 (local.get $at)) (local.get $ks)))
        (local.set $id (call $keyId (local.get $ks) (local.get $n)))
        (if (i32.ge_s (local.get $id) (i32.const 0))
          (then
            (if (i32.ne
                  (i32.load (i32.add (local.get $table) (i32.shl (local.get $id) (i32.const 2))))
                  (i32.const -1))
              (then (return (i32.const 0))))
            (i32.store (i32.add (local.get $table) (i32.shl (local.get $id) (i32.const 2))) (local.get $i)))
          (else
            (local.set $bit
              (i32.shl (i32.const 1)
                (i32.add
                  (i32.add
                    (i32.mul (local.get $n) (i32.const 7))
                    (i32.mul (i32.load8_u (local.get $ks)) (i32.const 3)))
                  (i32.load8_u (i32.sub (i32.add (local.get $ks) (local.get $n)) (i32.const 1))))))
            (if (i32.and (local.get $seen) (local.get $bit))
              (then
                (local.set $j (i32.add (global.get $slots) (i32.const 16)))
                (block $compared
                  (loop $earlier
                    (br_if $compared (i32.ge_u (local.get $j) (local.get $at)))
                    (if (call $sameKey (local.get $at) (local.get $j)) (then (return (i32.const 0))))
                    (local.set $j (i32.add (local.get $j) (i32.const 16)))
                    (br $earlier)))))
            (local.set $seen (i32.or (local.get $seen) (local.get $bit)))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $pairs)))
    (i32.const 1))

  ;; The first place in [$p, $end) holding the byte `$b`, or `$end`: 16
  ;; bytes per step (values and the text before a run are tens of bytes).
  ;; Loads may read up to 16 bytes past `$end`: the memory holds them.
  (func $seek (param $p i32) (param $end i32) (param $b i32) (result i32)
    (local $v v128) (local $m i32)
    (local.set $v (i8x16.splat (local.get $b)))
    (block $found
      (loop $blocks
        (br_if $found (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $v))))
        (if (local.get $m)
          (then
            (local.set $p (i32.add (local.get $p) (i32.ctz (local.get $m))))
            (br $found)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
    (select (local.get $end) (local.get $p) (i32.gt_u (local.get $p) (local.get $end))))

  ;; Whether `$n` digits stand at `$p`, before `$end`.
  (func $digits (param $p i32) (param $n i32) (param $end i32) (result i32)
    (local $i i32)
    (if (i32.gt_u (i32.add (local.get $p) (local.get $n)) (local.get $end))
      (then (return (i32.const 0))))
    (local.set $i (local.get $p))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (i32.add (local.get $p) (local.get $n))))
        (if (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)) (i32.const 10)))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.const 1))

  ;; 1 when every byte of [$from, $end) is 0x20 to 0x7e.
  (func $printable (export "printable") (param $from i32) (param $end i32) (result i32)
    (local $p i32) (local $lo v128) (local $hi v128) (local $c i32)
    (local.set $p (local.get $from))
    (local.set $lo (i8x16.splat (i32.const 0x20)))
    (local.set $hi (i8x16.splat (i32.const 0x5e)))
    ;; A byte is printable when it less 0x20 is at most 0x5e, unsigned.
    (block $pairs
      (loop $blocks
        (br_if $pairs (i32.gt_u (i32.add (local.get $p) (i32.const 32)) (local.get $end)))
        (if (v128.any_true
              (v128.or
                (i8x16.gt_u (i8x16.sub (v128.load (local.get $p)) (local.get $lo)) (local.get $hi))
                (i8x16.gt_u (i8x16.sub (v128.load offset=16 (local.get $p)) (local.get $lo)) (local.get $hi))))
          (then (return (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $blocks)))
    ;; Up to 31 bytes are left: 16 more, then the last 16 (overlapping those
    ;; checked) where the text holds 16.
    (if (i32.gt_u (i32.sub (local.get $end) (local.get $p)) (i32.const 16))
      (then
        (if (v128.any_true
              (i8x16.gt_u (i8x16.sub (v128.load (local.get $p)) (local.get $lo)) (local.get $hi)))
          (then (return (i32.const 0))))))
    (if (i32.ge_u (i32.sub (local.get $end) (local.get $from)) (i32.const 16))
      (then
        (return
          (i32.eqz
            (v128.any_true
              (i8x16.gt_u
                (i8x16.sub (v128.load (i32.sub (local.get $end) (i32.const 16))) (local.get $lo))
                (local.get $hi)))))))
    (block $done
      (loop $bytes
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $p)))
        (if (i32.or (i32.lt_u (local.get $c) (i32.const 0x20)) (i32.gt_u (local.get $c) (i32.const 0x7e)))
          (then (return (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $bytes)))
    (i32.const 1))

  ;; `YYYY-MM-DD` exactly, in [$s, $e).
  (func $isDate (param $s i32) (param $e i32) (result i32)
    (if (i32.ne (i32.sub (local.get $e) (local.get $s)) (i32.const 10))
      (then (return (i32.const 0))))
    (i32.and
      (i32.and
        (call $digits (local.get $s) (i32.const 4) (local.get $e))
        (i32.eq (i32.load8_u offset=4 (local.get $s)) (i32.const 0x2d)))
      (i32.and
        (i32.and
          (call $digits (i32.add (local.get $s) (i32.const 5)) (i32.const 2) (local.get $e))
          (i32.eq (i32.load8_u offset=7 (local.get $s)) (i32.const 0x2d)))
        (call $digits (i32.add (local.get $s) (i32.const 8)) (i32.const 2) (local.get $e)))))

  ;; Mesos' ` HH:MM:SS[.frac][zone]` after the date ending at `$at`: where
  ;; the value ends, or -1 (pairs.ts timeTail).
  (func $timeTail (param $at i32) (param $end i32) (result i32)
    (local $i i32) (local $k i32) (local $z i32) (local $colon i32)
    (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x20)) (then (return (i32.const -1))))
    (if (i32.eqz (call $digits (i32.add (local.get $at) (i32.const 1)) (i32.const 2) (local.get $end)))
      (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u offset=3 (local.get $at)) (i32.const 0x3a)) (then (return (i32.const -1))))
    (if (i32.eqz (call $digits (i32.add (local.get $at) (i32.const 4)) (i32.const 2) (local.get $end)))
      (then (return (i32.const -1))))
    (if (i32.ne (i32.load8_u offset=6 (local.get $at)) (i32.const 0x3a)) (then (return (i32.const -1))))
    (if (i32.eqz (call $digits (i32.add (local.get $at) (i32.const 7)) (i32.const 2) (local.get $end)))
      (then (return (i32.const -1))))
    (local.set $i (i32.add (local.get $at) (i32.const 9)))
    ;; A fraction of 1 to 9 digits.
    (if (i32.and
          (i32.lt_u (local.get $i) (local.get $end))
          (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x2e)))
      (then
        (local.set $k (i32.add (local.get $i) (i32.const 1)))
        (block $frac
          (loop $digit
            (br_if $frac (i32.ge_u (i32.sub (i32.sub (local.get $k) (local.get $i)) (i32.const 1)) (i32.const 9)))
            (br_if $frac (i32.ge_u (local.get $k) (local.get $end)))
            (br_if $frac (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $k)) (i32.const 0x30)) (i32.const 10))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $digit)))
        (if (i32.gt_u (local.get $k) (i32.add (local.get $i) (i32.const 1)))
          (then (local.set $i (local.get $k))))))
    ;; A zone: `Z`, or `+HH[:]MM` / `-HH[:]MM`.
    (local.set $z (i32.const -1))
    (if (i32.lt_u (local.get $i) (local.get $end)) (then (local.set $z (i32.load8_u (local.get $i)))))
    (if (i32.eq (local.get $z) (i32.const 0x5a))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (else
        (if (i32.and
              (i32.or (i32.eq (local.get $z) (i32.const 0x2b)) (i32.eq (local.get $z) (i32.const 0x2d)))
              (call $digits (i32.add (local.get $i) (i32.const 1)) (i32.const 2) (local.get $end)))
          (then
            (local.set $colon (i32.const 0))
            (if (i32.lt_u (i32.add (local.get $i) (i32.const 3)) (local.get $end))
              (then
                (if (i32.eq (i32.load8_u offset=3 (local.get $i)) (i32.const 0x3a))
                  (then (local.set $colon (i32.const 1))))))
            (if (call $digits
                  (i32.add (i32.add (local.get $i) (i32.const 3)) (local.get $colon))
                  (i32.const 2)
                  (local.get $end))
              (then
                (local.set $i (i32.add (local.get $i) (i32.add (i32.const 5) (local.get $colon))))))))))
    (if (i32.eq (local.get $i) (local.get $end)) (then (return (local.get $i))))
    (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (return (local.get $i))))
    (i32.const -1))

  ;; Reads the run starting at `$start` (pairs.ts readRun): its number of
  ;; pairs, or -1 past 64.
  (func $readRun (param $start i32) (param $end i32) (result i32)
    (local $pos i32) (local $k i32) (local $vs i32) (local $e i32) (local $ve i32)
    (local $v i32) (local $count i32) (local $tail i32) (local $c i32) (local $slot i32)
    (local $vec v128) (local $space v128) (local $lowA v128) (local $lowZ v128) (local $under v128)
    (local.set $lowA (i8x16.splat (i32.const 0x61)))
    (local.set $lowZ (i8x16.splat (i32.const 0x7a)))
    (local.set $under (i8x16.splat (i32.const 0x5f)))
    (local.set $space (i8x16.splat (i32.const 0x20)))
    (i32.store (global.get $slots) (local.get $start))
    (i32.store offset=4 (global.get $slots) (local.get $start))
    (local.set $pos (local.get $start))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $pos) (local.get $end)))
        ;; The key's end: the first byte outside [a-z_], 16 bytes per step
        ;; (reading up to 15 past `$end`, as $seek does).
        (local.set $k (local.get $pos))
        (block $keyEnd
          (loop $key
            (br_if $keyEnd (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $vec (v128.load (local.get $k)))
            (local.set $c
              (i32.xor
                (i8x16.bitmask
                  (v128.or
                    (v128.and
                      (i8x16.ge_u (local.get $vec) (local.get $lowA))
                      (i8x16.le_u (local.get $vec) (local.get $lowZ)))
                    (i8x16.eq (local.get $vec) (local.get $under))))
                (i32.const 0xffff)))
            (if (local.get $c)
              (then
                (local.set $k (i32.add (local.get $k) (i32.ctz (local.get $c))))
                (br $keyEnd)))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $key)))
        (br_if $done (i32.eq (local.get $k) (local.get $pos)))
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (br_if $done (i32.ne (i32.load8_u (local.get $k)) (i32.const 0x3d)))
        (if (i32.eq (local.get $count) (i32.const 64)) (then (return (i32.const -1))))
        (local.set $vs (i32.add (local.get $k) (i32.const 1)))
        (if (i32.and
              (i32.lt_u (local.get $vs) (local.get $end))
              (i32.eq (i32.load8_u (local.get $vs)) (i32.const 0x22)))
          (then
            ;; A quoted value: up to the next quote.
            (local.set $e
              (call $seek (i32.add (local.get $vs) (i32.const 1)) (local.get $end) (i32.const 0x22)))
            (local.set $slot (i32.add (global.get $slots) (i32.shl (i32.add (local.get $count) (i32.const 1)) (i32.const 4))))
            (i32.store (local.get $slot) (local.get $pos))
            (i32.store offset=4 (local.get $slot) (local.get $k))
            (i32.store offset=8 (local.get $slot) (i32.add (local.get $vs) (i32.const 1)))
            (i32.store offset=12 (local.get $slot) (local.get $e))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (if (i32.ge_u (local.get $e) (local.get $end))
              (then
                (i32.store offset=4 (global.get $slots) (local.get $end))
                (br $done)))
            (local.set $v (i32.add (local.get $e) (i32.const 1))))
          (else
            ;; A bare value: up to the next space; Mesos' timestamp holds one.
            ;; $seek for a space, written out: a call per value costs more than its loop.
            (local.set $e (local.get $vs))
            (block $found
              (loop $blocks
                (br_if $found (i32.ge_u (local.get $e) (local.get $end)))
                (local.set $c (i8x16.bitmask (i8x16.eq (v128.load (local.get $e)) (local.get $space))))
                (if (local.get $c)
                  (then
                    (local.set $e (i32.add (local.get $e) (i32.ctz (local.get $c))))
                    (br $found)))
                (local.set $e (i32.add (local.get $e) (i32.const 16)))
                (br $blocks)))
            (if (i32.gt_u (local.get $e) (local.get $end)) (then (local.set $e (local.get $end))))
            (local.set $ve (local.get $e))
            (if (i32.and
                  (i32.eq (i32.sub (local.get $k) (local.get $pos)) (i32.const 9))
                  (i32.and
                    ;; "timestam" little-endian, then "p".
                    (i64.eq (i64.load (local.get $pos)) (i64.const 0x6d617473656d6974))
                    (i32.eq (i32.load8_u offset=8 (local.get $pos)) (i32.const 0x70))))
              (then
                (if (call $isDate (local.get $vs) (local.get $e))
                  (then
                    (local.set $tail (call $timeTail (local.get $e) (local.get $end)))
                    (if (i32.ne (local.get $tail) (i32.const -1))
                      (then (local.set $ve (local.get $tail))))))))
            (local.set $slot (i32.add (global.get $slots) (i32.shl (i32.add (local.get $count) (i32.const 1)) (i32.const 4))))
            (i32.store (local.get $slot) (local.get $pos))
            (i32.store offset=4 (local.get $slot) (local.get $k))
            (i32.store offset=8 (local.get $slot) (local.get $vs))
            (i32.store offset=12 (local.get $slot) (local.get $ve))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $v (local.get $ve))))
        (i32.store offset=4 (global.get $slots) (local.get $v))
        ;; Pairs are separated by spaces; anything else ends the run.
        (br_if $done (i32.ge_u (local.get $v) (local.get $end)))
        (br_if $done (i32.ne (i32.load8_u (local.get $v)) (i32.const 0x20)))
        (local.set $pos (i32.add (local.get $v) (i32.const 1)))
        (block $spaces
          (loop $skip
            (br_if $spaces (i32.ge_u (local.get $pos) (local.get $end)))
            (br_if $spaces (i32.ne (i32.load8_u (local.get $pos)) (i32.const 0x20)))
            (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
            (br $skip)))
        (br $pairs)))
    (local.get $count))

  ;; Whether one of the first `$count` pairs is `type=audit`.
  (func $holdsTypeAudit (param $count i32) (result i32)
    (local $at i32) (local $ks i32) (local $vs i32)
    (local.set $at (i32.add (global.get $slots) (i32.const 16)))
    (block $none
      (loop $each
        (br_if $none (i32.eqz (local.get $count)))
        (local.set $ks (i32.load (local.get $at)))
        (local.set $vs (i32.load offset=8 (local.get $at)))
        (if (i32.and
              (i32.and
                (i32.eq (i32.sub (i32.load offset=4 (local.get $at)) (local.get $ks)) (i32.const 4))
                (i32.eq (i32.sub (i32.load offset=12 (local.get $at)) (local.get $vs)) (i32.const 5)))
              (i32.and
                ;; "type" and "audi" little-endian, then "t".
                (i32.eq (i32.load (local.get $ks)) (i32.const 0x65707974))
                (i32.and
                  (i32.eq (i32.load (local.get $vs)) (i32.const 0x69647561))
                  (i32.eq (i32.load8_u offset=4 (local.get $vs)) (i32.const 0x74)))))
          (then (return (i32.const 1))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  ;; The first run in [$from, $end) holding `type=audit`, as pairs.ts
  ;; findAuditRun finds it from the start of a text, indexed by key: its
  ;; number of pairs, 0 if there is none, -1 if a run has more than 64
  ;; pairs, -2 if a key appears twice in it.
  (func $audit (export "audit") (param $from i32) (param $end i32) (result i32)
    (local $c i32) (local $at i32) (local $eq i32) (local $start i32) (local $count i32) (local $next i32)
    (if (i32.ge_u (local.get $from) (local.get $end)) (then (return (i32.const 0))))
    (local.set $at (local.get $from))
    (local.set $eq (local.get $from))
    (loop $each
      (local.set $eq (call $seek (local.get $eq) (local.get $end) (i32.const 0x3d)))
      (if (i32.ge_u (local.get $eq) (local.get $end)) (then (return (i32.const 0))))
      (block $next
        ;; Walk back over the key.
        (local.set $start (local.get $eq))
        (block $keyStart
          (loop $back
            (br_if $keyStart (i32.le_u (local.get $start) (local.get $from)))
            (br_if $keyStart
              (i32.eqz
                (i32.or
                  (i32.lt_u
                    (i32.sub
                      (local.tee $c (i32.load8_u (i32.sub (local.get $start) (i32.const 1))))
                      (i32.const 0x61))
                    (i32.const 26))
                  (i32.eq (local.get $c) (i32.const 0x5f)))))
            (local.set $start (i32.sub (local.get $start) (i32.const 1)))
            (br $back)))
        (br_if $next (i32.eq (local.get $start) (local.get $eq)))
        ;; At the start, or after a space at or past `$at`.
        (if (i32.ne (local.get $start) (local.get $from))
          (then
            (br_if $next (i32.lt_u (i32.sub (local.get $start) (i32.const 1)) (local.get $at)))
            (br_if $next
              (i32.ne (i32.load8_u (i32.sub (local.get $start) (i32.const 1))) (i32.const 0x20)))))
        (local.set $count (call $readRun (local.get $start) (local.get $end)))
        (if (i32.lt_s (local.get $count) (i32.const 0)) (then (return (i32.const -1))))
        (if (call $holdsTypeAudit (local.get $count))
          (then
            (if (call $index (local.get $count)) (then (return (local.get $count))))
            (return (i32.const -2))))
        (local.set $at (i32.load offset=4 (global.get $slots)))
        (if (i32.lt_u (local.get $at) (i32.add (local.get $start) (i32.const 1)))
          (then (local.set $at (i32.add (local.get $start) (i32.const 1)))))
        (if (i32.lt_u (local.get $eq) (local.get $at))
          (then (local.set $eq (i32.sub (local.get $at) (i32.const 1))))))
      (local.set $eq (i32.add (local.get $eq) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $eq) (local.get $end))))
    (i32.const 0))
  ;; The first place in [$from, $end) where the `$n` bytes at `$word` (1 or
  ;; more) stand wholly, or -1. Places where the word's first and last bytes
  ;; both stand are found 16 at a time; only those are compared in full.
  ;; Loads may read up to 16 bytes past `$end`: the memory holds them.
  (func $find (export "find") (param $from i32) (param $end i32) (param $word i32) (param $n i32)
    (result i32)
    (local $span i32) (local $limit i32) (local $first v128) (local $last v128)
    (local $i i32) (local $m i32) (local $p i32) (local $k i32)
    (if (i32.gt_s (i32.add (local.get $from) (local.get $n)) (local.get $end))
      (then (return (i32.const -1))))
    (local.set $span (i32.sub (local.get $n) (i32.const 1)))
    (local.set $limit (i32.sub (local.get $end) (local.get $n)))
    (local.set $first (i8x16.splat (i32.load8_u (local.get $word))))
    (local.set $last (i8x16.splat (i32.load8_u (i32.add (local.get $word) (local.get $span)))))
    (local.set $i (local.get $from))
    (block $none
      (loop $blocks
        (br_if $none (i32.gt_s (local.get $i) (local.get $limit)))
        (local.set $m
          (i8x16.bitmask
            (v128.and
              (i8x16.eq (v128.load (local.get $i)) (local.get $first))
              (i8x16.eq (v128.load (i32.add (local.get $i) (local.get $span))) (local.get $last)))))
        (block $next
          (loop $bits
            (br_if $next (i32.eqz (local.get $m)))
            (local.set $p (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (br_if $none (i32.gt_s (local.get $p) (local.get $limit)))
            (local.set $k (i32.const 1))
            (block $differ
              (loop $bytes
                (if (i32.ge_u (local.get $k) (local.get $span)) (then (return (local.get $p))))
                (br_if $differ
                  (i32.ne
                    (i32.load8_u (i32.add (local.get $p) (local.get $k)))
                    (i32.load8_u (i32.add (local.get $word) (local.get $k)))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $bytes)))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $bits)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (i32.const -1))

  ;; What a denial said, laid out as report/aggregate.ts' SaidKey lays it
  ;; out: its component's code, then the uid, object and action bytes, each
  ;; followed by 0xff, then zeros up to a multiple of 4, written where slot
  ;; [3] says.
  ;; Its hash, byte-keys.ts' hashWords seeded with `$seed`, is left in slot
  ;; [2]. Returns the key's length. Built here, the key costs one call where
  ;; JavaScript copied and hashed it four bytes at a time.
  (func (export "said")
    (param $code i32) (param $us i32) (param $ue i32) (param $os i32)
    (param $oe i32) (param $as i32) (param $ae i32) (param $seed i32) (result i32)
    (local $to i32) (local $n i32) (local $h i32) (local $i i32)
    (local.set $to (i32.load offset=12 (global.get $slots)))
    (i32.store8 (local.get $to) (local.get $code))
    (local.set $n (call $part (local.get $to) (i32.const 1) (local.get $us) (local.get $ue)))
    (local.set $n (call $part (local.get $to) (local.get $n) (local.get $os) (local.get $oe)))
    (local.set $n (call $part (local.get $to) (local.get $n) (local.get $as) (local.get $ae)))
    (block $padded
      (loop $pad
        (br_if $padded (i32.eqz (i32.and (local.get $n) (i32.const 3))))
        (i32.store8 (i32.add (local.get $to) (local.get $n)) (i32.const 0))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $pad)))
    ;; FNV-1a over little-endian words, then mixed as byte-keys.ts' finish.
    (local.set $h (i32.xor (local.get $seed) (i32.const 0x811c9dc5)))
    (block $hashed
      (loop $words
        (br_if $hashed (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $h
          (i32.mul
            (i32.xor (local.get $h) (i32.load (i32.add (local.get $to) (local.get $i))))
            (i32.const 0x01000193)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $words)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))
    (local.set $h (i32.mul (local.get $h) (i32.const 0x85ebca6b)))
    (local.set $h (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))))
    (i32.store offset=8 (global.get $slots) (local.get $h))
    (local.get $n))

  ;; Copies `[$s, $e)` to `$to + $n`, then 0xff; returns where the key goes on.
  (func $part (param $to i32) (param $n i32) (param $s i32) (param $e i32) (result i32)
    (local $at i32)
    (local.set $at (i32.add (local.get $to) (local.get $n)))
    (memory.copy (local.get $at) (local.get $s) (i32.sub (local.get $e) (local.get $s)))
    (local.set $at (i32.add (local.get $at) (i32.sub (local.get $e) (local.get $s))))
    (i32.store8 (local.get $at) (i32.const 0xff))
    (i32.sub (i32.add (local.get $at) (i32.const 1)) (local.get $to)))

  ;; ---------------------------------------------------------------------
  ;; The rest of a record line (record-view.ts): after the run, what
  ;; audit-record.ts would read, checked and laid out at byte 1088 of the
  ;; slots, in i32s:
  ;;   [272] the component's code (audit-record.ts AUTHORIZERS, in order)
  ;;   [273] the result: 0 deny, 1 allow
  ;;   [274, 275] the uid, [276, 277] the object (or path), [278, 279]
  ;;   the action, [280, 281] the reason, [282, 283] the record's
  ;;   timestamp (-1 when the record has none)
  ;; The words it looks for are at byte 1184 (JavaScript writes them once,
  ;; 16 bytes apart): `type=`, `, client: `, ` while `, ` uid=`,
  ;; `request: "`.

  ;; `$n` digits at `$p`.
  (func $digitsAt (param $p i32) (param $n i32) (result i32)
    (block $no
      (loop $each
        (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
        (br_if $no (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  ;; `HH:MM:SS` at `$p`.
  (func $clockAt (param $p i32) (result i32)
    (i32.and
      (i32.and
        (i32.and
          (i32.lt_u (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)) (i32.const 10))
          (i32.lt_u (i32.sub (i32.load8_u offset=1 (local.get $p)) (i32.const 0x30)) (i32.const 10)))
        (i32.and
          (i32.lt_u (i32.sub (i32.load8_u offset=3 (local.get $p)) (i32.const 0x30)) (i32.const 10))
          (i32.lt_u (i32.sub (i32.load8_u offset=4 (local.get $p)) (i32.const 0x30)) (i32.const 10))))
      (i32.and
        (i32.and
          (i32.lt_u (i32.sub (i32.load8_u offset=6 (local.get $p)) (i32.const 0x30)) (i32.const 10))
          (i32.lt_u (i32.sub (i32.load8_u offset=7 (local.get $p)) (i32.const 0x30)) (i32.const 10)))
        (i32.and
          (i32.eq (i32.load8_u offset=2 (local.get $p)) (i32.const 0x3a))
          (i32.eq (i32.load8_u offset=5 (local.get $p)) (i32.const 0x3a))))))

  ;; The code of the authorizer named in [$s, $e) (AUTHORIZERS' order), or -1.
  ;; Compared as two overlapping little-endian loads.
  (func $componentOf (param $s i32) (param $e i32) (result i32)
    (local $n i32)
    (local.set $n (i32.sub (local.get $e) (local.get $s)))
    (if (i32.eq (local.get $n) (i32.const 11))
      (then
        (if (i32.and
              (i64.eq (i64.load (local.get $s)) (i64.const 0x756f726e696d6461))
              (i64.eq (i64.load offset=3 (local.get $s)) (i64.const 0x726574756f726e69)))
          (then (return (i32.const 0))))
        (if (i32.and
              (i64.eq (i64.load (local.get $s)) (i64.const 0x67612d736f73656d))
              (i64.eq (i64.load offset=3 (local.get $s)) (i64.const 0x746e6567612d736f)))
          (then (return (i32.const 3))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 7))
      (then
        (if (i32.and
              (i32.eq (i32.load (local.get $s)) (i32.const 0x6e756f62))
              (i32.eq (i32.load offset=3 (local.get $s)) (i32.const 0x7265636e)))
          (then (return (i32.const 1))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 12))
      (then
        (if (i32.and
              (i64.eq (i64.load (local.get $s)) (i64.const 0x616d2d736f73656d))
              (i64.eq (i64.load offset=4 (local.get $s)) (i64.const 0x72657473616d2d73)))
          (then (return (i32.const 2))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 8))
      (then
        (if (i64.eq (i64.load (local.get $s)) (i64.const 0x6e6f68746172616d))
          (then (return (i32.const 4))))
        (return (i32.const -1))))
    (if (i32.eq (local.get $n) (i32.const 9))
      (then
        (if (i32.and
              (i64.eq (i64.load (local.get $s)) (i64.const 0x6d6f6e6f7274656d))
              (i32.eq (i32.load8_u offset=8 (local.get $s)) (i32.const 0x65)))
          (then (return (i32.const 5))))))
    (i32.const -1))

  ;; IAM's `] LEVEL: ` ending at `$start`: /\] [A-Z]+: $/.
  (func $levelPrefix (param $lo i32) (param $start i32) (result i32)
    (local $i i32)
    (if (i32.lt_s (i32.sub (local.get $start) (i32.const 2)) (local.get $lo)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $start) (i32.const 1))) (i32.const 0x20)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $start) (i32.const 2))) (i32.const 0x3a)) (then (return (i32.const 0))))
    (local.set $i (i32.sub (local.get $start) (i32.const 3)))
    (block $done
      (loop $upper
        (br_if $done (i32.lt_s (local.get $i) (local.get $lo)))
        (br_if $done (i32.ge_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x41)) (i32.const 26)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $upper)))
    (if (i32.ge_s (local.get $i) (i32.sub (local.get $start) (i32.const 3))) (then (return (i32.const 0))))
    (if (i32.lt_s (i32.sub (local.get $i) (i32.const 1)) (local.get $lo)) (then (return (i32.const 0))))
    (i32.and
      (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x20))
      (i32.eq (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 0x5d))))

  ;; glog's `I1122 10:00:07.752534  3708 file.cpp:178] ` ending at `$start`.
  (func $glogPrefix (param $lo i32) (param $start i32) (result i32)
    (local $i i32) (local $mark i32) (local $s i32) (local $c i32)
    (local.set $i (i32.sub (local.get $start) (i32.const 1)))
    (if (i32.lt_s (i32.sub (local.get $i) (i32.const 1)) (local.get $lo)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.const 0x5d)) (then (return (i32.const 0))))
    ;; The line number, then `:`.
    (local.set $i (i32.sub (local.get $i) (i32.const 2)))
    (local.set $mark (local.get $i))
    (block $done
      (loop $digit
        (br_if $done (i32.lt_s (local.get $i) (local.get $lo)))
        (br_if $done (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)) (i32.const 10))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $digit)))
    (if (i32.eq (local.get $i) (local.get $mark)) (then (return (i32.const 0))))
    (if (i32.lt_s (local.get $i) (local.get $lo)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x3a)) (then (return (i32.const 0))))
    ;; The file: anything but a space or `]`, then a space.
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $mark (local.get $i))
    (block $done
      (loop $file
        (br_if $done (i32.lt_s (local.get $i) (local.get $lo)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done (i32.eq (local.get $c) (i32.const 0x20)))
        (br_if $done (i32.eq (local.get $c) (i32.const 0x5d)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $file)))
    (if (i32.eq (local.get $i) (local.get $mark)) (then (return (i32.const 0))))
    (if (i32.lt_s (local.get $i) (local.get $lo)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (return (i32.const 0))))
    ;; The thread: digits, then spaces.
    (local.set $i (i32.sub (local.get $i) (i32.const 1)))
    (local.set $mark (local.get $i))
    (block $done
      (loop $digit
        (br_if $done (i32.lt_s (local.get $i) (local.get $lo)))
        (br_if $done (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)) (i32.const 10))))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $digit)))
    (if (i32.eq (local.get $i) (local.get $mark)) (then (return (i32.const 0))))
    (if (i32.lt_s (local.get $i) (local.get $lo)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x20)) (then (return (i32.const 0))))
    (block $done
      (loop $space
        (br_if $done (i32.lt_s (local.get $i) (local.get $lo)))
        (br_if $done (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x20)))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br $space)))
    ;; `[IWEF]MMDD HH:MM:SS.ffffff`, 21 bytes, ending at $i.
    (local.set $s (i32.sub (local.get $i) (i32.const 20)))
    (if (i32.lt_s (local.get $s) (local.get $lo)) (then (return (i32.const 0))))
    (local.set $c (i32.load8_u (local.get $s)))
    (if (i32.eqz
          (i32.or
            (i32.or (i32.eq (local.get $c) (i32.const 0x49)) (i32.eq (local.get $c) (i32.const 0x57)))
            (i32.or (i32.eq (local.get $c) (i32.const 0x45)) (i32.eq (local.get $c) (i32.const 0x46)))))
      (then (return (i32.const 0))))
    (i32.and
      (i32.and
        (i32.and
          (call $digitsAt (i32.add (local.get $s) (i32.const 1)) (i32.const 4))
          (i32.eq (i32.load8_u offset=5 (local.get $s)) (i32.const 0x20)))
        (call $clockAt (i32.add (local.get $s) (i32.const 6))))
      (i32.and
        (i32.eq (i32.load8_u offset=14 (local.get $s)) (i32.const 0x2e))
        (call $digitsAt (i32.add (local.get $s) (i32.const 15)) (i32.const 6)))))

  ;; Logback's `HH:MM:SS,mmm] ` (Marathon) or Play's `[level] ` (Metronome),
  ;; then anything but `"` and `=` up to `$start`.
  (func $logbackPrefix (param $lo i32) (param $start i32) (result i32)
    (local $q i32) (local $j i32) (local $t i32) (local $c i32) (local $w i32)
    (local.set $q (i32.sub (local.get $start) (i32.const 1)))
    (block $done
      (loop $back
        (br_if $done (i32.lt_s (local.get $q) (local.get $lo)))
        (local.set $c (i32.load8_u (local.get $q)))
        (br_if $done (i32.eq (local.get $c) (i32.const 0x22)))
        (br_if $done (i32.eq (local.get $c) (i32.const 0x3d)))
        (local.set $q (i32.sub (local.get $q) (i32.const 1)))
        (br $back)))
    (local.set $j (i32.add (local.get $q) (i32.const 1)))
    (if (i32.lt_s (local.get $j) (local.get $lo)) (then (local.set $j (local.get $lo))))
    (block $none
      (loop $each
        (br_if $none (i32.ge_s (i32.add (local.get $j) (i32.const 1)) (local.get $start)))
        (if (i32.and
              (i32.eq (i32.load8_u (local.get $j)) (i32.const 0x5d))
              (i32.eq (i32.load8_u offset=1 (local.get $j)) (i32.const 0x20)))
          (then
            (local.set $t (i32.sub (local.get $j) (i32.const 12)))
            (if (i32.ge_s (local.get $t) (local.get $lo))
              (then
                (if (i32.and
                      (call $clockAt (local.get $t))
                      (i32.and
                        (i32.eq (i32.load8_u offset=8 (local.get $t)) (i32.const 0x2c))
                        (call $digitsAt (i32.add (local.get $t) (i32.const 9)) (i32.const 3))))
                  (then (return (i32.const 1))))))
            ;; `[info]`, `[warn]`: four letters.
            (local.set $t (i32.sub (local.get $j) (i32.const 5)))
            (if (i32.ge_s (local.get $t) (local.get $lo))
              (then
                (local.set $w (i32.load offset=1 (local.get $t)))
                (if (i32.and
                      (i32.eq (i32.load8_u (local.get $t)) (i32.const 0x5b))
                      (i32.or
                        (i32.eq (local.get $w) (i32.const 0x6f666e69))
                        (i32.eq (local.get $w) (i32.const 0x6e726177))))
                  (then (return (i32.const 1))))))
            ;; `[error]`, `[debug]`, `[trace]`: five.
            (local.set $t (i32.sub (local.get $j) (i32.const 6)))
            (if (i32.ge_s (local.get $t) (local.get $lo))
              (then
                (local.set $w (i32.load offset=1 (local.get $t)))
                (local.set $c (i32.load8_u offset=5 (local.get $t)))
                (if (i32.and
                      (i32.eq (i32.load8_u (local.get $t)) (i32.const 0x5b))
                      (i32.or
                        (i32.and (i32.eq (local.get $w) (i32.const 0x6f727265)) (i32.eq (local.get $c) (i32.const 0x72)))
                        (i32.or
                          (i32.and (i32.eq (local.get $w) (i32.const 0x75626564)) (i32.eq (local.get $c) (i32.const 0x67)))
                          (i32.and (i32.eq (local.get $w) (i32.const 0x63617274)) (i32.eq (local.get $c) (i32.const 0x65))))))
                  (then (return (i32.const 1))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  ;; Whether the text before the run, from `$from`, ends the way component
  ;; `$code`'s logger ends its prefix (audit-record.ts PREFIX), read over at
  ;; most 120 bytes (PREFIX_WINDOW).
  (func $startsWhereWritten (param $from i32) (param $start i32) (param $code i32) (result i32)
    (local $lo i32) (local $p i32)
    (local.set $lo (i32.sub (local.get $start) (i32.const 120)))
    (if (i32.lt_s (local.get $lo) (local.get $from)) (then (local.set $lo (local.get $from))))
    (if (i32.eqz (local.get $code))
      (then
        ;; `auditlog(): `
        (local.set $p (i32.sub (local.get $start) (i32.const 12)))
        (if (i32.lt_s (local.get $p) (local.get $from)) (then (return (i32.const 0))))
        (return
          (i32.and
            (i64.eq (i64.load (local.get $p)) (i64.const 0x676f6c7469647561))
            (i32.eq (i32.load offset=8 (local.get $p)) (i32.const 0x203a2928))))))
    (if (i32.eq (local.get $code) (i32.const 1))
      (then (return (call $levelPrefix (local.get $lo) (local.get $start)))))
    (if (i32.le_u (local.get $code) (i32.const 3))
      (then (return (call $glogPrefix (local.get $lo) (local.get $start)))))
    (call $logbackPrefix (local.get $lo) (local.get $start)))

  ;; Admin Router's uid: the text after the only ` uid=` of the raw request
  ;; URI, before nginx's `, client: ` or ` while ` (audit-record.ts). Stores
  ;; it and returns where the record ends, or -1.
  (func $adminRouterUid (param $end i32) (result i32)
    (local $uri i32) (local $tail i32) (local $client i32) (local $context i32)
    (local $suffix i32) (local $stop i32) (local $first i32)
    (local.set $uri (i32.load offset=1080 (global.get $slots)))
    (if (i32.eq (local.get $uri) (i32.const -1)) (then (return (i32.const -1))))
    ;; Past `request_uri=`.
    (local.set $tail
      (i32.add
        (i32.load offset=16 (i32.add (global.get $slots) (i32.shl (local.get $uri) (i32.const 4))))
        (i32.const 12)))
    (local.set $client (call $find (local.get $tail) (local.get $end) (i32.add (global.get $slots) (i32.add (i32.const 1184) (i32.shl (i32.const 1) (i32.const 4)))) (i32.const 10)))
    (local.set $context (call $find (local.get $tail) (local.get $end) (i32.add (global.get $slots) (i32.add (i32.const 1184) (i32.shl (i32.const 2) (i32.const 4)))) (i32.const 7)))
    (local.set $suffix
      (select
        (local.get $context)
        (select
          (local.get $client)
          (select (local.get $client) (local.get $context) (i32.lt_s (local.get $client) (local.get $context)))
          (i32.eq (local.get $context) (i32.const -1)))
        (i32.eq (local.get $client) (i32.const -1))))
    (local.set $stop (select (local.get $end) (local.get $suffix) (i32.eq (local.get $suffix) (i32.const -1))))
    (local.set $first (call $find (local.get $tail) (local.get $stop) (i32.add (global.get $slots) (i32.add (i32.const 1184) (i32.shl (i32.const 3) (i32.const 4)))) (i32.const 5)))
    (if (i32.eq (local.get $first) (i32.const -1)) (then (return (i32.const -1))))
    ;; The only one, with no space before it.
    (if (i32.ne
          (call $find (i32.add (local.get $first) (i32.const 1)) (local.get $stop) (i32.add (global.get $slots) (i32.add (i32.const 1184) (i32.shl (i32.const 3) (i32.const 4)))) (i32.const 5))
          (i32.const -1))
      (then (return (i32.const -1))))
    (if (i32.lt_u (call $seek (local.get $tail) (local.get $first) (i32.const 0x20)) (local.get $first))
      (then (return (i32.const -1))))
    (if (i32.ne (local.get $suffix) (i32.const -1))
      (then
        (if (call $requestHoldsSpace (local.get $suffix) (local.get $end))
          (then (return (i32.const -1))))))
    (i32.store offset=1096 (global.get $slots) (i32.add (local.get $first) (i32.const 5)))
    (i32.store offset=1100 (global.get $slots) (local.get $stop))
    (local.get $stop))

  ;; Whether nginx's `request: "..."` after `$suffix` holds more than three parts.
  (func $requestHoldsSpace (param $suffix i32) (param $end i32) (result i32)
    (local $open i32) (local $close i32) (local $spaces i32)
    (local.set $open (call $find (local.get $suffix) (local.get $end) (i32.add (global.get $slots) (i32.add (i32.const 1184) (i32.shl (i32.const 4) (i32.const 4)))) (i32.const 10)))
    (if (i32.eq (local.get $open) (i32.const -1)) (then (return (i32.const 0))))
    (local.set $open (i32.add (local.get $open) (i32.const 10)))
    (local.set $close (call $seek (local.get $open) (local.get $end) (i32.const 0x22)))
    (if (i32.ge_u (local.get $close) (local.get $end)) (then (return (i32.const 0))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $open) (local.get $close)))
        (if (i32.eq (i32.load8_u (local.get $open)) (i32.const 0x20))
          (then
            (local.set $spaces (i32.add (local.get $spaces) (i32.const 1)))
            (if (i32.gt_u (local.get $spaces) (i32.const 2)) (then (return (i32.const 1))))))
        (local.set $open (i32.add (local.get $open) (i32.const 1)))
        (br $each)))
    (i32.const 0))

  ;; Stores pair `$i`'s value at `$to` (two i32s), or -1 twice when `$i` is -1.
  (func $keepValue (param $i i32) (param $to i32)
    (if (i32.eq (local.get $i) (i32.const -1))
      (then
        (i32.store (local.get $to) (i32.const -1))
        (i32.store offset=4 (local.get $to) (i32.const -1)))
      (else
        (i32.store (local.get $to) (i32.load offset=24 (i32.add (global.get $slots) (i32.shl (local.get $i) (i32.const 4)))))
        (i32.store offset=4 (local.get $to) (i32.load offset=28 (i32.add (global.get $slots) (i32.shl (local.get $i) (i32.const 4))))))))

  ;; The record in the message [$from, $end), read as audit-record.ts reads
  ;; an authorization record with an account: 1 with it laid out at byte
  ;; 1088 of the slots; 0 for anything else (no run, an unknown authorizer,
  ;; a record not where its logger writes it, no uid, object, action or
  ;; result, another result, a second record after it), which the parser
  ;; reads instead.
  (func $record (param $from i32) (param $end i32) (result i32)
    (local $auth i32) (local $code i32) (local $start i32) (local $recordEnd i32)
    (local $uid i32) (local $object i32) (local $action i32) (local $result i32)
    (local $vs i32) (local $n i32) (local $rec i32)
    (if (i32.le_s (call $audit (local.get $from) (local.get $end)) (i32.const 0))
      (then (return (i32.const 0))))
    (local.set $rec (i32.add (global.get $slots) (i32.const 1088)))
    (local.set $auth (i32.load offset=1040 (i32.add (global.get $slots) (i32.shl (i32.const 1) (i32.const 2)))))
    (if (i32.eq (local.get $auth) (i32.const -1)) (then (return (i32.const 0))))
    (local.set $code
      (call $componentOf (i32.load offset=24 (i32.add (global.get $slots) (i32.shl (local.get $auth) (i32.const 4)))) (i32.load offset=28 (i32.add (global.get $slots) (i32.shl (local.get $auth) (i32.const 4))))))
    (if (i32.eq (local.get $code) (i32.const -1)) (then (return (i32.const 0))))
    (local.set $start (i32.load (global.get $slots)))
    (if (i32.gt_u (local.get $start) (local.get $from))
      (then
        (if (i32.eqz (call $startsWhereWritten (local.get $from) (local.get $start) (local.get $code)))
          (then (return (i32.const 0))))))
    (i32.store (local.get $rec) (local.get $code))
    (local.set $recordEnd (i32.load offset=4 (global.get $slots)))
    (if (i32.eqz (local.get $code))
      (then
        (local.set $recordEnd (call $adminRouterUid (local.get $end)))
        (if (i32.eq (local.get $recordEnd) (i32.const -1)) (then (return (i32.const 0)))))
      (else
        (local.set $uid (i32.load offset=1040 (i32.add (global.get $slots) (i32.shl (i32.const 3) (i32.const 2)))))
        (if (i32.eq (local.get $uid) (i32.const -1)) (then (return (i32.const 0))))
        (call $keepValue (local.get $uid) (i32.add (local.get $rec) (i32.const 8)))))
    (if (i32.eq (i32.load offset=8 (local.get $rec)) (i32.load offset=12 (local.get $rec)))
      (then (return (i32.const 0))))
    ;; Marathon and Metronome name the object `path`.
    (local.set $object
      (i32.load offset=1040 (i32.add (global.get $slots) (i32.shl (select (i32.const 5) (i32.const 4) (i32.ge_u (local.get $code) (i32.const 4))) (i32.const 2)))))
    (local.set $action (i32.load offset=1040 (i32.add (global.get $slots) (i32.shl (i32.const 6) (i32.const 2)))))
    (local.set $result (i32.load offset=1040 (i32.add (global.get $slots) (i32.shl (i32.const 7) (i32.const 2)))))
    (if (i32.or
          (i32.eq (local.get $object) (i32.const -1))
          (i32.or (i32.eq (local.get $action) (i32.const -1)) (i32.eq (local.get $result) (i32.const -1))))
      (then (return (i32.const 0))))
    (local.set $vs (i32.load offset=24 (i32.add (global.get $slots) (i32.shl (local.get $result) (i32.const 4)))))
    (local.set $n (i32.sub (i32.load offset=28 (i32.add (global.get $slots) (i32.shl (local.get $result) (i32.const 4)))) (local.get $vs)))
    (if (i32.and
          (i32.eq (local.get $n) (i32.const 4))
          (i32.eq (i32.load (local.get $vs)) (i32.const 0x796e6564)))
      (then (i32.store offset=4 (local.get $rec) (i32.const 0)))
      (else
        (if (i32.and
              (i32.eq (local.get $n) (i32.const 5))
              (i32.and
                (i32.eq (i32.load (local.get $vs)) (i32.const 0x6f6c6c61))
                (i32.eq (i32.load8_u offset=4 (local.get $vs)) (i32.const 0x77))))
          (then (i32.store offset=4 (local.get $rec) (i32.const 1)))
          (else (return (i32.const 0))))))
    (call $keepValue (local.get $object) (i32.add (local.get $rec) (i32.const 16)))
    (call $keepValue (local.get $action) (i32.add (local.get $rec) (i32.const 24)))
    (call $keepValue (i32.load offset=1040 (i32.add (global.get $slots) (i32.shl (i32.const 8) (i32.const 2)))) (i32.add (local.get $rec) (i32.const 32)))
    (call $keepValue (i32.load offset=1040 (i32.add (global.get $slots) (i32.shl (i32.const 9) (i32.const 2)))) (i32.add (local.get $rec) (i32.const 40)))
    ;; A second record after this one makes the line suspicious.
    (if (i32.lt_u (local.get $recordEnd) (i32.add (local.get $start) (i32.const 1)))
      (then (local.set $recordEnd (i32.add (local.get $start) (i32.const 1)))))
    (i32.eq
      (call $find (local.get $recordEnd) (local.get $end) (i32.add (global.get $slots) (i32.add (i32.const 1184) (i32.shl (i32.const 0) (i32.const 4)))) (i32.const 5))
      (i32.const -1)))

  ;; ---------------------------------------------------------------------
  ;; The journal's part of a line (record-view.ts): its timestamp, host and
  ;; `ident[pid]: `, laid out at byte 1136 of the slots, in i32s:
  ;;   [284] the format: 0 short-iso, 1 short-iso-precise, 2 short,
  ;;         3 short-precise
  ;;   [285] where the timestamp ends (it starts the line)
  ;;   [286, 287] the host
  ;;   [288, 289] the ident, or -1 twice when the line has none
  ;;   [290] where the message starts

  (func $isLower (param $c i32) (result i32)
    (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26)))

  ;; Stores the format, `.ffffff` after `$p` making it precise; returns
  ;; where the timestamp goes on.
  (func $precision (param $p i32) (param $end i32) (param $format i32) (result i32)
    (if (i32.and
          (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x2e))
          (i32.and
            (i32.le_u (i32.add (local.get $p) (i32.const 7)) (local.get $end))
            (call $digitsAt (i32.add (local.get $p) (i32.const 1)) (i32.const 6))))
      (then
        (i32.store offset=1136 (global.get $slots) (i32.add (local.get $format) (i32.const 1)))
        (return (i32.add (local.get $p) (i32.const 7)))))
    (i32.store offset=1136 (global.get $slots) (local.get $format))
    (local.get $p))

  ;; Where short-iso's `YYYY-MM-DDTHH:MM:SS[.ffffff](Z|+-HH[:]MM)` at `$s` ends, or -1.
  (func $isoStamp (param $s i32) (param $end i32) (result i32)
    (local $p i32) (local $z i32)
    (if (i32.eqz
          (i32.and
            (i32.and
              (i32.and
                (call $digitsAt (local.get $s) (i32.const 4))
                (i32.eq (i32.load8_u offset=4 (local.get $s)) (i32.const 0x2d)))
              (i32.and
                (call $digitsAt (i32.add (local.get $s) (i32.const 5)) (i32.const 2))
                (i32.eq (i32.load8_u offset=7 (local.get $s)) (i32.const 0x2d))))
            (i32.and
              (i32.and
                (call $digitsAt (i32.add (local.get $s) (i32.const 8)) (i32.const 2))
                (i32.eq (i32.load8_u offset=10 (local.get $s)) (i32.const 0x54)))
              (call $clockAt (i32.add (local.get $s) (i32.const 11))))))
      (then (return (i32.const -1))))
    (local.set $p (call $precision (i32.add (local.get $s) (i32.const 19)) (local.get $end) (i32.const 0)))
    (local.set $z (i32.load8_u (local.get $p)))
    (if (i32.eq (local.get $z) (i32.const 0x5a)) (then (return (i32.add (local.get $p) (i32.const 1)))))
    (if (i32.and
          (i32.or (i32.eq (local.get $z) (i32.const 0x2b)) (i32.eq (local.get $z) (i32.const 0x2d)))
          (i32.and
            (i32.le_u (i32.add (local.get $p) (i32.const 6)) (local.get $end))
            (call $digitsAt (i32.add (local.get $p) (i32.const 1)) (i32.const 2))))
      (then
        (local.set $p
          (i32.add (local.get $p)
            (select (i32.const 4) (i32.const 3) (i32.eq (i32.load8_u offset=3 (local.get $p)) (i32.const 0x3a)))))
        (if (i32.and
              (i32.le_u (i32.add (local.get $p) (i32.const 2)) (local.get $end))
              (call $digitsAt (local.get $p) (i32.const 2)))
          (then (return (i32.add (local.get $p) (i32.const 2)))))))
    (i32.const -1))

  ;; Where short's `Mon DD HH:MM:SS[.ffffff]` at `$s` ends, or -1 (its
  ;; first letter checked already).
  (func $shortStamp (param $s i32) (param $end i32) (result i32)
    (local $c i32)
    (local.set $c (i32.load8_u offset=4 (local.get $s)))
    (if (i32.eqz
          (i32.and
            (i32.and
              (i32.and
                (call $isLower (i32.load8_u offset=1 (local.get $s)))
                (call $isLower (i32.load8_u offset=2 (local.get $s))))
              (i32.and
                (i32.eq (i32.load8_u offset=3 (local.get $s)) (i32.const 0x20))
                (i32.or (i32.eq (local.get $c) (i32.const 0x20)) (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))))
            (i32.and
              (i32.and
                (i32.lt_u (i32.sub (i32.load8_u offset=5 (local.get $s)) (i32.const 0x30)) (i32.const 10))
                (i32.eq (i32.load8_u offset=6 (local.get $s)) (i32.const 0x20)))
              (call $clockAt (i32.add (local.get $s) (i32.const 7))))))
      (then (return (i32.const -1))))
    (call $precision (i32.add (local.get $s) (i32.const 15)) (local.get $end) (i32.const 2)))

  ;; Reads `timestamp host [ident[\[pid\]]: ]` at the start of [$s, $end)
  ;; (journal-entry.ts): 1, laid out at byte 1136, or 0.
  (func $prefix (param $s i32) (param $end i32) (result i32)
    (local $p i32) (local $h i32) (local $rest i32) (local $i i32) (local $j i32)
    (local $d i32) (local $c i32) (local $after i32) (local $out i32)
    (local.set $out (i32.add (global.get $slots) (i32.const 1136)))
    (local.set $p
      (if (result i32) (i32.lt_u (i32.sub (i32.load8_u (local.get $s)) (i32.const 0x41)) (i32.const 26))
        (then (call $shortStamp (local.get $s) (local.get $end)))
        (else (call $isoStamp (local.get $s) (local.get $end)))))
    (if (i32.eq (local.get $p) (i32.const -1)) (then (return (i32.const 0))))
    (if (i32.ge_u (local.get $p) (local.get $end)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $p)) (i32.const 0x20)) (then (return (i32.const 0))))
    (i32.store offset=4 (local.get $out) (local.get $p))
    ;; The host: one or more bytes up to a space.
    (local.set $h (call $seek (i32.add (local.get $p) (i32.const 1)) (local.get $end) (i32.const 0x20)))
    (if (i32.eq (local.get $h) (i32.add (local.get $p) (i32.const 1))) (then (return (i32.const 0))))
    (if (i32.ge_u (local.get $h) (local.get $end)) (then (return (i32.const 0))))
    (i32.store offset=8 (local.get $out) (i32.add (local.get $p) (i32.const 1)))
    (i32.store offset=12 (local.get $out) (local.get $h))
    ;; `ident[pid]: `, `ident: `, or the message straight away.
    (local.set $rest (i32.add (local.get $h) (i32.const 1)))
    (local.set $i (local.get $rest))
    (block $done
      (loop $ident
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done (i32.eq (local.get $c) (i32.const 0x20)))
        (br_if $done (i32.eq (local.get $c) (i32.const 0x5b)))
        (br_if $done (i32.eq (local.get $c) (i32.const 0x3a)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $ident)))
    (local.set $after (i32.const -1))
    (if (i32.gt_u (local.get $i) (local.get $rest))
      (then
        (local.set $j (local.get $i))
        (if (i32.eq (i32.load8_u (local.get $j)) (i32.const 0x5b))
          (then
            (local.set $d (i32.add (local.get $j) (i32.const 1)))
            (block $digits
              (loop $digit
                (br_if $digits (i32.ge_u (local.get $d) (local.get $end)))
                (br_if $digits (i32.eqz (i32.lt_u (i32.sub (i32.load8_u (local.get $d)) (i32.const 0x30)) (i32.const 10))))
                (local.set $d (i32.add (local.get $d) (i32.const 1)))
                (br $digit)))
            (local.set $j
              (select
                (i32.add (local.get $d) (i32.const 1))
                (i32.const -1)
                (i32.and
                  (i32.gt_u (local.get $d) (i32.add (local.get $j) (i32.const 1)))
                  (i32.eq (i32.load8_u (local.get $d)) (i32.const 0x5d)))))))
        (if (i32.ne (local.get $j) (i32.const -1))
          (then
            (if (i32.and
                  (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $end))
                  (i32.and
                    (i32.eq (i32.load8_u (local.get $j)) (i32.const 0x3a))
                    (i32.eq (i32.load8_u offset=1 (local.get $j)) (i32.const 0x20))))
              (then (local.set $after (i32.add (local.get $j) (i32.const 2)))))))))
    (if (i32.eq (local.get $after) (i32.const -1))
      (then
        (i32.store offset=16 (local.get $out) (i32.const -1))
        (i32.store offset=20 (local.get $out) (i32.const -1))
        (i32.store offset=24 (local.get $out) (local.get $rest)))
      (else
        (i32.store offset=16 (local.get $out) (local.get $rest))
        (i32.store offset=20 (local.get $out) (local.get $i))
        (i32.store offset=24 (local.get $out) (local.get $after))))
    (i32.const 1))

  ;; A line of [$from, $end): printable ASCII, the journal's part and the
  ;; record (`record`), read in one call. 1 when the byte reader reads it.
  (func (export "line") (param $from i32) (param $end i32) (result i32)
    (if (i32.eqz (call $printable (local.get $from) (local.get $end))) (then (return (i32.const 0))))
    (if (i32.eqz (call $prefix (local.get $from) (local.get $end))) (then (return (i32.const 0))))
    (call $record (i32.load offset=1160 (global.get $slots)) (local.get $end)))

  ;; Two digits at `$p` as a number, or -1.
  (func $two (param $p i32) (result i32)
    (local $a i32) (local $b i32)
    (local.set $a (i32.sub (i32.load8_u (local.get $p)) (i32.const 0x30)))
    (local.set $b (i32.sub (i32.load8_u offset=1 (local.get $p)) (i32.const 0x30)))
    (select
      (i32.add (i32.mul (local.get $a) (i32.const 10)) (local.get $b))
      (i32.const -1)
      (i32.and (i32.lt_u (local.get $a) (i32.const 10)) (i32.lt_u (local.get $b) (i32.const 10)))))

  ;; The timestamp in [$s, $e), epoch milliseconds, as timestamp.ts'
  ;; parseTimestampBytes reads it; NaN where that gives undefined.
  (func $time (export "time") (param $s i32) (param $e i32) (result f64)
    (local $n i32) (local $sep i32) (local $h i32) (local $mi i32) (local $sec i32)
    (local $y i32) (local $mo i32) (local $d i32) (local $i i32) (local $ms i32)
    (local $frac i32) (local $c i32) (local $z i32) (local $colon i32) (local $oh i32)
    (local $om i32) (local $offset i32) (local $era i32) (local $yoe i32) (local $doy i32)
    (local.set $n (i32.sub (local.get $e) (local.get $s)))
    (if (i32.or
          (i32.or (i32.lt_s (local.get $n) (i32.const 19)) (i32.gt_s (local.get $n) (i32.const 35)))
          (i32.or
            (i32.or
              (i32.ne (i32.load8_u offset=4 (local.get $s)) (i32.const 0x2d))
              (i32.ne (i32.load8_u offset=7 (local.get $s)) (i32.const 0x2d)))
            (i32.or
              (i32.ne (i32.load8_u offset=13 (local.get $s)) (i32.const 0x3a))
              (i32.ne (i32.load8_u offset=16 (local.get $s)) (i32.const 0x3a)))))
      (then (return (f64.const nan))))
    (local.set $sep (i32.load8_u offset=10 (local.get $s)))
    (if (i32.and (i32.ne (local.get $sep) (i32.const 0x54)) (i32.ne (local.get $sep) (i32.const 0x20)))
      (then (return (f64.const nan))))
    (local.set $h (call $two (i32.add (local.get $s) (i32.const 11))))
    (local.set $mi (call $two (i32.add (local.get $s) (i32.const 14))))
    (local.set $sec (call $two (i32.add (local.get $s) (i32.const 17))))
    (if (i32.or
          (i32.or (i32.gt_u (local.get $h) (i32.const 23)) (i32.gt_u (local.get $mi) (i32.const 59)))
          (i32.gt_u (local.get $sec) (i32.const 60)))
      (then (return (f64.const nan))))
    (if (i32.eqz (call $digitsAt (local.get $s) (i32.const 4))) (then (return (f64.const nan))))
    (local.set $y
      (i32.add
        (i32.mul (call $two (local.get $s)) (i32.const 100))
        (call $two (i32.add (local.get $s) (i32.const 2)))))
    (local.set $mo (call $two (i32.add (local.get $s) (i32.const 5))))
    (local.set $d (call $two (i32.add (local.get $s) (i32.const 8))))
    (if (i32.or
          (i32.or (i32.lt_s (local.get $mo) (i32.const 1)) (i32.gt_s (local.get $mo) (i32.const 12)))
          (i32.or (i32.lt_s (local.get $d) (i32.const 1)) (i32.gt_s (local.get $d) (i32.const 31))))
      (then (return (f64.const nan))))
    ;; A fraction of 1 to 9 digits, milliseconds from its first three.
    (local.set $i (i32.add (local.get $s) (i32.const 19)))
    (if (i32.lt_u (local.get $i) (local.get $e))
      (then
        (local.set $c (i32.load8_u (local.get $i)))
        (if (i32.or (i32.eq (local.get $c) (i32.const 0x2e)) (i32.eq (local.get $c) (i32.const 0x2c)))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $frac (local.get $i))
            (block $done
              (loop $digit
                (br_if $done (i32.ge_u (local.get $i) (local.get $e)))
                (br_if $done (i32.ge_u (i32.sub (local.get $i) (local.get $frac)) (i32.const 9)))
                (local.set $c (i32.sub (i32.load8_u (local.get $i)) (i32.const 48)))
                (br_if $done (i32.gt_u (local.get $c) (i32.const 9)))
                (if (i32.lt_u (i32.sub (local.get $i) (local.get $frac)) (i32.const 3))
                  (then (local.set $ms (i32.add (i32.mul (local.get $ms) (i32.const 10)) (local.get $c)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $digit)))
            (if (i32.eq (local.get $i) (local.get $frac)) (then (return (f64.const nan))))
            (if (i32.eq (i32.sub (local.get $i) (local.get $frac)) (i32.const 1))
              (then (local.set $ms (i32.mul (local.get $ms) (i32.const 100)))))
            (if (i32.eq (i32.sub (local.get $i) (local.get $frac)) (i32.const 2))
              (then (local.set $ms (i32.mul (local.get $ms) (i32.const 10)))))))))
    ;; `Z` or `+HH[:]MM` / `-HH[:]MM`, ending the text.
    (if (i32.lt_u (local.get $i) (local.get $e))
      (then
        (local.set $z (i32.load8_u (local.get $i)))
        (if (i32.and
              (i32.eq (local.get $z) (i32.const 0x5a))
              (i32.eq (i32.add (local.get $i) (i32.const 1)) (local.get $e)))
          (then)
          (else
            (if (i32.or (i32.eq (local.get $z) (i32.const 0x2b)) (i32.eq (local.get $z) (i32.const 0x2d)))
              (then
                (local.set $colon
                  (i32.and
                    (i32.lt_u (i32.add (local.get $i) (i32.const 3)) (local.get $e))
                    (i32.eq (i32.load8_u offset=3 (local.get $i)) (i32.const 0x3a))))
                (local.set $oh (call $two (i32.add (local.get $i) (i32.const 1))))
                (local.set $om (call $two (i32.add (i32.add (local.get $i) (i32.const 3)) (local.get $colon))))
                (if (i32.or
                      (i32.or (i32.lt_s (local.get $oh) (i32.const 0)) (i32.lt_s (local.get $om) (i32.const 0)))
                      (i32.ne (i32.add (i32.add (local.get $i) (i32.const 5)) (local.get $colon)) (local.get $e)))
                  (then (return (f64.const nan))))
                (local.set $offset
                  (i32.mul
                    (i32.add (i32.mul (local.get $oh) (i32.const 60)) (local.get $om))
                    (select (i32.const -60000) (i32.const 60000) (i32.eq (local.get $z) (i32.const 0x2d))))))
              (else (return (f64.const nan))))))))
    ;; Date.UTC's day: years 0 to 99 are 1900 to 1999; days past a month's
    ;; end run into the next, as the count below does (days from civil).
    (if (i32.lt_u (local.get $y) (i32.const 100)) (then (local.set $y (i32.add (local.get $y) (i32.const 1900)))))
    (if (i32.le_u (local.get $mo) (i32.const 2)) (then (local.set $y (i32.sub (local.get $y) (i32.const 1)))))
    (local.set $era (i32.div_u (local.get $y) (i32.const 400)))
    (local.set $yoe (i32.sub (local.get $y) (i32.mul (local.get $era) (i32.const 400))))
    (local.set $doy
      (i32.add
        (i32.div_u
          (i32.add
            (i32.mul
              (i32.const 153)
              (select
                (i32.sub (local.get $mo) (i32.const 3))
                (i32.add (local.get $mo) (i32.const 9))
                (i32.gt_u (local.get $mo) (i32.const 2))))
            (i32.const 2))
          (i32.const 5))
        (i32.sub (local.get $d) (i32.const 1))))
    (f64.add
      (f64.mul
        (f64.convert_i32_s
          (i32.sub
            (i32.add
              (i32.mul (local.get $era) (i32.const 146097))
              (i32.add
                (i32.sub
                  (i32.add (i32.mul (local.get $yoe) (i32.const 365)) (i32.div_u (local.get $yoe) (i32.const 4)))
                  (i32.div_u (local.get $yoe) (i32.const 100)))
                (local.get $doy)))
            (i32.const 719468)))
        (f64.const 86400000))
      (f64.convert_i32_s
        (i32.sub
          (i32.add
            (i32.mul
              (i32.add
                (i32.mul (i32.add (i32.mul (local.get $h) (i32.const 60)) (local.get $mi)) (i32.const 60))
                (local.get $sec))
              (i32.const 1000))
            (local.get $ms))
          (local.get $offset))))))
