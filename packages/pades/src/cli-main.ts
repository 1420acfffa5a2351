// Entry of the bundled CLI (dist/pades.mjs): the same main() as bin/pades.mjs runs through tsx.
import { main } from './cli';

process.exitCode = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
});
