//! Nitro's activation of a Stylus program: the instrumented module that runs, and the costs ArbOS
//! records for it.
//!
//! Nitro does not run a program's WASM as deployed. At activation it instruments every function
//! (`prover/src/binary.rs` `WasmBinary::instrument`, in the order start mover, ink meter, dynamic
//! meter, depth checker, heap bound) and derives the program's entry costs and activation gas
//! from the module. [`activate`] does the same steps with the same prices and formulas, so a WASM
//! interpreter running the output (the devchain's wasmi) charges exactly the ink Nitro charges:
//!
//! - [`meter`]: the ink price of every operator, charged per basic block with a header cost, and
//!   `memory.copy` / `memory.fill` per byte;
//! - [`depth`]: the worst-case frame of every function checked against a stack budget
//!   (`maxStackDepth` words per call), and `pay_for_memory_grow` before `memory.grow`;
//! - [`ProgramCosts`]: `init_cost`, `cached_init_cost`, `asm_estimate`, `footprint` and the
//!   activation gas (`prover/src/programs/mod.rs` `Module::activate`).
//!
//! The instrumentation adds four exported globals, as Nitro does: [`STYLUS_INK_LEFT`],
//! [`STYLUS_INK_STATUS`], [`STYLUS_SCRATCH`] and [`STYLUS_STACK_LEFT`].

pub mod depth;
pub mod meter;

use wasm_encoder::{
    reencode::{Reencode, RoundtripReencoder},
    CodeSection, ConstExpr, ExportKind, ExportSection, Function, GlobalSection, GlobalType, Module,
    RawSection, ValType,
};
use wasmparser::{
    CompositeInnerType, ExportSectionReader, GlobalSectionReader, Operator, Parser, Payload,
    TypeRef,
};

/// Ink left (i64); the host reads and writes it around every hostio.
pub const STYLUS_INK_LEFT: &str = "stylus_ink_left";
/// 1 once the program ran out of ink (i32).
pub const STYLUS_INK_STATUS: &str = "stylus_ink_status";
/// Scratch space of the dynamic meter and heap bound (i32).
pub const STYLUS_SCRATCH: &str = "stylus_scratch_global";
/// Stack budget left in words (i32); 0 after a stack overflow.
pub const STYLUS_STACK_LEFT: &str = "stylus_stack_left";

/// (parameter count, result count) of each type index.
pub type Sigs = Vec<(u32, u32)>;

/// Indices of the globals the instrumentation adds.
#[derive(Clone, Copy, Debug)]
pub struct Globals {
    /// [`STYLUS_INK_LEFT`].
    pub ink: u32,
    /// [`STYLUS_INK_STATUS`].
    pub status: u32,
    /// [`STYLUS_SCRATCH`].
    pub scratch: u32,
    /// [`STYLUS_STACK_LEFT`].
    pub stack: u32,
}

/// What ArbOS records about an activated program, and what activating it cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProgramCosts {
    /// Cost units of starting the program when it is not cached (`initCost`).
    pub init_cost: u16,
    /// Cost units of starting the program when it is cached (`cachedCost`).
    pub cached_init_cost: u16,
    /// Nitro's estimate of the compiled program's size in bytes (drives the data fee).
    pub asm_estimate: u32,
    /// Initial memory pages.
    pub footprint: u16,
    /// Gas the activation itself consumes (the part computed in Rust on Nitro).
    pub activation_gas: u64,
}

/// An activated program: the module to run and its costs.
#[derive(Clone, Debug)]
pub struct Activated {
    /// The instrumented module.
    pub module: Vec<u8>,
    /// Costs ArbOS records.
    pub costs: ProgramCosts,
}

/// Why activation failed (Nitro rejects the program).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActivationError {
    /// A function's frame exceeds [`depth::MAX_FRAME_SIZE`] words (Nitro: "frame too large").
    FrameTooLarge {
        /// Function index.
        function: u32,
        /// Its frame in words.
        words: u32,
    },
    /// A function holds more than [`depth::MAX_FRAME_CONTENTION`] values at once.
    Contention {
        /// Function index.
        function: u32,
        /// Values at once.
        values: u32,
    },
    /// The memory can grow but `vm_hooks::pay_for_memory_grow` is not imported (Nitro's heap
    /// bound needs it to charge for growth).
    NoPayForMemoryGrow,
    /// Anything else Nitro's instrumentation refuses (an unsupported operator, bad scoping).
    Invalid(String),
}

