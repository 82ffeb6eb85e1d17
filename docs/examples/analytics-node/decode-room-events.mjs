#!/usr/bin/env node
// Decode Roomcast records from Kafka with nothing but the schema registry: no Roomcast code, no generated classes.
// Each record value is in the Confluent wire format (byte 0 = magic 0, bytes 1-4 = schema id, then Avro binary);
// the writer schema is fetched by id from the registry's Confluent-compatible API (Apicurio: /apis/ccompat/v7).
//
//   npm ci
//   node decode-room-events.mjs [--bootstrap localhost:9092] [--registry http://localhost:8081/apis/ccompat/v7]
//                               [--topic room-events] [--count 5]
//   (or env BOOTSTRAP, REGISTRY, TOPIC, COUNT)
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';

const { values: opt } = parseArgs({
  options: {
    bootstrap: { type: 'string', default: process.env.BOOTSTRAP ?? 'localhost:9092' },
    registry: { type: 'string', default: process.env.REGISTRY ?? 'http://localhost:8081/apis/ccompat/v7' },
    topic: { type: 'string', default: process.env.TOPIC ?? 'room-events' },
    count: { type: 'string', default: process.env.COUNT ?? '5' },
  },
});
const wanted = Number(opt.count);
const TIMEOUT_MS = 20_000;

// Avro logical types: by default avsc hands back the underlying type (uuid -> string, timestamp-millis -> number).
// Turn timestamp-millis into a Date so it prints as ISO-8601; uuid is already a readable string.
class TimestampMillis extends avro.types.LogicalType {
  _fromValue(millis) { return new Date(millis); }
  _toValue(date) { return date instanceof Date ? date.getTime() : undefined; }
  _resolve(type) { if (avro.Type.isType(type, 'long', 'logical:timestamp-millis')) return this._fromValue; }
}
const registry = new SchemaRegistry(
  { host: opt.registry },
  { [SchemaType.AVRO]: { logicalTypes: { 'timestamp-millis': TimestampMillis } } },
);

// Subject(s) that hold a schema id (Confluent API: GET /schemas/ids/{id}/versions), cached per id.
const subjects = new Map();
async function subjectOf(id) {
  if (!subjects.has(id)) {
    const res = await fetch(`${opt.registry}/schemas/ids/${id}/versions`);
    subjects.set(id, res.ok ? (await res.json()).map((v) => `${v.subject} v${v.version}`).join(', ') : '?');
  }
  return subjects.get(id);
}

// Avro bytes (e.g. a dead letter's key/value) print as base64 instead of {"type":"Buffer","data":[...]}.
const bytesAsBase64 = (key, v) => (v?.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('base64') : v);

const kafka = new Kafka({ clientId: 'roomcast-analytics-example', brokers: [opt.bootstrap], logLevel: logLevel.NOTHING });
const consumer = kafka.consumer({ groupId: `analytics-example-${process.pid}-${Date.now()}` }); // fresh group: read from offset 0
let decoded = 0;
let allDecoded;
const done = new Promise((resolve) => { allDecoded = resolve; });

let timer;
const timeout = new Promise((resolve) => { timer = setTimeout(resolve, TIMEOUT_MS, 'timeout'); });
const fail = (message) => { console.error(`error: ${message}`); process.exit(1); };
consumer.on(consumer.events.CRASH, ({ payload }) => { // e.g. the registry is unreachable or a record cannot be decoded
  if (!payload.restart) fail(`${payload.error.message} (registry ${opt.registry})`); // kafkajs retries retriable errors itself
});

await consumer.connect().catch((err) => fail(`${err.message} (bootstrap ${opt.bootstrap})`));
await consumer.subscribe({ topic: opt.topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    if (decoded >= wanted || !message.value) return; // skip tombstones (null value) on compacted topics
    const schemaId = message.value.readInt32BE(1); // after the magic byte 0
    const value = await registry.decode(message.value); // fetches + caches the writer schema by id
    const type = await registry.getSchema(schemaId); // the avsc Type, for its full name
    decoded++;
    console.log(JSON.stringify({
      topic: opt.topic, partition, offset: message.offset, key: message.key?.toString(),
      schemaId, subject: await subjectOf(schemaId), type: type.name, value,
    }, bytesAsBase64, 2));
    if (decoded >= wanted) allDecoded();
  },
});

const outcome = await Promise.race([done, timeout]);
clearTimeout(timer);
await consumer.disconnect();
if (outcome === 'timeout') {
  fail(`only ${decoded} of ${wanted} record(s) arrived from '${opt.topic}' at ${opt.bootstrap} within ${TIMEOUT_MS / 1000} s`);
}
