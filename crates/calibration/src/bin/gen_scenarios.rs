//! Writes `data/scenarios/<name>.json` for every calibration scenario:
//! `cargo run -p imo-calibration --bin gen_scenarios`.

fn main() -> anyhow::Result<()> {
    let dir = imo_calibration::data_dir().join("scenarios");
    std::fs::create_dir_all(&dir)?;
    for scenario in imo_calibration::scenarios() {
        let path = dir.join(format!("{}.json", scenario.name));
        std::fs::write(&path, serde_json::to_string_pretty(&scenario)? + "\n")?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
