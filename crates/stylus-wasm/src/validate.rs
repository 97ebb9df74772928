//! Nitro's activation rules for Stylus programs, each a separate check.

use std::fmt::{self, Write as _};

use wasmparser::{
    CompositeInnerType, ExternalKind, FuncType, Parser, Payload, TypeRef, ValType, Validator,
    WasmFeatures,
};

use crate::{code::MAX_WASM_SIZE, hostio::HostioSet};

/// Most initial memory pages (64 KiB each) a program may declare.
pub const MAX_PAGES: u64 = 128;
/// Most functions (imported and defined) in a program.
pub const MAX_FUNCTIONS: usize = 4096;
/// Most data segments in a program.
pub const MAX_DATA_SEGMENTS: usize = 128;
/// Most declared locals of one function (parameters are not counted, as on Nitro).
pub const MAX_LOCALS: u64 = 348;
/// Most opcodes in one function body.
pub const MAX_OPCODES: usize = 65_536;

/// One activation rule. Each violation names the rule it breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The module is not well-formed WASM at all.
    Parse,
    /// Only the MVP plus mutable-global, saturating float-to-int, sign-extension, multi-value
    /// and bulk-memory (no reference types, SIMD, threads, tail calls, multi-memory, exceptions,
    /// memory64, GC, ...).
    Features,
    /// Functions imported from `vm_hooks` only, and only names of the allowed host functions.
    Imports,
    /// `user_entrypoint: (i32) -> i32` and `memory` exported.
    Exports,
    /// No start function.
    StartFunction,
    /// No floating-point instructions or types.
    Floats,
    /// At most [`MAX_PAGES`] initial memory pages.
    MemoryPages,
    /// At most [`MAX_FUNCTIONS`] functions.
    Functions,
    /// At most [`MAX_DATA_SEGMENTS`] data segments.
    DataSegments,
    /// At most [`MAX_LOCALS`] declared locals per function.
    Locals,
    /// At most [`MAX_OPCODES`] opcodes per function body.
    BodySize,
    /// No import or export name starting with `stylus` (reserved by Nitro).
    ReservedNames,
    /// The module is at most 128 KiB (the decompressed code size limit).
    ModuleSize,
    /// Every function's worst-case frame fits Nitro's stack rules (at most
    /// [`crate::instrument::depth::MAX_FRAME_SIZE`] words, at most
    /// [`crate::instrument::depth::MAX_FRAME_CONTENTION`] values at once), and the rest of Nitro's
    /// instrumentation accepts the module.
    StackFrame,
}

impl Rule {
    /// Short name used in messages, e.g. `feature set`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Parse => "well-formed module",
            Rule::Features => "feature set",
            Rule::Imports => "imports",
            Rule::Exports => "exports",
            Rule::StartFunction => "no start function",
            Rule::Floats => "no floats",
            Rule::MemoryPages => "memory pages",
            Rule::Functions => "function count",
            Rule::DataSegments => "data segments",
            Rule::Locals => "locals per function",
            Rule::BodySize => "function body size",
            Rule::ReservedNames => "reserved names",
            Rule::ModuleSize => "module size",
            Rule::StackFrame => "stack frames",
        }
    }
}

/// One broken rule and what breaks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The rule.
    pub rule: Rule,
    /// What in the module breaks it.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.rule.name(), self.message)
    }
}

/// Every rule a module breaks (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    /// The violations, in the order the checks ran.
    pub violations: Vec<Violation>,
}

