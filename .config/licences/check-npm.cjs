'use strict'
// The npm half of the licence gate (./mvnw verify runs it in every module; the Maven half is
// license-maven-plugin). For each package-lock.json of the module (its own directory and the
// subdirectories that are not modules themselves), npm's own `npm sbom --package-lock-only`
// lists every package with its declared licence; each must be an SPDX expression satisfied by
// the OSI-approved licences in allowed.txt beside this file.
//
//   node check-npm.cjs MODULE_DIR
const fs = require('fs')
const path = require('path')
const { spawnSync } = require('child_process')
const { installOnce } = require('../npm-ci-once.cjs')

const moduleDir = path.resolve(process.argv[2] || '.')
const allowed = new Set(
  fs.readFileSync(path.join(__dirname, 'allowed.txt'), 'utf8').split('\n').map(s => s.trim())
    .filter(s => s && !s.startsWith('#')))

function lockfiles (dir) {
  const found = []
  if (fs.existsSync(path.join(dir, 'package-lock.json'))) found.push(dir)
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const sub = path.join(dir, entry.name)
    if (!entry.isDirectory() || ['node_modules', 'target', '.git'].includes(entry.name)) continue
    if (fs.existsSync(path.join(sub, 'pom.xml'))) continue // a module of its own checks itself
    if (fs.existsSync(path.join(sub, 'package-lock.json'))) found.push(sub)
  }
  return found
}

// npm sbom reports NOASSERTION for packages that declare the legacy `licenses` array
// ([{ "type": "MIT" }]) instead of an SPDX `license` string; read it from the installed package.
function legacyLicence (dir, name, version) {
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'))
  for (const [where, entry] of Object.entries(lock.packages || {})) {
    if (!where.endsWith('node_modules/' + name) || entry.version !== version) continue
    const manifest = path.join(dir, where, 'package.json')
    if (!fs.existsSync(manifest)) {
      return { missing: `${path.relative(process.cwd(), manifest)} (not installed: run the build first)` }
    }
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'))
    if (typeof pkg.license === 'string') return { expression: pkg.license }
    const legacy = Array.isArray(pkg.licenses) ? pkg.licenses : pkg.license ? [pkg.license] : []
    const types = legacy.map(l => (typeof l === 'string' ? l : l && l.type)).filter(Boolean)
    if (types.length > 0) return { expression: types.join(' OR ') }
  }
  return {}
}

// SPDX expressions: "MIT", "(MIT OR Apache-2.0)", "MIT AND BSD-3-Clause", "GPL-2.0-only WITH X".
function satisfied (expression) {
  const tokens = expression.replace(/[()]/g, m => ` ${m} `).trim().split(/\s+/)
  let i = 0
  function primary () {
    const t = tokens[i++]
    if (t === '(') {
      const v = or()
      i++ // ')'
      return v
    }
    if (tokens[i] === 'WITH') {
      const exception = tokens[i + 1]
      i += 2
      return allowed.has(`${t}-with-${exception}`) || allowed.has(`${t} WITH ${exception}`)
    }
    return allowed.has(t)
  }
  function and () {
    let v = primary()
    while (tokens[i] === 'AND') { i++; v = primary() && v }
    return v
  }
  function or () {
    let v = and()
    while (tokens[i] === 'OR') { i++; v = and() || v }
    return v
  }
  return tokens.length > 0 && or() && i === tokens.length
}

let failures = 0
for (const dir of lockfiles(moduleDir)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const sbom = spawnSync(npm, ['sbom', '--package-lock-only', '--sbom-format=spdx'],
    { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32' })
  if (sbom.error || sbom.status !== 0) {
    console.error(`licence gate: npm sbom failed in ${dir}: ${sbom.error || sbom.stderr}`)
    process.exit(2)
  }
  const packages = JSON.parse(sbom.stdout).packages
  const unread = packages.filter(p => !p.licenseDeclared || p.licenseDeclared === 'NOASSERTION')
  if (unread.length > 0 && !installOnce(dir)) {
    // Their manifests are needed: install the lockfile once, as its own module's build does.
    console.error(`licence gate: npm ci failed in ${dir}`)
    process.exit(2)
  }
  for (const p of unread) {
    {
      const legacy = legacyLicence(dir, p.name, p.versionInfo)
      if (legacy.expression) p.licenseDeclared = legacy.expression
      else if (legacy.missing) p.licenseDeclared = `unknown: ${legacy.missing}`
    }
  }
  const refused = packages.filter(p => !satisfied(p.licenseDeclared || 'NOASSERTION'))
  const rel = path.relative(process.cwd(), path.join(dir, 'package-lock.json')) || 'package-lock.json'
  for (const p of refused) {
    console.error(`licence gate: ${p.name}@${p.versionInfo} in ${rel} is under ` +
      `"${p.licenseDeclared || 'no declared licence'}", which allowed.txt does not allow.`)
  }
  failures += refused.length
  if (refused.length === 0) console.log(`licence gate: ${packages.length} npm packages in ${rel}: all allowed`)
}
if (failures > 0) {
  console.error('licence gate: every dependency must be under an OSI-approved licence (.config/licences/allowed.txt).')
  process.exit(1)
}
