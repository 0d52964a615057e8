#!/usr/bin/env node
// Compiles contracts/src with the pinned solc-js through its standard-JSON API
// (the solcjs CLI has neither --combined-json nor --evm-version) and writes a
// solc-style combined.json that `abigen --combined-json` reads.
//
// Usage: node build/compile.js [output file]   (default: build/combined.json)
//
// The output is deterministic: sources are fed in sorted order, keys are
// written in sorted order and the file only depends on the sources, the
// pinned compiler and the settings below.
"use strict";

const fs = require("fs");
const path = require("path");
const solc = require("solc");

// Mainnet's current fork is Osaka (Fusaka); the BPO1/BPO2 forks after it only
// change blob parameters, so no newer EVM version applies.
const EVM_VERSION = "osaka";
// The IR pipeline with high runs: the contract is deployed once and called
// often, and batchWithdraw has a hard per-channel gas budget (viaIR alone
// saves about 600 gas per batch item over the legacy pipeline).
const OPTIMIZER_RUNS = 10000;
// The contracts Go code binds to; interfaces, libraries and OpenZeppelin's
// abstract contracts are compiled but not exported.
const EXPORTED = ["ChannelManager", "TestToken", "ReentrantToken"];

const root = path.resolve(__dirname, "..");
const srcDir = path.join(root, "src");

function findImports(importPath) {
  // OpenZeppelin imports resolve to the pinned package in node_modules.
  const candidates = [path.join(root, "node_modules", importPath), path.join(root, importPath)];
  for (const file of candidates) {
    if (fs.existsSync(file)) return { contents: fs.readFileSync(file, "utf8") };
  }
  return { error: `import not found: ${importPath} (run npm ci in contracts/)` };
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

function main() {
  const outFile = path.resolve(process.argv[2] || path.join(root, "build", "combined.json"));

  const sources = {};
  for (const name of fs.readdirSync(srcDir).filter((f) => f.endsWith(".sol")).sort()) {
    sources[`src/${name}`] = { content: fs.readFileSync(path.join(srcDir, name), "utf8") };
  }
  const input = {
    language: "Solidity",
    sources,
    settings: {
      evmVersion: EVM_VERSION,
      viaIR: true,
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  let failed = false;
  for (const diag of output.errors || []) {
    if (diag.severity === "error") failed = true;
    // OpenZeppelin's own warnings (e.g. its transient-storage notice) are not ours to fix.
    const file = diag.sourceLocation && diag.sourceLocation.file;
    if (diag.severity !== "error" && file && !file.startsWith("src/")) continue;
    process.stderr.write(diag.formattedMessage || diag.message);
  }
  if (failed) {
    process.stderr.write("compile.js: compilation failed\n");
    process.exit(1);
  }

  const contracts = {};
  for (const [file, byName] of Object.entries(output.contracts || {})) {
    for (const [name, c] of Object.entries(byName)) {
      if (!EXPORTED.includes(name)) continue;
      contracts[`${file}:${name}`] = {
        abi: c.abi,
        bin: c.evm.bytecode.object,
        "bin-runtime": c.evm.deployedBytecode.object,
      };
    }
  }
  const missing = EXPORTED.filter((n) => !Object.keys(contracts).some((k) => k.endsWith(`:${n}`)));
  if (missing.length > 0) {
    process.stderr.write(`compile.js: contracts missing from output: ${missing.join(", ")}\n`);
    process.exit(1);
  }

  const combined = sortKeys({ contracts, version: solc.version() });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(combined, null, 2) + "\n");
  process.stderr.write(`compile.js: solc ${solc.version()}, evm ${EVM_VERSION}, runs ${OPTIMIZER_RUNS} -> ${outFile}\n`);
}

main();