impl ValidationError {
    /// Whether `rule` is among the violations.
    pub fn breaks(&self, rule: Rule) -> bool {
        self.violations.iter().any(|v| v.rule == rule)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid Stylus program: ")?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// What a valid module contains.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleInfo {
    /// Size in bytes.
    pub size: usize,
    /// Imported plus defined functions.
    pub functions: usize,
    /// Imported host functions.
    pub imports: usize,
    /// Initial memory pages.
    pub pages: u64,
    /// Data segments.
    pub data_segments: usize,
}

/// The WASM features Nitro's activation accepts.
pub fn nitro_features() -> WasmFeatures {
    WasmFeatures::MUTABLE_GLOBAL
        | WasmFeatures::SATURATING_FLOAT_TO_INT
        | WasmFeatures::SIGN_EXTENSION
        | WasmFeatures::MULTI_VALUE
        | WasmFeatures::BULK_MEMORY
        // Floats parse; `Rule::Floats` reports them with its own message.
        | WasmFeatures::FLOATS
}

/// Checks `wasm` against Nitro's activation rules.
///
/// # Errors
/// A [`ValidationError`] listing every rule the module breaks.
pub fn validate(wasm: &[u8], hostios: HostioSet) -> Result<ModuleInfo, ValidationError> {
    validate_and_activate(wasm, hostios).map(|(info, _)| info)
}

/// [`validate`], and the module as Nitro's activation instruments it
/// ([`crate::instrument::activate`]), in one pass.
///
/// # Errors
/// A [`ValidationError`] listing every rule the module breaks.
pub fn validate_and_activate(
    wasm: &[u8],
    hostios: HostioSet,
) -> Result<(ModuleInfo, crate::instrument::Activated), ValidationError> {
    let mut checker = Checker {
        hostios,
        violations: Vec::new(),
        info: ModuleInfo {
            size: wasm.len(),
            ..Default::default()
        },
        func_types: Vec::new(),
        func_type_of: Vec::new(),
        entrypoint: None,
        memory_exported: false,
    };
    if wasm.len() > MAX_WASM_SIZE {
        checker.fail(
            Rule::ModuleSize,
            format!(
                "{} bytes, more than the {MAX_WASM_SIZE}-byte limit",
                wasm.len()
            ),
        );
    }
    if let Err(e) = Validator::new_with_features(nitro_features()).validate_all(wasm) {
        checker.fail(Rule::Features, e.to_string());
    }
    if let Err(e) = checker.walk(wasm) {
        checker.fail(Rule::Parse, e.to_string());
    } else {
        checker.finish();
    }
    // Nitro's instrumentation (stack frames) runs on modules that pass everything else.
    let mut activated = None;
    if checker.violations.is_empty() {
        match crate::instrument::activate(wasm) {
            Ok(a) => activated = Some(a),
            Err(e @ crate::instrument::ActivationError::NoPayForMemoryGrow) => {
                checker.fail(Rule::Imports, e.to_string())
            }
            Err(e) => checker.fail(Rule::StackFrame, e.to_string()),
        }
    }
    if let (true, Some(activated)) = (checker.violations.is_empty(), activated) {
        Ok((checker.info, activated))
    } else {
        Err(ValidationError {
            violations: checker.violations,
        })
    }
}

struct Checker {
    hostios: HostioSet,
    violations: Vec<Violation>,
    info: ModuleInfo,
    func_types: Vec<Option<FuncType>>,
    /// Type index of every function, imported first.
    func_type_of: Vec<u32>,
    entrypoint: Option<u32>,
    memory_exported: bool,
}

impl Checker {
    fn fail(&mut self, rule: Rule, message: String) {
        self.violations.push(Violation { rule, message });
    }

    fn check_no_floats_in(&mut self, what: &str, types: &[ValType]) {
        if types
            .iter()
            .any(|t| matches!(t, ValType::F32 | ValType::F64))
        {
            self.fail(Rule::Floats, format!("{what} uses a float type"));
        }
    }

    fn check_name(&mut self, kind: &str, name: &str) {
        if name.starts_with("stylus") {
            self.fail(
                Rule::ReservedNames,
                format!("{kind} `{name}` starts with `stylus`"),
            );
        }
    }

