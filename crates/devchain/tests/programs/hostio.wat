;; A hand-written Stylus program that exercises every hostio: byte 0 of the calldata selects
;; an operation, the rest are its arguments (see tests/hostio.rs for the layouts).
(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "write_result" (func $write_result (param i32 i32)))
  (import "vm_hooks" "storage_load_bytes32" (func $sload (param i32 i32)))
  (import "vm_hooks" "storage_cache_bytes32" (func $scache (param i32 i32)))
  (import "vm_hooks" "storage_flush_cache" (func $sflush (param i32)))
  (import "vm_hooks" "transient_load_bytes32" (func $tload (param i32 i32)))
  (import "vm_hooks" "transient_store_bytes32" (func $tstore (param i32 i32)))
  (import "vm_hooks" "native_keccak256" (func $keccak (param i32 i32 i32)))
  (import "vm_hooks" "emit_log" (func $emit_log (param i32 i32 i32)))
  (import "vm_hooks" "call_contract" (func $call (param i32 i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "static_call_contract" (func $static_call (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "delegate_call_contract" (func $delegate_call (param i32 i32 i32 i64 i32) (result i32)))
  (import "vm_hooks" "read_return_data" (func $read_return_data (param i32 i32 i32) (result i32)))
  (import "vm_hooks" "return_data_size" (func $return_data_size (result i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (import "vm_hooks" "create2" (func $create2 (param i32 i32 i32 i32 i32 i32)))
  (import "vm_hooks" "exit_early" (func $exit_early (param i32)))
  (import "vm_hooks" "msg_sender" (func $msg_sender (param i32)))
  (import "vm_hooks" "msg_value" (func $msg_value (param i32)))
  (import "vm_hooks" "msg_reentrant" (func $msg_reentrant (result i32)))
  (import "vm_hooks" "contract_address" (func $contract_address (param i32)))
  (import "vm_hooks" "tx_origin" (func $tx_origin (param i32)))
  (import "vm_hooks" "tx_gas_price" (func $tx_gas_price (param i32)))
  (import "vm_hooks" "tx_ink_price" (func $tx_ink_price (result i32)))
  (import "vm_hooks" "block_basefee" (func $block_basefee (param i32)))
  (import "vm_hooks" "block_coinbase" (func $block_coinbase (param i32)))
  (import "vm_hooks" "block_gas_limit" (func $block_gas_limit (result i64)))
  (import "vm_hooks" "block_number" (func $block_number (result i64)))
  (import "vm_hooks" "block_timestamp" (func $block_timestamp (result i64)))
  (import "vm_hooks" "chainid" (func $chainid (result i64)))
  (import "vm_hooks" "account_balance" (func $account_balance (param i32 i32)))
  (import "vm_hooks" "account_code" (func $account_code (param i32 i32 i32 i32) (result i32)))
  (import "vm_hooks" "account_code_size" (func $account_code_size (param i32) (result i32)))
  (import "vm_hooks" "account_codehash" (func $account_codehash (param i32 i32)))
  (import "vm_hooks" "evm_gas_left" (func $evm_gas_left (result i64)))
  (import "vm_hooks" "evm_ink_left" (func $evm_ink_left (result i64)))
  (import "vm_hooks" "pay_for_memory_grow" (func $pay_for_memory_grow (param i32)))
  (import "vm_hooks" "math_div" (func $math_div (param i32 i32)))
  (import "vm_hooks" "math_mod" (func $math_mod (param i32 i32)))
  (import "vm_hooks" "math_pow" (func $math_pow (param i32 i32)))
  (import "vm_hooks" "math_add_mod" (func $math_add_mod (param i32 i32 i32)))
  (import "vm_hooks" "math_mul_mod" (func $math_mul_mod (param i32 i32 i32)))
  (memory (export "memory") 1)

  ;; write_result(ptr, n) and succeed
  (func $ok (param $ptr i32) (param $n i32) (result i32)
    (call $write_result (local.get $ptr) (local.get $n))
    (i32.const 0))

  ;; after a call: out = [status u8][return_data_size u32 LE][return data]
  (func $call_out (param $status i32) (result i32)
    (local $n i32)
    (i32.store8 (i32.const 0x8000) (local.get $status))
    (i32.store (i32.const 0x8001) (call $return_data_size))
    (local.set $n (call $read_return_data (i32.const 0x8005) (i32.const 0) (i32.const 0x4000)))
    (call $ok (i32.const 0x8000) (i32.add (i32.const 5) (local.get $n))))

  (func (export "user_entrypoint") (param $len i32) (result i32)
    (local $op i32)
    (call $read_args (i32.const 0))
    (local.set $op (i32.load8_u (i32.const 0)))

    ;; 0: echo the arguments
    (if (i32.eq (local.get $op) (i32.const 0)) (then
      (return (call $ok (i32.const 1) (i32.sub (local.get $len) (i32.const 1))))))
    ;; 1: [key] -> storage value
    (if (i32.eq (local.get $op) (i32.const 1)) (then
      (call $sload (i32.const 1) (i32.const 0x8000))
      (return (call $ok (i32.const 0x8000) (i32.const 32)))))
    ;; 2: [key][value] -> cache and flush
    (if (i32.eq (local.get $op) (i32.const 2)) (then
      (call $scache (i32.const 1) (i32.const 33))
      (call $sflush (i32.const 0))
      (return (call $ok (i32.const 0) (i32.const 0)))))
    ;; 3: [key][value] -> cache only (never flushed)
    (if (i32.eq (local.get $op) (i32.const 3)) (then
      (call $scache (i32.const 1) (i32.const 33))
      (return (call $ok (i32.const 0) (i32.const 0)))))
    ;; 4: [key][value] -> cache, read back through the cache, flush, return the value read
    (if (i32.eq (local.get $op) (i32.const 4)) (then
      (call $scache (i32.const 1) (i32.const 33))
      (call $sload (i32.const 1) (i32.const 0x8000))
      (call $sflush (i32.const 1))
      (return (call $ok (i32.const 0x8000) (i32.const 32)))))
    ;; 5: environment, 216 bytes
    (if (i32.eq (local.get $op) (i32.const 5)) (then
      (call $msg_sender (i32.const 0x8000))
      (call $contract_address (i32.const 0x8014))
      (call $tx_origin (i32.const 0x8028))
      (call $block_coinbase (i32.const 0x803c))
      (call $msg_value (i32.const 0x8050))
      (call $block_basefee (i32.const 0x8070))
      (call $tx_gas_price (i32.const 0x8090))
      (i64.store (i32.const 0x80b0) (call $block_number))
      (i64.store (i32.const 0x80b8) (call $block_timestamp))
      (i64.store (i32.const 0x80c0) (call $chainid))
      (i64.store (i32.const 0x80c8) (call $block_gas_limit))
      (i32.store (i32.const 0x80d0) (call $tx_ink_price))
      (i32.store (i32.const 0x80d4) (call $msg_reentrant))
      (return (call $ok (i32.const 0x8000) (i32.const 216)))))
    ;; 6: keccak256 of the arguments
    (if (i32.eq (local.get $op) (i32.const 6)) (then
      (call $keccak (i32.const 1) (i32.sub (local.get $len) (i32.const 1)) (i32.const 0x8000))
      (return (call $ok (i32.const 0x8000) (i32.const 32)))))
    ;; 7: [topic count u8][topics ‖ data] -> emit_log
    (if (i32.eq (local.get $op) (i32.const 7)) (then
      (call $emit_log (i32.const 2) (i32.sub (local.get $len) (i32.const 2)) (i32.load8_u (i32.const 1)))
      (return (call $ok (i32.const 0) (i32.const 0)))))
    ;; 8: [address][value][calldata] -> call_contract
    (if (i32.eq (local.get $op) (i32.const 8)) (then
      (return (call $call_out (call $call (i32.const 1) (i32.const 53)
        (i32.sub (local.get $len) (i32.const 53)) (i32.const 21) (i64.const -1) (i32.const 0x7ff0))))))
    ;; 9: [address][calldata] -> static_call_contract
    (if (i32.eq (local.get $op) (i32.const 9)) (then
      (return (call $call_out (call $static_call (i32.const 1) (i32.const 21)
        (i32.sub (local.get $len) (i32.const 21)) (i64.const -1) (i32.const 0x7ff0))))))
    ;; 10: [address][calldata] -> delegate_call_contract
    (if (i32.eq (local.get $op) (i32.const 10)) (then
      (return (call $call_out (call $delegate_call (i32.const 1) (i32.const 21)
        (i32.sub (local.get $len) (i32.const 21)) (i64.const -1) (i32.const 0x7ff0))))))
    ;; 11: [endowment][init code] -> create1: [address][revert data len u32 LE]
    (if (i32.eq (local.get $op) (i32.const 11)) (then
      (call $create1 (i32.const 33) (i32.sub (local.get $len) (i32.const 33)) (i32.const 1)
        (i32.const 0x8000) (i32.const 0x8014))
      (return (call $ok (i32.const 0x8000) (i32.const 24)))))
    ;; 12: [endowment][salt][init code] -> create2: [address][revert data len u32 LE]
    (if (i32.eq (local.get $op) (i32.const 12)) (then
      (call $create2 (i32.const 65) (i32.sub (local.get $len) (i32.const 65)) (i32.const 1)
        (i32.const 33) (i32.const 0x8000) (i32.const 0x8014))
      (return (call $ok (i32.const 0x8000) (i32.const 24)))))
    ;; 13: revert with the arguments as data
    (if (i32.eq (local.get $op) (i32.const 13)) (then
      (call $write_result (i32.const 1) (i32.sub (local.get $len) (i32.const 1)))
      (return (i32.const 1))))
    ;; 14: [status u8][data] -> write_result(data), exit_early(status)
    (if (i32.eq (local.get $op) (i32.const 14)) (then
      (call $write_result (i32.const 2) (i32.sub (local.get $len) (i32.const 2)))
      (call $exit_early (i32.load8_u (i32.const 1)))
      unreachable))
    ;; 15: trap
    (if (i32.eq (local.get $op) (i32.const 15)) (then unreachable))
    ;; 16: [address] -> balance, codehash, code size (u32 LE), code[0..4] count (u32 LE) and bytes
    (if (i32.eq (local.get $op) (i32.const 16)) (then
      (call $account_balance (i32.const 1) (i32.const 0x8000))
      (call $account_codehash (i32.const 1) (i32.const 0x8020))
      (i32.store (i32.const 0x8040) (call $account_code_size (i32.const 1)))
      (i32.store (i32.const 0x8044) (call $account_code (i32.const 1) (i32.const 0) (i32.const 4) (i32.const 0x8048)))
      (return (call $ok (i32.const 0x8000) (i32.const 0x4c)))))
    ;; 17: [key][value] -> transient store, then load
    (if (i32.eq (local.get $op) (i32.const 17)) (then
      (call $tstore (i32.const 1) (i32.const 33))
      (call $tload (i32.const 1) (i32.const 0x8000))
      (return (call $ok (i32.const 0x8000) (i32.const 32)))))
    ;; 18: [key] -> transient load
    (if (i32.eq (local.get $op) (i32.const 18)) (then
      (call $tload (i32.const 1) (i32.const 0x8000))
      (return (call $ok (i32.const 0x8000) (i32.const 32)))))
    ;; 19: [a][b][c] -> a/b, a%b, a**b, (a+b)%c, (a*b)%c
    (if (i32.eq (local.get $op) (i32.const 19)) (then
      (memory.copy (i32.const 0x8000) (i32.const 1) (i32.const 32))
      (memory.copy (i32.const 0x8020) (i32.const 1) (i32.const 32))
      (memory.copy (i32.const 0x8040) (i32.const 1) (i32.const 32))
      (memory.copy (i32.const 0x8060) (i32.const 1) (i32.const 32))
      (memory.copy (i32.const 0x8080) (i32.const 1) (i32.const 32))
      (call $math_div (i32.const 0x8000) (i32.const 33))
      (call $math_mod (i32.const 0x8020) (i32.const 33))
      (call $math_pow (i32.const 0x8040) (i32.const 33))
      (call $math_add_mod (i32.const 0x8060) (i32.const 33) (i32.const 65))
      (call $math_mul_mod (i32.const 0x8080) (i32.const 33) (i32.const 65))
      (return (call $ok (i32.const 0x8000) (i32.const 160)))))
    ;; 20: spin forever (out of gas)
    (if (i32.eq (local.get $op) (i32.const 20)) (then (loop $l (br $l))))
    ;; 21: evm_gas_left, evm_ink_left (i64 LE each)
    (if (i32.eq (local.get $op) (i32.const 21)) (then
      (i64.store (i32.const 0x8000) (call $evm_gas_left))
      (i64.store (i32.const 0x8008) (call $evm_ink_left))
      (return (call $ok (i32.const 0x8000) (i32.const 16)))))
    ;; 22: pay for and grow one page; return the old size in pages (u32 LE)
    (if (i32.eq (local.get $op) (i32.const 22)) (then
      (call $pay_for_memory_grow (i32.const 1))
      (i32.store (i32.const 0x8000) (memory.grow (i32.const 1)))
      (return (call $ok (i32.const 0x8000) (i32.const 4)))))
    ;; 23: [offset u8][size u8][address][calldata] -> static call, then a partial read_return_data
    (if (i32.eq (local.get $op) (i32.const 23)) (then
      (drop (call $static_call (i32.const 3) (i32.const 23)
        (i32.sub (local.get $len) (i32.const 23)) (i64.const -1) (i32.const 0x7ff0)))
      (i32.store (i32.const 0x8000) (call $read_return_data (i32.const 0x8004)
        (i32.load8_u (i32.const 1)) (i32.load8_u (i32.const 2))))
      (return (call $ok (i32.const 0x8000) (i32.add (i32.const 4) (i32.load (i32.const 0x8000)))))))
    ;; 24: [address][value][calldata] -> call_contract with 10,000 gas
    (if (i32.eq (local.get $op) (i32.const 24)) (then
      (return (call $call_out (call $call (i32.const 1) (i32.const 53)
        (i32.sub (local.get $len) (i32.const 53)) (i32.const 21) (i64.const 10000) (i32.const 0x7ff0))))))
    ;; 25: read out of bounds (a fault, not a panic)
    (if (i32.eq (local.get $op) (i32.const 25)) (then
      (call $sload (i32.const 0x7fffffff) (i32.const 0))
      (return (i32.const 0))))
    ;; 26: [key][value][address][call value][calldata] -> store, log(topic key, data value), call
    (if (i32.eq (local.get $op) (i32.const 26)) (then
      (call $scache (i32.const 1) (i32.const 33))
      (call $sflush (i32.const 0))
      (call $emit_log (i32.const 1) (i32.const 64) (i32.const 1))
      (return (call $call_out (call $call (i32.const 65) (i32.const 117)
        (i32.sub (local.get $len) (i32.const 117)) (i32.const 85) (i64.const -1) (i32.const 0x7ff0))))))
    ;; 27: [key][value] -> store, log(topic key, data value), then revert with the key as data
    (if (i32.eq (local.get $op) (i32.const 27)) (then
      (call $scache (i32.const 1) (i32.const 33))
      (call $sflush (i32.const 0))
      (call $emit_log (i32.const 1) (i32.const 64) (i32.const 1))
      (call $write_result (i32.const 1) (i32.const 32))
      (return (i32.const 1))))
;; 28: [key] -> load the slot, cache the same value back, flush (nothing is dirty)
    (if (i32.eq (local.get $op) (i32.const 28)) (then
      (call $sload (i32.const 1) (i32.const 0x8000))
      (call $scache (i32.const 1) (i32.const 0x8000))
      (call $sflush (i32.const 0))
      (return (call $ok (i32.const 0) (i32.const 0)))))
    ;; anything else: revert without data
    (i32.const 1))
)