impl std::fmt::Display for ActivationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FrameTooLarge { function, words } => write!(
                f,
                "function {function}: frame too large: {words} > {}-word limit",
                depth::MAX_FRAME_SIZE
            ),
            Self::Contention { function, values } => write!(
                f,
                "function {function}: too many values on the stack at once: {values} > {}",
                depth::MAX_FRAME_CONTENTION
            ),
            Self::NoPayForMemoryGrow => write!(
                f,
                "the memory can grow (no maximum) but `vm_hooks::pay_for_memory_grow` is not imported"
            ),
            Self::Invalid(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for ActivationError {}

/// What the instrumentation needs to know about a module.
#[derive(Default)]
struct Layout<'a> {
    sigs: Sigs,
    /// (params, results) of every function index, imports first.
    funcs: Vec<(u32, u32)>,
    imports: usize,
    /// Type index of each defined function.
    defined: Vec<u32>,
    pay_func: Option<u32>,
    memory: Option<(u64, Option<u64>)>,
    globals: u32,
    data_payload: u64,
    data_ranges: u64,
    elem_ranges: u64,
    bodies: Vec<wasmparser::FunctionBody<'a>>,
    /// Sections in order.
    sections: Vec<Section<'a>>,
}

/// A section of the input module, as the output needs it.
enum Section<'a> {
    Raw(u8, &'a [u8]),
    Globals(GlobalSectionReader<'a>),
    Exports(ExportSectionReader<'a>),
    Code,
}

fn invalid(e: impl std::fmt::Display) -> ActivationError {
    ActivationError::Invalid(e.to_string())
}

fn read_layout(wasm: &[u8]) -> Result<Layout<'_>, ActivationError> {
    let mut l = Layout::default();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.map_err(invalid)?;
        match &payload {
            Payload::TypeSection(r) => {
                for group in r.clone() {
                    for sub in group.map_err(invalid)?.into_types() {
                        l.sigs.push(match &sub.composite_type.inner {
                            CompositeInnerType::Func(f) => {
                                (f.params().len() as u32, f.results().len() as u32)
                            }
                            _ => (0, 0),
                        });
                    }
                }
            }
            Payload::ImportSection(r) => {
                for import in r.clone().into_imports() {
                    let import = import.map_err(invalid)?;
                    if let TypeRef::Func(ty) = import.ty {
                        if import.module == "vm_hooks" && import.name == "pay_for_memory_grow" {
                            l.pay_func = Some(l.funcs.len() as u32);
                        }
                        l.funcs.push(sig(&l.sigs, ty)?);
                        l.imports += 1;
                    }
                }
            }
            Payload::FunctionSection(r) => {
                for ty in r.clone() {
                    let ty = ty.map_err(invalid)?;
                    l.defined.push(ty);
                    l.funcs.push(sig(&l.sigs, ty)?);
                }
            }
            Payload::MemorySection(r) => {
                if let Some(memory) = r.clone().into_iter().next() {
                    let m = memory.map_err(invalid)?;
                    l.memory = Some((m.initial, m.maximum));
                }
            }
            Payload::GlobalSection(r) => l.globals = r.count(),
            Payload::DataSection(r) => {
                for data in r.clone() {
                    let data = data.map_err(invalid)?;
                    l.data_payload += data.data.len() as u64;
                    l.data_ranges += data.range.end - data.range.start;
                }
            }
            Payload::ElementSection(r) => {
                for elem in r.clone() {
                    let elem = elem.map_err(invalid)?;
                    l.elem_ranges += elem.range.end - elem.range.start;
                }
            }
            Payload::CodeSectionEntry(body) => l.bodies.push(body.clone()),
            Payload::ExportSection(r)
                if r.clone()
                    .into_iter()
                    .any(|e| e.is_ok_and(|e| e.name.starts_with("stylus"))) =>
            {
                return Err(invalid("exports may not start with `stylus`"));
            }
            _ => {}
        }
        let section = match &payload {
            Payload::GlobalSection(r) => Some(Section::Globals(r.clone())),
            Payload::ExportSection(r) => Some(Section::Exports(r.clone())),
            Payload::CodeSectionStart { .. } => Some(Section::Code),
            Payload::CustomSection(_) | Payload::CodeSectionEntry(_) => None,
            other => other.as_section().map(|(id, range)| {
                Section::Raw(id, &wasm[range.start as usize..range.end as usize])
            }),
        };
        l.sections.extend(section);
    }
    Ok(l)
}

