// Test harness for blueprints/open5gs provision.js: emulates the few mongosh globals the script
// uses (db.subscribers.bulkWrite with upsert/$set/$setOnInsert, NumberInt, print) over an
// in-memory collection, runs the script twice, and prints the collection as JSON on stdout.
// Between the runs the UDM's SQN update is emulated: the second run must leave it alone.
'use strict';
const fs = require('fs');
const vm = require('vm');

const script = fs.readFileSync(process.argv[2], 'utf8');
const docs = new Map();
let upserted = 0;

function clone(value) {
  return JSON.parse(JSON.stringify(value));
}

function setPath(doc, dotted, value) {
  const parts = dotted.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) {
      node[part] = {};
    }
    node = node[part];
  }
  node[parts[parts.length - 1]] = clone(value);
}

const subscribers = {
  bulkWrite(ops) {
    for (const op of ops) {
      const { filter, update, upsert } = op.updateOne;
      let doc = docs.get(filter.imsi);
      const inserting = doc === undefined;
      if (inserting) {
        if (!upsert) continue;
        doc = { imsi: filter.imsi };
        docs.set(filter.imsi, doc);
        upserted += 1;
      }
      for (const [key, value] of Object.entries(update.$set || {})) setPath(doc, key, value);
      if (inserting) {
        for (const [key, value] of Object.entries(update.$setOnInsert || {})) setPath(doc, key, value);
      }
    }
  },
  // The lifecycle step (removal of dropped IMSIs) is tested in tests/sops/test_lifecycle.py.
  deleteMany() {
    return { acknowledged: true, deletedCount: 0 };
  },
};

function run() {
  vm.runInNewContext(script, {
    require,
    process,
    db: { subscribers },
    NumberInt: (v) => ({ $numberInt: String(v) }),
    print: (...args) => console.error(...args),
  });
}

run();
const firstRun = clone([...docs.values()]);
for (const doc of docs.values()) doc.security.sqn = { $numberLong: '4242' };
run();
process.stdout.write(JSON.stringify({ upserted, firstRun, secondRun: [...docs.values()] }));