    fn walk(&mut self, wasm: &[u8]) -> wasmparser::Result<()> {
        let mut defined = 0usize;
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for group in reader {
                        for sub in group?.into_types() {
                            match &sub.composite_type.inner {
                                CompositeInnerType::Func(f) => {
                                    let index = self.func_types.len();
                                    self.check_no_floats_in(
                                        &format!("type {index}"),
                                        &[f.params(), f.results()].concat(),
                                    );
                                    self.func_types.push(Some(f.clone()));
                                }
                                _ => self.func_types.push(None),
                            }
                        }
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import?;
                        self.check_name("import", import.name);
                        let what = format!("{}::{}", import.module, import.name);
                        match import.ty {
                            TypeRef::Func(ty) => {
                                self.func_type_of.push(ty);
                                self.info.imports += 1;
                                if import.module != "vm_hooks" {
                                    self.fail(
                                        Rule::Imports,
                                        format!("`{what}`: imports must come from `vm_hooks`"),
                                    );
                                } else if !self.hostios.allows(import.name) {
                                    self.fail(
                                        Rule::Imports,
                                        format!("`{what}` is not a known host function"),
                                    );
                                }
                            }
                            _ => self.fail(
                                Rule::Imports,
                                format!("`{what}`: only functions may be imported"),
                            ),
                        }
                    }
                }
                Payload::FunctionSection(reader) => {
                    for ty in reader {
                        self.func_type_of.push(ty?);
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader {
                        let memory = memory?;
                        self.info.pages += memory.initial;
                        if memory.initial > MAX_PAGES {
                            self.fail(
                                Rule::MemoryPages,
                                format!(
                                    "{} initial pages, more than the limit of {MAX_PAGES}",
                                    memory.initial
                                ),
                            );
                        }
                    }
                }
                Payload::GlobalSection(reader) => {
                    for (i, global) in reader.into_iter().enumerate() {
                        let global = global?;
                        self.check_no_floats_in(&format!("global {i}"), &[global.ty.content_type]);
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        let export = export?;
                        self.check_name("export", export.name);
                        match (export.name, export.kind) {
                            ("user_entrypoint", ExternalKind::Func) => {
                                self.entrypoint = Some(export.index)
                            }
                            ("memory", ExternalKind::Memory) => self.memory_exported = true,
                            _ => {}
                        }
                    }
                }
                Payload::StartSection { func, .. } => self.fail(
                    Rule::StartFunction,
                    format!("function {func} is a start function; programs may not have one"),
                ),
                Payload::DataSection(reader) => {
                    self.info.data_segments = reader.count() as usize;
                }
                Payload::CodeSectionEntry(body) => {
                    let index = self.info.imports + defined;
                    defined += 1;
                    self.check_body(index, &body)?;
                }
                _ => {}
            }
        }
        self.info.functions = self.func_type_of.len();
        Ok(())
    }

    fn check_body(
        &mut self,
        index: usize,
        body: &wasmparser::FunctionBody,
    ) -> wasmparser::Result<()> {
        let mut locals = 0u64;
        for local in body.get_locals_reader()? {
            let (count, ty) = local?;
            locals += u64::from(count);
            if matches!(ty, ValType::F32 | ValType::F64) {
                self.fail(Rule::Floats, format!("function {index} has a float local"));
            }
        }
        if locals > MAX_LOCALS {
            self.fail(
                Rule::Locals,
                format!(
                    "function {index} has {locals} locals, more than the limit of {MAX_LOCALS}"
                ),
            );
        }
        let mut reader = body.get_operators_reader()?;
        let mut opcodes = 0usize;
        let mut name = String::new();
        let mut float_op = None;
        while !reader.eof() {
            let op = reader.read()?;
            opcodes += 1;
            if float_op.is_none() {
                name.clear();
                let _ = write!(name, "{op:?}");
                let variant = name.split([' ', '{', '(']).next().unwrap_or_default();
                if variant.contains("F32") || variant.contains("F64") {
                    float_op = Some(variant.to_owned());
                }
            }
        }
        if let Some(op) = float_op {
            self.fail(
                Rule::Floats,
                format!("function {index} uses the float instruction {op}"),
            );
        }
        if opcodes > MAX_OPCODES {
            self.fail(
                Rule::BodySize,
                format!(
                    "function {index} has {opcodes} opcodes, more than the limit of {MAX_OPCODES}"
                ),
            );
        }
        Ok(())
    }

    fn finish(&mut self) {
        let functions = self.func_type_of.len();
        if functions > MAX_FUNCTIONS {
            self.fail(
                Rule::Functions,
                format!("{functions} functions, more than the limit of {MAX_FUNCTIONS}"),
            );
        }
        if self.info.data_segments > MAX_DATA_SEGMENTS {
            self.fail(
                Rule::DataSegments,
                format!(
                    "{} data segments, more than the limit of {MAX_DATA_SEGMENTS}",
                    self.info.data_segments
                ),
            );
        }
        match self.entrypoint {
            None => self.fail(
                Rule::Exports,
                "no `user_entrypoint` function is exported".into(),
            ),
            Some(index) => {
                let ty = self
                    .func_type_of
                    .get(index as usize)
                    .and_then(|&ty| self.func_types.get(ty as usize))
                    .and_then(|t| t.as_ref());
                let ok = ty
                    .is_some_and(|t| t.params() == [ValType::I32] && t.results() == [ValType::I32]);
                if !ok {
                    self.fail(
                        Rule::Exports,
                        "`user_entrypoint` must have the type (i32) -> i32".into(),
                    );
                }
            }
        }
        if !self.memory_exported {
            self.fail(Rule::Exports, "no memory is exported as `memory`".into());
        }
    }
}
