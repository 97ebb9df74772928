// What both client scripts share: arguments, the artifacts they deploy, and a step runner that
// prints each operation and fails the script on the first error.
import { readFileSync } from "node:fs";

export const [url, root, stylusDir] = process.argv.slice(2);
if (!url || !root || !stylusDir) {
  console.error("usage: node <script> <devnode URL> <repository root> <cargo xtask wasm's output directory>");
  process.exit(2);
}
/** nitro-devnode's public development key (imo devnode funds its account). */
export const DEV_KEY = "0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659";
export const STYLUS_DEPLOYER = "0xcEcba2F1DC234f70Dd89F2041029807F8D03A990";
export const MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11";
export const STRANGER = "0x00000000000000000000000000000000000000aa";
/** The StylusDeployer's deploy, its event and an error it declares. */
export const DEPLOYER_ABI = [
  "function deploy(bytes bytecode, bytes initData, uint256 initValue, bytes32 salt) payable returns (address)",
  "event ContractDeployed(address deployedContract)",
  "error EmptyBytecode()",
];
/** The AIGC renderer (a Stylus contract without constructor). */
export const RENDERER_ABI = [
  "function tokenURI(address nft, string name, uint256 tokenId, bytes prompt, bytes aigcData, uint256 style) view returns (string)",
];
export const artifact = (name) => JSON.parse(readFileSync(`${root}/solidity/out/${name}.json`));
export const stylusInitcode = (name) =>
  "0x" + readFileSync(`${stylusDir}/${name}.initcode`).toString("hex");

/** Runs `f` as the named step; prints its result; any error ends the script with code 1. */
export async function step(name, f) {
  try {
    const r = await f();
    console.log(`ok   ${name}${r === undefined ? "" : `: ${r}`}`);
    return r;
  } catch (e) {
    console.log(`FAIL ${name}: ${(e.shortMessage || e.message || String(e)).split("\n")[0]}`);
    process.exit(1);
  }
}

export function assert(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}
