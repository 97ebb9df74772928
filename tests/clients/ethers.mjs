// ethers v6 with its default settings but one (JSON-RPC batches, filters, polling) against imo devnode: deploy a
// Solidity contract and a Stylus contract (through the StylusDeployer), write, read, wait for
// receipts, query and listen for events, decode a custom error, fee data, gas, blocks,
// transactions, and a Multicall3 batch.
import { Contract, ContractFactory, JsonRpcProvider, Wallet, parseEther } from "ethers";
import { url, DEV_KEY, STYLUS_DEPLOYER, MULTICALL3, STRANGER, DEPLOYER_ABI, RENDERER_ABI, artifact, stylusInitcode, step, assert } from "./common.mjs";

// One setting differs from ethers' defaults: its 250 ms response cache is off. On any node that
// mines instantly (hardhat, anvil, this one) the cache answers a second transaction's nonce query
// with the first one's nonce ("nonce has already been used"); ethers' author recommends this
// setting for such nodes (ethers-io/ethers.js#4549). Polling every 200 ms only makes it faster.
const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1 });
provider.pollingInterval = 200;
const wallet = new Wallet(DEV_KEY, provider);
const currency = artifact("TestCurrency");

const token = await step("ContractFactory.deploy (Solidity), waitForDeployment", async () => {
  const c = await new ContractFactory(currency.abi, currency.bytecode, wallet).deploy();
  await c.waitForDeployment();
  return c;
});
console.log(`     at ${await token.getAddress()}`);
await step("mint, tx.wait()", async () => {
  const r = await (await token.mint(wallet.address, 1000n)).wait();
  assert(r.status === 1 && r.logs.length === 1, "a receipt with the Transfer log");
  return `block ${r.blockNumber}`;
});
await step("balanceOf", async () => {
  const b = await token.balanceOf(wallet.address);
  assert(b === 1000n, "1000");
  return b;
});
await step("queryFilter Transfer", async () => {
  const events = await token.queryFilter(token.filters.Transfer(), 0);
  assert(events.length === 1 && events[0].args.value === 1000n, "the mint's Transfer");
  return events.length;
});
await step("contract.on Transfer", () => new Promise(async (resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no event within 10 s")), 10_000);
  await token.on("Transfer", (from, to, value) => {
    clearTimeout(timer);
    token.removeAllListeners().then(() => resolve(`${value} to ${to}`));
  });
  await (await token.transfer(STRANGER, 5n)).wait();
}));
await step("getFeeData", async () => {
  // The devchain's base fee is 0, which ethers reads as a chain without EIP-1559 fees.
  const fees = await provider.getFeeData();
  assert(fees.gasPrice === 0n, "gas price 0");
  return `gasPrice ${fees.gasPrice}, maxFeePerGas ${fees.maxFeePerGas}`;
});
await step("estimateGas (value transfer)", async () => {
  const gas = await provider.estimateGas({ from: wallet.address, to: STRANGER, value: 1n });
  assert(gas === 21000n, "21000");
  return gas;
});
await step("getBlock, getTransaction", async () => {
  const block = await provider.getBlock(1);
  const tx = await provider.getTransaction(block.transactions[0]);
  assert(tx.blockNumber === 1 && tx.from === wallet.address, "the deployment transaction");
  return block.hash;
});
await step("Multicall3.aggregate3", async () => {
  const multicall = new Contract(MULTICALL3, [
    "function aggregate3((address target, bool allowFailure, bytes callData)[] calls) payable returns ((bool success, bytes returnData)[])",
  ], provider);
  const calls = [
    { target: await token.getAddress(), allowFailure: false, callData: token.interface.encodeFunctionData("balanceOf", [STRANGER]) },
    { target: await token.getAddress(), allowFailure: true, callData: "0xdeadbeef" },
  ];
  const results = await multicall.aggregate3.staticCall(calls);
  assert(results[0].success && BigInt(results[0].returnData) === 5n && !results[1].success, "one answer, one allowed failure");
  return results.length;
});
await step("custom error decoded (StylusDeployer.EmptyBytecode)", async () => {
  const deployer = new Contract(STYLUS_DEPLOYER, DEPLOYER_ABI, wallet);
  try {
    await deployer.deploy.staticCall("0x", "0x", 0n, `0x${"00".repeat(32)}`);
  } catch (e) {
    assert(e.revert?.name === "EmptyBytecode", `EmptyBytecode, got ${e.shortMessage}`);
    return e.revert.name;
  }
  throw new Error("no revert");
});
await step("deploy a Stylus contract through the StylusDeployer, then call it", async () => {
  const deployer = new Contract(STYLUS_DEPLOYER, DEPLOYER_ABI, wallet);
  const args = [stylusInitcode("imo-aigc-renderer"), "0x", 0n, `0x${"02".repeat(32)}`];
  const address = await deployer.deploy.staticCall(...args, { value: parseEther("0.01") });
  const r = await (await deployer.deploy(...args, { value: parseEther("0.01") })).wait();
  assert(r.status === 1, "a deployment");
  const renderer = new Contract(address, RENDERER_ABI, provider);
  const uri = await renderer.tokenURI(STRANGER, "NFT", 1n, "0x61", `0x${"00".repeat(64)}`, 0n);
  assert(uri.startsWith("data:application/json"), "a data URI");
  return `${address}: ${uri.slice(0, 30)}…`;
});
await step("JsonRpcSigner: listAccounts, getSigner(1).sendTransaction (the node signs)", async () => {
  const accounts = await provider.listAccounts();
  assert(accounts.length === 11, "the dev account and ten test accounts");
  const signer = await provider.getSigner(1);
  const before = await provider.getBalance(STRANGER);
  const r = await (await signer.sendTransaction({ to: STRANGER, value: 9n })).wait();
  assert(r.status === 1 && r.from === accounts[1].address, "sent from test account 0");
  assert((await provider.getBalance(STRANGER)) === before + 9n, "9 wei arrived");
  return accounts[1].address;
});
provider.destroy();
