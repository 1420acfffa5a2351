#!/usr/bin/env node
// pades — ký và kiểm tra chữ ký số PAdES (runs src/cli.ts through tsx).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
