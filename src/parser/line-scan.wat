;; The byte scan behind the line splitter (line-scan.ts), in WebAssembly
;; SIMD: it looks at 16 bytes per step where Buffer.indexOf looks at one
;; pattern at a time, and it steps over noise lines without a call into
;; JavaScript per line. `npm run wasm` assembles it into line-scan-wasm.ts.
;;
;; Memory, in bytes:
;;   [0, 256)      per byte value: bit 1 when a line starting with it may
;;                 matter, bit 2 when a line ending with it may matter
;;   [256, 384)    two markers of at most 31 bytes, 64 bytes each: the
;;                 length, the offsets of the two bytes `find` probes
;;                 first, then from the fourth byte on the marker's bytes
;;                 (one marker is written twice)
;;   [512, ...)    the data, followed by at least 64 bytes of slack that
;;                 the 16-byte loads may read past its end
;; Addresses passed in and returned are absolute.
(module
  (memory (export "memory") 3)

  ;; Noise lines stepped over by the last `skip`.
  (global $skipped (export "skipped") (mut i32) (i32.const 0))

  ;; Whether the marker at `$marker` occurs at `$p`, ending at or before `$end`.
  (func $markerAt (param $p i32) (param $end i32) (param $marker i32) (result i32)
    (local $len i32) (local $k i32)
    (local.set $len (i32.load8_u (local.get $marker)))
    (if (i32.gt_u (i32.add (local.get $p) (local.get $len)) (local.get $end))
      (then (return (i32.const 0))))
    (block $differ
      (loop $bytes
        (if (i32.lt_u (local.get $k) (local.get $len))
          (then
            (br_if $differ
              (i32.ne
                (i32.load8_u (i32.add (local.get $p) (local.get $k)))
                (i32.load8_u offset=4 (i32.add (local.get $marker) (local.get $k)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $bytes))))
      (return (i32.const 1)))
    (i32.const 0))

  ;; The first address in [$i, $end) where a marker starts and ends before
  ;; `$end`, or -1. Candidates are the places where two of a marker's bytes
  ;; (its rarest, chosen by line-scan.ts) both stand, 16 at a time; only
  ;; those are compared in full.
  (func (export "find") (param $i i32) (param $end i32) (result i32)
    (local $a0 i32) (local $b0 i32) (local $a1 i32) (local $b1 i32)
    (local $byteA0 v128) (local $byteB0 v128) (local $byteA1 v128) (local $byteB1 v128)
    (local $m i32) (local $p i32)
    (local.set $a0 (i32.load8_u (i32.const 257)))
    (local.set $b0 (i32.load8_u (i32.const 258)))
    (local.set $byteA0 (i8x16.splat (i32.load8_u offset=260 (local.get $a0))))
    (local.set $byteB0 (i8x16.splat (i32.load8_u offset=260 (local.get $b0))))
    (local.set $a1 (i32.load8_u (i32.const 321)))
    (local.set $b1 (i32.load8_u (i32.const 322)))
    (local.set $byteA1 (i8x16.splat (i32.load8_u offset=324 (local.get $a1))))
    (local.set $byteB1 (i8x16.splat (i32.load8_u offset=324 (local.get $b1))))
    (block $none
      (loop $blocks
        (br_if $none (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $m
          (i8x16.bitmask
            (v128.or
              (v128.and
                (i8x16.eq (v128.load (i32.add (local.get $i) (local.get $a0))) (local.get $byteA0))
                (i8x16.eq (v128.load (i32.add (local.get $i) (local.get $b0))) (local.get $byteB0)))
              (v128.and
                (i8x16.eq (v128.load (i32.add (local.get $i) (local.get $a1))) (local.get $byteA1))
                (i8x16.eq (v128.load (i32.add (local.get $i) (local.get $b1))) (local.get $byteB1))))))
        (block $next
          (loop $bits
            (br_if $next (i32.eqz (local.get $m)))
            (local.set $p (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (if (call $markerAt (local.get $p) (local.get $end) (i32.const 256))
              (then (return (local.get $p))))
            (if (call $markerAt (local.get $p) (local.get $end) (i32.const 320))
              (then (return (local.get $p))))
            (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
            (br $bits)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $blocks)))
    (i32.const -1))

  ;; Steps over whole noise lines from the line start `$pos`, counting them
  ;; in `skipped`, and returns the start of the first line that JavaScript
  ;; must look at: one that reaches `$limit` (where a marker was found) or
  ;; `$end` without a line feed, one longer than `$max` bytes without its
  ;; CR, or one whose first or last byte may matter (the table).
  (func (export "skip") (param $pos i32) (param $limit i32) (param $end i32) (param $max i32)
    (result i32)
    (local $lf v128) (local $i i32) (local $m i32) (local $nl i32) (local $stop i32)
    (local.set $lf (i8x16.splat (i32.const 10)))
    (global.set $skipped (i32.const 0))
    (loop $line
      (if (i32.ge_u (local.get $pos) (local.get $limit)) (then (return (local.get $pos))))
      (local.set $i (local.get $pos))
      (local.set $nl (local.get $end))
      (block $found
        (loop $scan
          (br_if $found (i32.ge_u (local.get $i) (local.get $end)))
          (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $i)) (local.get $lf))))
          (if (local.get $m)
            (then
              (local.set $nl (i32.add (local.get $i) (i32.ctz (local.get $m))))
              (br $found)))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br $scan)))
      ;; A line feed found in the slack past `$end` is no line feed.
      (if (i32.ge_u (local.get $nl) (local.get $end)) (then (return (local.get $pos))))
      (if (i32.ge_u (local.get $nl) (local.get $limit)) (then (return (local.get $pos))))
      (local.set $stop (local.get $nl))
      (if (i32.gt_u (local.get $stop) (local.get $pos))
        (then
          (if (i32.eq (i32.load8_u (i32.sub (local.get $stop) (i32.const 1))) (i32.const 13))
            (then (local.set $stop (i32.sub (local.get $stop) (i32.const 1)))))))
      (if (i32.gt_u (i32.sub (local.get $stop) (local.get $pos)) (local.get $max))
        (then (return (local.get $pos))))
      (if (i32.gt_u (local.get $stop) (local.get $pos))
        (then
          (if (i32.or
                (i32.and (i32.load8_u (i32.load8_u (local.get $pos))) (i32.const 1))
                (i32.and
                  (i32.load8_u (i32.load8_u (i32.sub (local.get $stop) (i32.const 1))))
                  (i32.const 2)))
            (then (return (local.get $pos))))))
      (global.set $skipped (i32.add (global.get $skipped) (i32.const 1)))
      (local.set $pos (i32.add (local.get $nl) (i32.const 1)))
      (br $line))
    (unreachable)))
