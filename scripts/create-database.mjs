#!/usr/bin/env node
// create-database.mjs <admin url> <name>: drops and creates an empty database for a test run.
import postgres from 'postgres';

const [url, name] = process.argv.slice(2);
if (!url || !name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: create-database.mjs <postgres url> <name: [a-z0-9_]+>');
  process.exit(2);
}
const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  await sql.unsafe(`drop database if exists ${name} with (force)`);
  await sql.unsafe(`create database ${name}`);
  console.log(`database ${name} ready`);
} finally {
  await sql.end();
}
