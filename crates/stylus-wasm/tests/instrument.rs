//! Nitro's activation: the instrumented code of a small function operator by operator, the stack
//! rules, and the cost formulas on a module whose numbers are worked out by hand.

use stylus_wasm::instrument::{activate, depth, ActivationError, ProgramCosts};
use stylus_wasm::{validate, HostioSet, Rule};

fn module(body: &str) -> Vec<u8> {
    wat::parse_str(format!(
        r#"(module
             (memory (export "memory") 1 1)
             (func (export "user_entrypoint") (param i32) (result i32) {body}))"#
    ))
    .unwrap()
}

/// The function bodies of the instrumented module as text, one operator per line.
fn instrumented_text(wasm: &[u8]) -> String {
    let out = activate(wasm).unwrap().module;
    wasmprinter::print_bytes(out).unwrap()
}

#[test]
fn a_basic_block_pays_its_operators_and_the_header_before_it_runs() {
    let text = instrumented_text(&module("i32.const 7"));
    // One block: `i32.const` (1 ink) + `end` (1 ink) + the 2,450 header.
    assert!(text.contains("i64.const 2452"), "{text}");
    // Out of ink: status global (index 1) set to 1, then a trap.
    assert!(text.contains("global.set 1"), "{text}");
    assert!(text.contains("unreachable"), "{text}");
    // The four globals are exported under Nitro's names.
    for name in [
        "stylus_ink_left",
        "stylus_ink_status",
        "stylus_scratch_global",
        "stylus_stack_left",
    ] {
        assert!(text.contains(name), "{name}: {text}");
    }
}

#[test]
fn each_basic_block_is_charged_separately() {
    // `if` ends the first block, `end` of the if the second, the function's `end` the third.
    let text = instrumented_text(&module("(if (local.get 0) (then nop)) i32.const 0"));
    // Block 1: local.get 75 + if 765 = 840; block 2: nop 1 + end 1 = 2; block 3: i32.const 1 + end 1.
    for cost in [840 + 2_450, 2 + 2_450, 2 + 2_450] {
        assert!(
            text.contains(&format!("i64.const {cost}")),
            "{cost}: {text}"
        );
    }
}

#[test]
fn memory_copy_pays_100_ink_per_byte() {
    let text = instrumented_text(&module(
        "(memory.copy (i32.const 0) (i32.const 64) (i32.const 32)) i32.const 0",
    ));
    assert!(text.contains("i64.const 100"), "{text}");
    assert!(text.contains("i64.extend_i32_u"), "{text}");
}

#[test]
fn memory_grow_pays_first_when_the_memory_can_grow() {
    let wasm = wat::parse_str(
        r#"(module
             (import "vm_hooks" "pay_for_memory_grow" (func $pay (param i32)))
             (memory (export "memory") 1)
             (func (export "user_entrypoint") (param i32) (result i32)
               (memory.grow (i32.const 1))))"#,
    )
    .unwrap();
    let text = instrumented_text(&wasm);
    let call = text.find("call $pay").or_else(|| text.find("call 0"));
    let grow = text.find("memory.grow").unwrap();
    assert!(call.is_some_and(|c| c < grow), "{text}");
}

#[test]
fn a_growable_memory_without_pay_for_memory_grow_is_refused() {
    let wasm = wat::parse_str(
        r#"(module (memory (export "memory") 1)
             (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))"#,
    )
    .unwrap();
    assert_eq!(
        activate(&wasm).unwrap_err(),
        ActivationError::NoPayForMemoryGrow
    );
    let err = validate(&wasm, HostioSet::Nitro).unwrap_err();
    assert!(err.breaks(Rule::Imports), "{err}");
}

#[test]
fn more_than_4096_values_on_the_stack_at_once_are_refused() {
    let consts = |n: usize| {
        let mut body = "i32.const 1\n".repeat(n);
        body.push_str(&"drop\n".repeat(n));
        body.push_str("i32.const 0");
        body
    };
    // 4,094 constants + the result + the meter's own two values peak at 4,096.
    assert!(activate(&module(&consts(4_093))).is_ok());
    let err = activate(&module(&consts(4_100))).unwrap_err();
    assert!(
        matches!(err, ActivationError::Contention { values, .. } if values > depth::MAX_FRAME_CONTENTION),
        "{err}"
    );
    let err = validate(&module(&consts(4_100)), HostioSet::Sdk).unwrap_err();
    assert!(err.breaks(Rule::StackFrame), "{err}");
}

#[test]
fn the_frame_size_counts_the_stack_the_locals_and_four_words() {
    // Deepest stack: the meter's `global.get; i64.const` (2), or `i32.const; i32.const` (2).
    let ops = wat::parse_str(
        r#"(module (memory (export "memory") 1 1)
             (func (export "user_entrypoint") (param i32) (result i32) (local i64 i64 i64)
               (i32.add (i32.const 1) (i32.const 2))))"#,
    )
    .unwrap();
    let text = instrumented_text(&ops);
    // 2 (stack) + 3 (locals) + 4 = 9 words, checked and deducted on entry.
    assert!(text.contains("i32.const 9"), "{text}");
}

#[test]
#[allow(clippy::identity_op)] // each term of the formula is kept, even when it is 0 here
fn costs_follow_nitros_formulas() {
    // 1 defined function of type (i32) -> i32, 1 page, no data; 4 globals added.
    let wasm = module("i32.const 0");
    let c: ProgramCosts = activate(&wasm).unwrap().costs;
    let len = wasm.len() as u64;
    let init = 8_252 / 1_000 + 2 * 1_059 / 1_000 + len * 1_286 / 10_000;
    let cached = 13_420 / 100_000 + 2 * 89 / 100_000 + len * 122 / 100_000 + 4 * 1_628 / 1_000 + 5;
    let asm = 512_000 + 996_829 / 1_000 + 2 * 11_416 / 1_000 + len * 62_628 / 10_000;
    assert_eq!(u64::from(c.init_cost), init);
    assert_eq!(u64::from(c.cached_init_cost), cached);
    assert_eq!(u64::from(c.asm_estimate), asm);
    assert_eq!(c.footprint, 1);
    // Activation: 28 gas per estimated microsecond; 1 page alone is 2,217 us.
    assert!(c.activation_gas >= 2_217 * 28, "{}", c.activation_gas);
}
