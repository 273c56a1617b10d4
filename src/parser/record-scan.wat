;; The byte work of reading one record line (record-scan.ts): whether the
;; line is printable ASCII, 16 bytes per step, and the run of `key=value`
;; pairs holding `type=audit`, by pairs.ts' rules (on printable ASCII the
;; only whitespace is the space). JavaScript reads the pairs' offsets from
;; memory. `npm run wasm` assembles it into record-scan-wasm.ts.
;;
;; The memory is line-scan.wat's, so a line in the scan window is read where
;; it lies. At `$slots` this module keeps, in i32s:
;;   [0]            the start of the run read last (its first key)
;;   [1]            where its last pair ends
;;   [4 + 4n ...]   pair n of 64: key start, key end (its `=`), value start,
;;                  value end (before a closing quote)
;; Offsets passed in and returned are absolute.
(module
  (import "scan" "memory" (memory 1))
  (import "scan" "slots" (global $slots i32))

  (func $isKey (param $c i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26))
      (i32.eq (local.get $c) (i32.const 0x5f))))

  (func $isDigit (param $c i32) (result i32)
    (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10)))

  ;; Whether `$n` digits stand at `$p`, before `$end`.
  (func $digits (param $p i32) (param $n i32) (param $end i32) (result i32)
    (local $i i32)
    (if (i32.gt_u (i32.add (local.get $p) (local.get $n)) (local.get $end))
      (then (return (i32.const 0))))
    (local.set $i (local.get $p))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $i) (i32.add (local.get $p) (local.get $n))))
        (if (i32.eqz (call $isDigit (i32.load8_u (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $each)))
    (i32.const 1))

  ;; 1 when every byte of [$p, $end) is 0x20 to 0x7e.
  (func (export "printable") (param $p i32) (param $end i32) (result i32)
    (local $lo v128) (local $hi v128) (local $v v128) (local $c i32)
    (local.set $lo (i8x16.splat (i32.const 0x20)))
    (local.set $hi (i8x16.splat (i32.const 0x7e)))
    (block $tail
      (loop $blocks
        (br_if $tail (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $p)))
        (if (v128.any_true
              (v128.or
                (i8x16.lt_u (local.get $v) (local.get $lo))
                (i8x16.gt_u (local.get $v) (local.get $hi))))
          (then (return (i32.const 0))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $blocks)))
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
            (br_if $frac (i32.eqz (call $isDigit (i32.load8_u (local.get $k)))))
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

  ;; Stores pair `$n`.
  (func $pair (param $n i32) (param $ks i32) (param $ke i32) (param $vs i32) (param $ve i32)
    (local $at i32)
    (local.set $at
      (i32.add (global.get $slots) (i32.shl (i32.add (local.get $n) (i32.const 1)) (i32.const 4))))
    (i32.store (local.get $at) (local.get $ks))
    (i32.store offset=4 (local.get $at) (local.get $ke))
    (i32.store offset=8 (local.get $at) (local.get $vs))
    (i32.store offset=12 (local.get $at) (local.get $ve)))

  ;; Reads the run starting at `$start` (pairs.ts readRun): its number of
  ;; pairs, or -1 past 64.
  (func $readRun (param $start i32) (param $end i32) (result i32)
    (local $pos i32) (local $k i32) (local $vs i32) (local $e i32) (local $ve i32)
    (local $v i32) (local $count i32) (local $tail i32) (local $c i32)
    (i32.store (global.get $slots) (local.get $start))
    (i32.store offset=4 (global.get $slots) (local.get $start))
    (local.set $pos (local.get $start))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $pos) (local.get $end)))
        (local.set $k (local.get $pos))
        (block $keyEnd
          (loop $key
            (br_if $keyEnd (i32.ge_u (local.get $k) (local.get $end)))
            (local.set $c (i32.load8_u (local.get $k)))
            (br_if $keyEnd
              (i32.and
                (i32.ge_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26))
                (i32.ne (local.get $c) (i32.const 0x5f))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
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
            (local.set $e (i32.add (local.get $vs) (i32.const 1)))
            (block $close
              (loop $quoted
                (br_if $close (i32.ge_u (local.get $e) (local.get $end)))
                (br_if $close (i32.eq (i32.load8_u (local.get $e)) (i32.const 0x22)))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $quoted)))
            (call $pair (local.get $count) (local.get $pos) (local.get $k)
              (i32.add (local.get $vs) (i32.const 1)) (local.get $e))
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (if (i32.ge_u (local.get $e) (local.get $end))
              (then
                (i32.store offset=4 (global.get $slots) (local.get $end))
                (br $done)))
            (local.set $v (i32.add (local.get $e) (i32.const 1))))
          (else
            ;; A bare value: up to the next space; Mesos' timestamp holds one.
            (local.set $e (local.get $vs))
            (block $space
              (loop $bare
                (br_if $space (i32.ge_u (local.get $e) (local.get $end)))
                (br_if $space (i32.eq (i32.load8_u (local.get $e)) (i32.const 0x20)))
                (local.set $e (i32.add (local.get $e) (i32.const 1)))
                (br $bare)))
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
            (call $pair (local.get $count) (local.get $pos) (local.get $k) (local.get $vs) (local.get $ve))
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
  ;; findAuditRun finds it from the start of a text: its number of pairs,
  ;; 0 if there is none, -1 if a run has more than 64 pairs.
  (func (export "audit") (param $from i32) (param $end i32) (result i32)
    (local $at i32) (local $eq i32) (local $start i32) (local $count i32) (local $next i32)
    (if (i32.ge_u (local.get $from) (local.get $end)) (then (return (i32.const 0))))
    (local.set $at (local.get $from))
    (local.set $eq (local.get $from))
    (loop $each
      (block $next
        (br_if $next (i32.ne (i32.load8_u (local.get $eq)) (i32.const 0x3d)))
        ;; Walk back over the key.
        (local.set $start (local.get $eq))
        (block $keyStart
          (loop $back
            (br_if $keyStart (i32.le_u (local.get $start) (local.get $from)))
            (br_if $keyStart
              (i32.eqz (call $isKey (i32.load8_u (i32.sub (local.get $start) (i32.const 1))))))
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
        (if (call $holdsTypeAudit (local.get $count)) (then (return (local.get $count))))
        (local.set $at (i32.load offset=4 (global.get $slots)))
        (if (i32.lt_u (local.get $at) (i32.add (local.get $start) (i32.const 1)))
          (then (local.set $at (i32.add (local.get $start) (i32.const 1)))))
        (if (i32.lt_u (local.get $eq) (local.get $at))
          (then (local.set $eq (i32.sub (local.get $at) (i32.const 1))))))
      (local.set $eq (i32.add (local.get $eq) (i32.const 1)))
      (br_if $each (i32.lt_u (local.get $eq) (local.get $end))))
    (i32.const 0)))
