//! Every activation rule has a fixture that breaks it, and the error names that rule.
//!
//! Small fixtures are hand-written files in `fixtures/`; the limits that need thousands of items
//! (functions, data segments, locals, opcodes, module size) are written as WAT by the helpers below.

use stylus_wasm::{validate, HostioSet, Rule, ValidationError};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}.wat", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    wat::parse_str(text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn rejected(wasm: &[u8]) -> ValidationError {
    validate(wasm, HostioSet::Sdk).expect_err("the module must be rejected")
}

/// Asserts the module breaks exactly `rule` (and names it in the message).
fn assert_breaks_only(wasm: &[u8], rule: Rule) {
    let err = rejected(wasm);
    assert!(err.breaks(rule), "expected {rule:?}, got: {err}");
    assert!(
        err.violations.iter().all(|v| v.rule == rule),
        "expected only {rule:?}, got: {err}"
    );
    assert!(
        err.to_string().contains(&format!("[{}]", rule.name())),
        "{err}"
    );
}

/// A valid program with `extra` spliced into the module body.
fn program_with(extra: &str) -> Vec<u8> {
    let text = format!(
        r#"(module
             (memory (export "memory") 1 1)
             (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0))
             {extra})"#
    );
    wat::parse_str(text).unwrap()
}

#[test]
fn the_valid_fixture_passes_with_both_hostio_sets() {
    let wasm = fixture("valid");
    let info = validate(&wasm, HostioSet::Sdk).unwrap();
    assert_eq!(info.imports, 2);
    assert_eq!(info.functions, 3);
    assert_eq!(info.pages, 1);
    validate(&wasm, HostioSet::Nitro).unwrap();
}

#[test]
fn post_mvp_features_are_rejected_as_the_feature_set() {
    for name in [
        "features_simd",
        "features_reference_types",
        "features_threads",
        "features_tail_call",
        "features_multi_memory",
    ] {
        let err = rejected(&fixture(name));
        assert!(err.breaks(Rule::Features), "{name}: {err}");
        assert!(err.to_string().contains("[feature set]"), "{name}: {err}");
    }
}

#[test]
fn imports_from_another_module_are_rejected() {
    assert_breaks_only(&fixture("imports_wrong_module"), Rule::Imports);
    assert!(rejected(&fixture("imports_wrong_module"))
        .to_string()
        .contains("vm_hooks"));
}

#[test]
fn unknown_host_functions_are_rejected() {
    assert_breaks_only(&fixture("imports_unknown_hostio"), Rule::Imports);
    let err = validate(&fixture("imports_unknown_hostio"), HostioSet::Nitro).unwrap_err();
    assert!(err.to_string().contains("self_destruct"), "{err}");
}

#[test]
fn nitro_only_host_functions_pass_only_with_the_nitro_set() {
    let wasm = fixture("imports_extra_hostio");
    assert_breaks_only(&wasm, Rule::Imports);
    validate(&wasm, HostioSet::Nitro).unwrap();
}

#[test]
fn imported_globals_are_rejected() {
    assert_breaks_only(&fixture("imports_global"), Rule::Imports);
}

#[test]
fn a_missing_entrypoint_is_rejected() {
    assert_breaks_only(&fixture("exports_no_entrypoint"), Rule::Exports);
}

#[test]
fn an_entrypoint_of_the_wrong_type_is_rejected() {
    assert_breaks_only(&fixture("exports_entrypoint_type"), Rule::Exports);
}

#[test]
fn an_unexported_memory_is_rejected() {
    assert_breaks_only(&fixture("exports_no_memory"), Rule::Exports);
}

#[test]
fn a_start_function_is_rejected() {
    assert_breaks_only(&fixture("start_function"), Rule::StartFunction);
}

#[test]
fn float_instructions_are_rejected() {
    let err = rejected(&fixture("floats"));
    assert_breaks_only(&fixture("floats"), Rule::Floats);
    assert!(err.to_string().contains("F32"), "{err}");
}

#[test]
fn more_than_128_pages_are_rejected() {
    assert_breaks_only(&fixture("memory_pages"), Rule::MemoryPages);
    validate(&program_with("").clone(), HostioSet::Sdk).unwrap();
}

#[test]
fn reserved_stylus_names_are_rejected() {
    assert_breaks_only(&fixture("reserved_names"), Rule::ReservedNames);
}

#[test]
fn more_than_4096_functions_are_rejected() {
    // The entrypoint plus 4095 more is exactly the limit; one more is over it.
    assert!(validate(&program_with(&"(func)".repeat(4095)), HostioSet::Sdk).is_ok());
    assert_breaks_only(&program_with(&"(func)".repeat(4096)), Rule::Functions);
}

#[test]
fn more_than_128_data_segments_are_rejected() {
    assert!(validate(
        &program_with(&"(data (i32.const 0) \"x\")".repeat(128)),
        HostioSet::Sdk
    )
    .is_ok());
    assert_breaks_only(
        &program_with(&"(data (i32.const 0) \"x\")".repeat(129)),
        Rule::DataSegments,
    );
}

#[test]
fn more_than_348_locals_are_rejected() {
    // 348 declared locals is the limit; parameters do not count (Nitro's `code.locals`).
    let locals = |n: usize| format!("(func (param i32) (local {}))", "i32 ".repeat(n));
    assert!(validate(&program_with(&locals(348)), HostioSet::Sdk).is_ok());
    assert_breaks_only(&program_with(&locals(349)), Rule::Locals);
}

#[test]
fn function_bodies_over_65536_opcodes_are_rejected() {
    // `end` counts as an opcode: 65,535 nops + end is the limit.
    let body = |n: usize| format!("(func {})", "nop ".repeat(n));
    assert!(validate(&program_with(&body(65_535)), HostioSet::Sdk).is_ok());
    assert_breaks_only(&program_with(&body(65_536)), Rule::BodySize);
}

#[test]
fn modules_over_128_kib_are_rejected() {
    let data = "\\00".repeat(128 * 1024);
    let err = rejected(&program_with(&format!("(data (i32.const 0) \"{data}\")")));
    assert!(err.breaks(Rule::ModuleSize), "{err}");
    assert!(
        err.violations.iter().all(|v| v.rule == Rule::ModuleSize),
        "{err}"
    );
}

#[test]
fn garbage_is_reported_as_a_parse_error() {
    let err = rejected(b"\0asm\x01\0\0\0\x01\xff");
    assert!(err.breaks(Rule::Parse), "{err}");
}
