//! The measurements: each scenario deploys a fresh system on the devchain, builds the state the row
//! describes with ordinary transactions, then measures the row's transaction cached and uncached
//! from the same pre-state ([`Bench::measure`]).

pub mod dispute;
pub mod offering;
pub mod oracle;
pub mod project;
pub mod token;

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use anyhow::ensure;
use imo_client::{Config, DevchainBackend, Imo};

use crate::{Report, Row};

/// The deployed IMO on a devchain, and the rows measured on it.
pub struct Bench {
    /// The system (deployment, wiring, typed calls).
    pub imo: Imo<DevchainBackend>,
    /// Rows measured so far.
    pub rows: Vec<Row>,
}

impl Bench {
    /// A fresh devchain with the whole IMO deployed and wired (`imo_client::Imo::deploy`).
    ///
    /// # Errors
    ///
    /// A missing artifact or a failed deployment.
    pub fn new() -> anyhow::Result<Self> {
        let imo = Imo::deploy(DevchainBackend::new()?, Config::default(), false)?;
        Ok(Self {
            imo,
            rows: Vec::new(),
        })
    }

    /// Sends `call` from `from` to `to` twice from the same pre-state (every program uncached, then
    /// every program cached), keeps the uncached run's state, and records the row. Fails when either
    /// run fails. With `IMO_GAS_BREAKDOWN` set, prints where the cached run's gas went.
    ///
    /// # Errors
    ///
    /// A failed transaction.
    pub fn measure<C: SolCall>(
        &mut self,
        label: &str,
        ora: Option<u64>,
        from: Address,
        to: Address,
        call: C,
        value: U256,
    ) -> anyhow::Result<Row> {
        self.measure_raw(label, ora, from, to, &call.abi_encode(), value)
    }

    /// [`Self::measure`] with raw calldata.
    ///
    /// # Errors
    ///
    /// A failed transaction.
    pub fn measure_raw(
        &mut self,
        label: &str,
        ora: Option<u64>,
        from: Address,
        to: Address,
        calldata: &[u8],
        value: U256,
    ) -> anyhow::Result<Row> {
        let m = self
            .imo
            .backend
            .chain
            .send_measured(from, to, calldata, value)?;
        ensure!(m.uncached.success, "{label}: {}", m.uncached.describe());
        ensure!(
            m.cached.success,
            "{label} (cached): {}",
            m.cached.describe()
        );
        if std::env::var_os("IMO_GAS_BREAKDOWN").is_some() {
            eprintln!("{label}\n  cached: {:?}", m.cached.breakdown);
        }
        let row = Row {
            label: label.to_owned(),
            ora,
            uncached: m.uncached.gas_used,
            cached: m.cached.gas_used,
        };
        self.rows.push(row.clone());
        Ok(row)
    }

    /// A new funded account.
    ///
    /// # Errors
    ///
    /// Never on the devchain.
    pub fn account(&mut self, label: &str) -> anyhow::Result<Address> {
        use imo_client::Backend as _;
        self.imo
            .backend
            .new_account(label, U256::from(imo_client::ETHER) * U256::from(1_000))
    }
}

/// Every measurement, grouped into the two tables.
///
/// # Errors
///
/// A missing artifact or a failed transaction.
pub fn all() -> anyhow::Result<Report> {
    let mut ora = token::rows()?;
    ora.extend(oracle::rows()?);
    let mut project = project::rows()?;
    project.extend(offering::rows()?);
    project.extend(dispute::rows()?);
    Ok(Report { ora, project })
}
