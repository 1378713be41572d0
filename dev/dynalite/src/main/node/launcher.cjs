'use strict'
// Starts dynalite (the open-source DynamoDB engine) for local mode, the tests and the benchmark.
//
//   node launcher.cjs [--path DIR] [--tls-key KEY.pem --tls-cert CERT.pem] [--idle-timeout-ms N]
//
// Listens on a free loopback port and prints "dynalite listening on port N" once it accepts
// connections. Exits when its standard input closes, so it never outlives the JVM that started
// it, even one killed with SIGKILL (the kernel closes the pipe). With --path it keeps its tables
// in LevelDB files under DIR; without it, in memory. With --tls-key and --tls-cert it serves HTTPS
// only, with that key and certificate (dynalite's own bundled certificate expired in 2018). With
// --idle-timeout-ms it closes a kept-alive connection idle that long (Node's default: 5 s).
//
// Before starting, it closes the gaps between dynalite 4.0.0 and DynamoDB that this project relies
// on, so that local mode answers as DynamoDB documents (each is pinned by the Java module's engine
// conformance tests):
//  1. ReturnValuesOnConditionCheckFailure=ALL_OLD: DynamoDB returns the stored item with a failed
//     condition on PutItem, UpdateItem and DeleteItem; dynalite drops the parameter (issue #182).
//  2. Map keys named __proto__ are kept, as DynamoDB keeps them; dynalite's request parsing loses
//     them.
//  3. Numbers computed by an update expression obey DynamoDB's 38-digit and magnitude limits.

const MIN_NODE_MAJOR = 20
const nodeMajor = Number(process.versions.node.split('.')[0])
if (nodeMajor < MIN_NODE_MAJOR) {
  process.stderr.write(
    `dynalite needs Node.js ${MIN_NODE_MAJOR} or newer, but this is Node.js ${process.versions.node}: ` +
      `install Node.js ${MIN_NODE_MAJOR}+ (with npm) and run again.\n`)
  process.exit(78)
}

const args = process.argv.slice(2)
let dataPath, tlsKey, tlsCert, idleTimeoutMs
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--path' && i + 1 < args.length) dataPath = args[++i]
  else if (args[i] === '--tls-key' && i + 1 < args.length) tlsKey = args[++i]
  else if (args[i] === '--tls-cert' && i + 1 < args.length) tlsCert = args[++i]
  else if (args[i] === '--idle-timeout-ms' && i + 1 < args.length && /^[1-9][0-9]*$/.test(args[i + 1])) {
    idleTimeoutMs = Number(args[++i])
  }
  else {
    process.stderr.write(`launcher.cjs: unknown argument ${args[i]}\n`)
    process.exit(64)
  }
}

if ((tlsKey === undefined) !== (tlsCert === undefined)) {
  process.stderr.write('launcher.cjs: --tls-key and --tls-cert go together\n')
  process.exit(64)
}
let tlsOptions = {}
if (tlsKey !== undefined) {
  try {
    const fs = require('fs')
    tlsOptions = { ssl: true, key: fs.readFileSync(tlsKey), cert: fs.readFileSync(tlsCert), ca: [] }
  } catch (e) {
    process.stderr.write(`launcher.cjs: cannot read the TLS key or certificate: ${e.message}\n`)
    process.exit(66)
  }
}

let Big, db
try {
  Big = require('big.js')
  db = require('dynalite/db')
} catch (e) {
  process.stderr.write(
    'dynalite is not installed next to this launcher (' + e.message.split('\n')[0] + '): ' +
      'run the build (./mvnw package) or `npm ci --ignore-scripts` in the dynalite directory.\n')
  process.exit(69)
}

// 1. ALL_OLD on a failed condition. The validation step deletes parameters it does not declare,
// so declare this one for the three writes; then attach the item that failed the condition. The
// check runs while dynalite holds the item's lock, so the item is exactly the one that failed.
const CONDITIONAL_WRITES = ['putItem', 'updateItem', 'deleteItem']
for (const action of CONDITIONAL_WRITES) {
  require('dynalite/validations/' + action).types.ReturnValuesOnConditionCheckFailure = {
    type: 'String',
    enum: ['ALL_OLD', 'NONE'],
  }
}
const checkConditional = db.checkConditional
db.checkConditional = function (data, existingItem) {
  const err = checkConditional.apply(this, arguments)
  if (err != null && existingItem && data.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') {
    err.body.Item = existingItem
  }
  return err
}

// 2. __proto__ keys. dynalite copies maps with assignments (obj[key] = value), and on a plain
// object an assignment to "__proto__" sets the prototype instead of a key. Without the legacy
// Object.prototype.__proto__ accessor (what node --disable-proto=delete does) the assignment makes
// an ordinary key, as DynamoDB keeps it. Nothing in dynalite or its dependencies uses the accessor.
delete Object.prototype.__proto__

// 3. Number limits on what an update expression computes. PutItem already refuses such numbers
// with these messages (dynalite's validations/index.js matches DynamoDB's).
function numberError (text) {
  let n
  try {
    n = new Big(text)
  } catch {
    return null
  }
  if (n.c.length === 1 && n.c[0] === 0) return null
  if (n.e > 125) return 'Number overflow. Attempting to store a number with magnitude larger than supported range'
  if (n.e < -130) return 'Number underflow. Attempting to store a number with magnitude smaller than supported range'
  if (n.c.length > 38) return 'Attempting to store more than 38 significant digits in a Number'
  return null
}
function firstNumberError (value) {
  if (value === null || typeof value !== 'object') return null
  if (typeof value.N === 'string') return numberError(value.N)
  if (Array.isArray(value.NS)) {
    for (const n of value.NS) {
      const e = numberError(n)
      if (e) return e
    }
  }
  const nested = value.M || value.L
  if (nested && typeof nested === 'object') {
    for (const key of Object.keys(nested)) {
      const e = firstNumberError(nested[key])
      if (e) return e
    }
  }
  return null
}
const updateItemPath = require.resolve('dynalite/actions/updateItem')
const updateItem = require(updateItemPath)
require.cache[updateItemPath].exports = function (store, data, cb) {
  const checked = Object.create(store)
  checked.getItemDb = function (name) {
    const itemDb = store.getItemDb(name)
    const guarded = Object.create(itemDb)
    guarded.put = function (key, item, done) {
      for (const attr of Object.keys(item)) {
        const e = firstNumberError(item[attr])
        if (e) return done(db.validationError(e))
      }
      return itemDb.put.apply(itemDb, arguments)
    }
    return guarded
  }
  return updateItem(checked, data, cb)
}

const dynalite = require('dynalite')
const server = dynalite({
  ...tlsOptions,
  path: dataPath,
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
})

if (idleTimeoutMs !== undefined) server.keepAliveTimeout = idleTimeoutMs

server.listen(0, '127.0.0.1', function () {
  process.stdout.write(`dynalite listening on port ${server.address().port}\n`)
})
server.on('error', function (e) {
  process.stderr.write(`dynalite could not listen: ${e.message}\n`)
  process.exit(70)
})

let stopping = false
function stop () {
  if (stopping) return
  stopping = true
  // Closing the server closes its LevelDB store, which flushes what it acknowledged.
  server.close(function () {
    process.exit(0)
  })
  setTimeout(function () { process.exit(0) }, 2000).unref()
  server.closeAllConnections?.()
}
process.stdin.on('end', stop)
process.stdin.on('close', stop)
process.stdin.on('error', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