fn sig(sigs: &Sigs, ty: u32) -> Result<(u32, u32), ActivationError> {
    sigs.get(ty as usize)
        .copied()
        .ok_or_else(|| invalid(format!("missing type {ty}")))
}

/// A function's declared locals (count, type) and instrumented operators.
type Body<'a> = (Vec<(u32, wasmparser::ValType)>, Vec<Operator<'a>>);

/// The instrumented operators of one function and its declared locals.
fn instrument_body<'a>(
    body: &wasmparser::FunctionBody<'a>,
    index: u32,
    l: &Layout<'a>,
    g: &Globals,
) -> Result<Body<'a>, ActivationError> {
    let mut locals = Vec::new();
    let mut count = 0u32;
    for local in body.get_locals_reader().map_err(invalid)? {
        let (n, ty) = local.map_err(invalid)?;
        count += n;
        locals.push((n, ty));
    }
    let mut ops = Vec::new();
    let mut reader = body.get_operators_reader().map_err(invalid)?;
    while !reader.eof() {
        ops.push(reader.read().map_err(invalid)?);
    }
    let ops = meter::meter(ops, &l.sigs, g).map_err(invalid)?;
    let ops = meter::dynamic(ops, g).map_err(invalid)?;
    let size = depth::frame_size(&ops, count, &l.funcs, &l.sigs).map_err(|e| match e {
        depth::DepthError::FrameTooLarge(words) => ActivationError::FrameTooLarge {
            function: index,
            words,
        },
        depth::DepthError::Contention(values) => ActivationError::Contention {
            function: index,
            values,
        },
        depth::DepthError::Other(why) => invalid(format!("function {index}: {why}")),
    })?;
    let ops = depth::depth(ops, size, g);
    let pay = match l.memory {
        Some((min, max)) if max != Some(min) => {
            Some(l.pay_func.ok_or(ActivationError::NoPayForMemoryGrow)?)
        }
        _ => None,
    };
    Ok((locals, depth::heap(ops, pay, g)))
}

/// Instruments `wasm` as Nitro's activation does and computes its [`ProgramCosts`].
///
/// The module should already pass [`crate::validate`]; this adds Nitro's stack-frame limits.
///
/// # Errors
///
/// [`ActivationError`] when Nitro would refuse to activate the module.
pub fn activate(wasm: &[u8]) -> Result<Activated, ActivationError> {
    let l = read_layout(wasm)?;
    let (min_pages, _) = l
        .memory
        .ok_or_else(|| invalid("the module has no memory"))?;
    let g = Globals {
        ink: l.globals,
        status: l.globals + 1,
        scratch: l.globals + 2,
        stack: l.globals + 3,
    };
    let mut code = CodeSection::new();
    let mut re = RoundtripReencoder;
    let mut instrumented_ops = 0u64;
    for (i, body) in l.bodies.iter().enumerate() {
        let index = (l.imports + i) as u32;
        let (locals, ops) = instrument_body(body, index, &l, &g)?;
        instrumented_ops += ops.len() as u64;
        let locals = locals
            .into_iter()
            .map(|(n, ty)| Ok((n, re.val_type(ty).map_err(invalid)?)))
            .collect::<Result<Vec<_>, ActivationError>>()?;
        let mut f = Function::new(locals);
        for op in ops {
            f.instruction(&re.instruction(op).map_err(invalid)?);
        }
        code.function(&f);
    }
    let module = assemble(&l, &g, &code)?;
    let costs = costs(wasm.len() as u64, min_pages, instrumented_ops, &l)?;
    Ok(Activated { module, costs })
}

