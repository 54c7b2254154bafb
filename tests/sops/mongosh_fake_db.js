// Runs blueprints/open5gs provision.js once against an in-memory `subscribers` collection that
// behaves as MongoDB does for the operations the script uses: bulkWrite of updateOne with upsert,
// $set (dotted paths) and $setOnInsert; deleteMany with equality and $ne filters on dotted paths
// (a missing field is "not equal"). The mongosh globals NumberInt and print are emulated.
// Usage: node mongosh_fake_db.js SCRIPT STATE_IN.json > STATE_OUT.json (documents as JSON).
'use strict';
const fs = require('fs');
const vm = require('vm');

const script = fs.readFileSync(process.argv[2], 'utf8');
const docs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));

function clone(value) {
  return JSON.parse(JSON.stringify(value));
}

function getPath(doc, dotted) {
  let node = doc;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}

function setPath(doc, dotted, value) {
  const parts = dotted.split('.');
  let node = doc;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
    node = node[part];
  }
  node[parts[parts.length - 1]] = clone(value);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function matches(doc, filter) {
  return Object.entries(filter).every(([path, condition]) => {
    const value = getPath(doc, path);
    if (condition !== null && typeof condition === 'object' && '$ne' in condition) {
      return !same(value, condition.$ne);
    }
    return value !== undefined && same(value, condition);
  });
}

const subscribers = {
  bulkWrite(ops) {
    for (const op of ops) {
      const { filter, update, upsert } = op.updateOne;
      let doc = docs.find((d) => matches(d, filter));
      const inserting = doc === undefined;
      if (inserting) {
        if (!upsert) continue;
        doc = clone(filter);
        docs.push(doc);
      }
      for (const [key, value] of Object.entries(update.$set || {})) setPath(doc, key, value);
      if (inserting) {
        for (const [key, value] of Object.entries(update.$setOnInsert || {})) setPath(doc, key, value);
      }
    }
  },
  deleteMany(filter) {
    const before = docs.length;
    for (let i = docs.length - 1; i >= 0; i--) {
      if (matches(docs[i], filter)) docs.splice(i, 1);
    }
    return { acknowledged: true, deletedCount: before - docs.length };
  },
};

vm.runInNewContext(script, {
  require,
  process,
  db: { subscribers },
  NumberInt: (v) => ({ $numberInt: String(v) }),
  print: (...args) => console.error(...args),
});
process.stdout.write(JSON.stringify(docs));
