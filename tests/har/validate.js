// Checks a HAR file against HAR 1.2: har-validator's own check, then the same schema (har-schema) with
// ajv's full format checks, so `url` must be an RFC 3986 URI and `startedDateTime` an RFC 3339 date-time.
// Usage: node validate.js FILE.har — prints "valid" and exits 0, or prints the errors and exits 1.
'use strict'

const fs = require('fs')
const Ajv = require('ajv')
const schemas = require('har-schema')
const validator = require('har-validator')

const har = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))

const strict = new Ajv({ allErrors: true, format: 'full' })
strict.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json'))
strict.addSchema(schemas)
const check = strict.getSchema('har.json')

validator.har(har).then(() => {
  if (!check(har)) {
    console.error(JSON.stringify(check.errors, null, 1))
    process.exit(1)
  }
  console.log('valid')
}).catch((error) => {
  console.error(JSON.stringify(error.errors || error.message, null, 1))
  process.exit(1)
})