/// The output module: every section as it was, plus the instrumentation's globals and exports
/// and the rewritten code.
fn assemble(l: &Layout, g: &Globals, code: &CodeSection) -> Result<Vec<u8>, ActivationError> {
    let mut re = RoundtripReencoder;
    let mut module = Module::new();
    let extra_globals = |globals: &mut GlobalSection| {
        let var = |val_type| GlobalType {
            val_type,
            mutable: true,
            shared: false,
        };
        globals.global(var(ValType::I64), &ConstExpr::i64_const(0));
        for _ in 0..3 {
            globals.global(var(ValType::I32), &ConstExpr::i32_const(0));
        }
    };
    let mut globals_done = false;
    for section in &l.sections {
        match section {
            Section::Globals(reader) => {
                let mut globals = GlobalSection::new();
                re.parse_global_section(&mut globals, reader.clone())
                    .map_err(invalid)?;
                extra_globals(&mut globals);
                module.section(&globals);
                globals_done = true;
            }
            Section::Exports(reader) => {
                if !globals_done {
                    let mut globals = GlobalSection::new();
                    extra_globals(&mut globals);
                    module.section(&globals);
                    globals_done = true;
                }
                let mut exports = ExportSection::new();
                re.parse_export_section(&mut exports, reader.clone())
                    .map_err(invalid)?;
                for (name, index) in [
                    (STYLUS_INK_LEFT, g.ink),
                    (STYLUS_INK_STATUS, g.status),
                    (STYLUS_SCRATCH, g.scratch),
                    (STYLUS_STACK_LEFT, g.stack),
                ] {
                    exports.export(name, ExportKind::Global, index);
                }
                module.section(&exports);
            }
            Section::Code => {
                module.section(code);
            }
            Section::Raw(id, data) => {
                module.section(&RawSection { id: *id, data });
            }
        }
    }
    if !globals_done {
        return Err(invalid("the module exports nothing"));
    }
    Ok(module.finish())
}

/// Nitro's cost formulas (`binary.rs` `instrument`, `programs/mod.rs` `Module::activate`).
fn costs(
    wasm_len: u64,
    pages: u64,
    instrumented_ops: u64,
    l: &Layout,
) -> Result<ProgramCosts, ActivationError> {
    let funcs = l.bodies.len() as u64;
    let globals = u64::from(l.globals) + 4;
    let data_len = l.data_ranges + l.elem_ranges;
    let type_len: u64 = l
        .defined
        .iter()
        .filter_map(|ty| l.sigs.get(*ty as usize))
        .map(|(p, r)| u64::from(p + r))
        .sum();
    let mut asm_estimate: u64 = 512_000;
    asm_estimate += funcs * 996_829 / 1_000;
    asm_estimate += type_len * 11_416 / 1_000;
    asm_estimate += wasm_len * 62_628 / 10_000;
    let mut cached: u64 = 0;
    cached += funcs * 13_420 / 100_000;
    cached += type_len * 89 / 100_000;
    cached += wasm_len * 122 / 100_000;
    cached += globals * 1_628 / 1_000;
    cached += data_len * 75_244 / 100_000;
    cached += pages * 5;
    let mut init: u64 = 0;
    init += funcs * 8_252 / 1_000;
    init += type_len * 1_059 / 1_000;
    init += wasm_len * 1_286 / 10_000;
    // Activation: microseconds of estimated compile time, 28 gas each.
    let us_to_gas = |us: u64| us.saturating_mul(28);
    let activation_gas = us_to_gas(wasm_len * 31_733 / 100_000)
        + us_to_gas(funcs * 17_263 / 100_000)
        + us_to_gas(l.data_payload * 17_376 / 100_000)
        + us_to_gas(l.elem_ranges * 17_376 / 100_000)
        + us_to_gas(pages * 2_217)
        + us_to_gas(instrumented_ops * 535 / 1_000);
    Ok(ProgramCosts {
        init_cost: u16::try_from(init).map_err(|_| invalid("init cost too high"))?,
        cached_init_cost: u16::try_from(cached).map_err(|_| invalid("cached cost too high"))?,
        asm_estimate: u32::try_from(asm_estimate).map_err(|_| invalid("asm estimate too large"))?,
        footprint: pages as u16,
        activation_gas,
    })
}
