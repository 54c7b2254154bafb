// Decrypt a SOPS file with the npm package sops-age (an implementation independent of n5gc and of
// Go sops) and print the plaintext object as JSON. Usage:
//   SOPS_AGE_DIR=<folder holding node_modules/sops-age> AGE_KEY=<AGE-SECRET-KEY-1...> node sops_age_decrypt.cjs FILE
'use strict';
const fs = require('fs');
const path = require('path');
const { decryptSops } = require(path.join(process.env.SOPS_AGE_DIR, 'node_modules', 'sops-age'));

decryptSops(fs.readFileSync(process.argv[2], 'utf8'), { secretKey: process.env.AGE_KEY, fileType: 'yaml' })
  .then((plain) => process.stdout.write(JSON.stringify(plain)))
  .catch((error) => {
    process.stderr.write(String(error && error.message) + '\n');
    process.exit(1);
  });
