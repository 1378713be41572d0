#!/usr/bin/env node
// Installs a directory's package-lock.json with `npm ci --ignore-scripts`, unless node_modules was
// already installed from this very lockfile (a sha256 marker, the one dynalite's EngineHome
// writes too). The licence gate and the local module's OpenAPI lint both need docs/node_modules;
// with this, a fresh clone's `./mvnw verify` installs it once.
//   node .config/npm-ci-once.cjs <dir>
'use strict'
const crypto = require('crypto')
const fs = require('fs')
const path = require('path')
const { spawnSync } = require('child_process')

const MARKER = path.join('node_modules', '.installed-from-lockfile.sha256')

function installOnce (dir) {
  const lock = fs.readFileSync(path.join(dir, 'package-lock.json'))
  const digest = crypto.createHash('sha256').update(lock).digest('hex')
  const marker = path.join(dir, MARKER)
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8').trim() === digest) {
    return true
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const ci = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' })
  if (ci.error || ci.status !== 0) {
    console.error(`npm ci failed in ${dir}`)
    return false
  }
  fs.writeFileSync(marker, digest + '\n')
  return true
}

module.exports = { installOnce }

if (require.main === module) {
  if (process.argv.length !== 3) {
    console.error('usage: node .config/npm-ci-once.cjs <dir>')
    process.exit(2)
  }
  process.exit(installOnce(path.resolve(process.argv[2])) ? 0 : 1)
}
