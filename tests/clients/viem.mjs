// viem with its default settings against imo devnode: deploy a Solidity contract and a Stylus
// contract (through the StylusDeployer), write, read, wait for receipts, query and watch events,
// decode a custom error, estimate fees and gas, read blocks and transactions, multicall; then
// viem's test client (anvil mode): impersonation, balances, snapshots, timestamps, mining, state dumps.
import { createPublicClient, createTestClient, createWalletClient, defineChain, http, parseAbi, parseEther, ContractFunctionRevertedError } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { url, DEV_KEY, STYLUS_DEPLOYER, MULTICALL3, STRANGER, DEPLOYER_ABI, RENDERER_ABI, artifact, stylusInitcode, step, assert } from "./common.mjs";

const chain = defineChain({
  id: 412346,
  name: "imo devnode",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: [url] } },
  contracts: { multicall3: { address: MULTICALL3 } },
});
const account = privateKeyToAccount(DEV_KEY);
const pub = createPublicClient({ chain, transport: http() });
const wallet = createWalletClient({ chain, transport: http(), account });
const currency = artifact("TestCurrency");
const deployer = parseAbi(DEPLOYER_ABI);

const hash = await step("deployContract (Solidity)", () => wallet.deployContract({ abi: currency.abi, bytecode: currency.bytecode }));
const token = await step("waitForTransactionReceipt", async () => {
  const r = await pub.waitForTransactionReceipt({ hash });
  assert(r.status === "success" && r.contractAddress, "a created contract");
  return r.contractAddress;
});
await step("writeContract mint", async () => {
  const h = await wallet.writeContract({ address: token, abi: currency.abi, functionName: "mint", args: [account.address, 1000n] });
  const r = await pub.waitForTransactionReceipt({ hash: h });
  assert(r.status === "success" && r.type === "eip1559", "an EIP-1559 transaction that succeeded");
  return r.type;
});
await step("readContract balanceOf", async () => {
  const b = await pub.readContract({ address: token, abi: currency.abi, functionName: "balanceOf", args: [account.address] });
  assert(b === 1000n, "1000");
  return b;
});
await step("getContractEvents Transfer", async () => {
  const logs = await pub.getContractEvents({ address: token, abi: currency.abi, eventName: "Transfer", fromBlock: 0n });
  assert(logs.length === 1 && logs[0].args.value === 1000n, "the mint's Transfer");
  return logs.length;
});
await step("watchContractEvent Transfer", () => new Promise(async (resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no event within 10 s")), 10_000);
  const unwatch = pub.watchContractEvent({
    address: token, abi: currency.abi, eventName: "Transfer", pollingInterval: 200,
    onLogs: (logs) => { clearTimeout(timer); unwatch(); resolve(`${logs.length} event, to ${logs[0].args.to}`); },
    onError: (e) => { clearTimeout(timer); unwatch(); reject(e); },
  });
  await new Promise((r) => setTimeout(r, 500));
  await wallet.writeContract({ address: token, abi: currency.abi, functionName: "transfer", args: [STRANGER, 5n] });
}));
await step("estimateFeesPerGas", async () => {
  const fees = await pub.estimateFeesPerGas();
  return `maxFeePerGas ${fees.maxFeePerGas}`;
});
await step("estimateGas (value transfer)", async () => {
  const gas = await pub.estimateGas({ account, to: STRANGER, value: 1n });
  assert(gas === 21000n, "21000");
  return gas;
});
await step("getBlock by number and hash, getTransaction", async () => {
  const block = await pub.getBlock({ blockNumber: 1n, includeTransactions: true });
  const same = await pub.getBlock({ blockHash: block.hash });
  assert(same.number === 1n && block.transactions[0].hash === hash, "block 1 with the deployment");
  const tx = await pub.getTransaction({ hash });
  assert(tx.blockNumber === 1n && tx.from === account.address.toLowerCase(), "the deployment transaction");
  return block.hash;
});
await step("call at a past block is refused, not answered with today's state", async () => {
  try {
    await pub.readContract({ address: token, abi: currency.abi, functionName: "balanceOf", args: [account.address], blockNumber: 1n });
  } catch (e) {
    return "refused";
  }
  throw new Error("a past block answered");
});
await step("multicall (Multicall3 at its canonical address)", async () => {
  const results = await pub.multicall({ contracts: [
    { address: token, abi: currency.abi, functionName: "totalSupply" },
    { address: token, abi: currency.abi, functionName: "balanceOf", args: [STRANGER] },
  ] });
  assert(results.every((r) => r.status === "success") && results[1].result === 5n, "both calls answered");
  return results.map((r) => r.result).join(", ");
});
await step("custom error decoded (StylusDeployer.EmptyBytecode)", async () => {
  try {
    await pub.simulateContract({ account, address: STYLUS_DEPLOYER, abi: deployer, functionName: "deploy", args: ["0x", "0x", 0n, `0x${"00".repeat(32)}`] });
  } catch (e) {
    const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
    assert(revert?.data?.errorName === "EmptyBytecode", "EmptyBytecode");
    return revert.data.errorName;
  }
  throw new Error("no revert");
});
await step("deploy a Stylus contract through the StylusDeployer, then call it", async () => {
  const { request, result } = await pub.simulateContract({
    account, address: STYLUS_DEPLOYER, abi: deployer, functionName: "deploy",
    args: [stylusInitcode("imo-aigc-renderer"), "0x", 0n, `0x${"01".repeat(32)}`], value: parseEther("0.01"),
  });
  const r = await pub.waitForTransactionReceipt({ hash: await wallet.writeContract(request) });
  assert(r.status === "success", "a deployment");
  const uri = await pub.readContract({ address: result, abi: parseAbi(RENDERER_ABI), functionName: "tokenURI", args: [STRANGER, "NFT", 1n, "0x61", `0x${"00".repeat(64)}`, 0n] });
  assert(uri.startsWith("data:application/json"), "a data URI");
  return `${result}: ${uri.slice(0, 30)}…`;
});

