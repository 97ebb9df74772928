// Compiles solidity/{interfaces,src,examples}/*.sol with the solc-js pinned in solidity/package.json
// and writes one JSON artifact per contract (abi, bytecode, deployedBytecode, method identifiers)
// into solidity/out/. With --check, compiles into memory and fails if solidity/out/ differs.
"use strict";
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..", "solidity");
const solc = require(path.join(root, "node_modules", "solc"));

const dirs = ["interfaces", "src", "examples"];
const sources = {};
for (const dir of dirs) {
  for (const file of fs.readdirSync(path.join(root, dir)).sort()) {
    if (file.endsWith(".sol")) {
      sources[`${dir}/${file}`] = { content: fs.readFileSync(path.join(root, dir, file), "utf8") };
    }
  }
}
const input = {
  language: "Solidity",
  sources,
  settings: {
    // Cancun: what Arbitrum chains (ArbOS 20+) and the devchain's revm run.
    evmVersion: "cancun",
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.methodIdentifiers"] } },
  },
};
// Imports are relative to the solidity/ folder.
const findImports = (p) => {
  const file = path.join(root, p);
  return fs.existsSync(file) ? { contents: fs.readFileSync(file, "utf8") } : { error: `not found: ${p}` };
};
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === "error");
for (const e of output.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);

const artifacts = {};
for (const [file, contracts] of Object.entries(output.contracts)) {
  for (const [name, c] of Object.entries(contracts)) {
    artifacts[`${name}.json`] = JSON.stringify(
      {
        contractName: name,
        sourceName: file,
        compiler: `solc ${solc.version()}`,
        abi: c.abi,
        bytecode: "0x" + c.evm.bytecode.object,
        deployedBytecode: "0x" + c.evm.deployedBytecode.object,
        methodIdentifiers: c.evm.methodIdentifiers,
      },
      null,
      2,
    ) + "\n";
  }
}

const out = path.join(root, "out");
if (process.argv.includes("--check")) {
  const existing = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith(".json")).sort() : [];
  const wanted = Object.keys(artifacts).sort();
  let stale = JSON.stringify(existing) !== JSON.stringify(wanted) ? ["(file list)"] : [];
  for (const f of wanted) {
    if (existing.includes(f) && fs.readFileSync(path.join(out, f), "utf8") !== artifacts[f]) stale.push(f);
  }
  if (stale.length) {
    console.error(`solidity/out/ is not what the sources compile to: ${stale.join(", ")}; run scripts/solc.sh`);
    process.exit(1);
  }
  console.log(`solidity/out/ matches the sources (${wanted.length} artifacts, solc ${solc.version()})`);
} else {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out);
  for (const [f, text] of Object.entries(artifacts)) fs.writeFileSync(path.join(out, f), text);
  console.log(`wrote ${Object.keys(artifacts).length} artifacts to solidity/out/ (solc ${solc.version()})`);
}