const test = createTestClient({ chain, mode: "anvil", transport: http() });
const WHALE = "0x00000000000000000000000000000000000000bb";
await step("impersonateAccount + setBalance + sendTransaction from it (no key)", async () => {
  await test.setBalance({ address: WHALE, value: parseEther("3") });
  await test.impersonateAccount({ address: WHALE });
  const whale = createWalletClient({ chain, transport: http(), account: WHALE });
  const h = await whale.sendTransaction({ to: STRANGER, value: parseEther("1") });
  const r = await pub.waitForTransactionReceipt({ hash: h });
  assert(r.status === "success" && r.from.toLowerCase() === WHALE, "sent from the impersonated account");
  await test.stopImpersonatingAccount({ address: WHALE });
  let refused = false;
  try { await whale.sendTransaction({ to: STRANGER, value: 1n }); } catch { refused = true; }
  assert(refused, "refused once impersonation stops");
  const left = await pub.getBalance({ address: WHALE });
  assert(left === parseEther("2"), "3 ETH set, 1 sent");
  return `whale balance ${left}`;
});
await step("the node's test accounts (eth_accounts) sign for eth_sendTransaction", async () => {
  const [, alice] = await wallet.request({ method: "eth_accounts" });
  const local = createWalletClient({ chain, transport: http(), account: alice });
  const r = await pub.waitForTransactionReceipt({ hash: await local.sendTransaction({ to: STRANGER, value: 7n }) });
  assert(r.status === "success" && r.from.toLowerCase() === alice.toLowerCase(), "sent by the node's key");
  return alice;
});
await step("snapshot / revert", async () => {
  const id = await test.snapshot();
  const before = await pub.getBalance({ address: STRANGER });
  await test.setBalance({ address: STRANGER, value: 1n });
  await test.revert({ id });
  const after = await pub.getBalance({ address: STRANGER });
  assert(after === before, "the balance is back");
  return `${id}: ${after}`;
});
await step("setNextBlockTimestamp + mine", async () => {
  const latest = await pub.getBlock();
  const at = latest.timestamp + 86_400n;
  await test.setNextBlockTimestamp({ timestamp: at });
  await test.mine({ blocks: 2 });
  const mined = await pub.getBlock({ blockNumber: latest.number + 1n });
  assert(mined.timestamp === at && (await pub.getBlockNumber()) === latest.number + 2n, "two blocks, the first at the time set");
  return `block ${mined.number} at ${mined.timestamp}`;
});
await step("dumpState / loadState", async () => {
  const dump = await test.dumpState();
  const number = await pub.getBlockNumber();
  await test.mine({ blocks: 3 });
  await test.loadState({ state: dump });
  assert((await pub.getBlockNumber()) === number, "the chain is back at the dump");
  return `${(dump.length - 2) / 2} bytes`;
});
await step("getBlockReceipts / getBlockTransactionCount", async () => {
  const block = await pub.getBlock({ includeTransactions: false, blockTag: "latest" });
  const txBlock = await pub.getBlock({ blockNumber: (await pub.getTransactionReceipt({ hash })).blockNumber });
  const count = await pub.getBlockTransactionCount({ blockNumber: txBlock.number });
  const receipts = await pub.request({ method: "eth_getBlockReceipts", params: [`0x${txBlock.number.toString(16)}`] });
  assert(count === 1 && receipts.length === 1 && receipts[0].transactionHash === hash, "the deployment's block");
  return `block ${block.number}`;
});
