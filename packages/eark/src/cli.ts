// eark — E-ARK CSIP information packages from the command line.
import { validatePackage } from './validate';

const USAGE = `Usage: eark <command> [options]

Commands:
  validate <dir|zip>... [--json]   Validate E-ARK CSIP 2.1.0 packages; each finding names its requirement
                                   (CSIP1 … CSIP119, CSIPSTR…). Exit 0 when valid, 1 on errors, 2 on bad usage.
  --help                           This text.
`;

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    (cmd ? out : err).write(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === 'validate') {
    const json = rest.includes('--json');
    const paths = rest.filter((a) => !a.startsWith('--'));
    if (!paths.length) {
      err.write('eark validate: name a package folder or ZIP\n');
      return 2;
    }
    let worst = 0;
    const reports = [];
    for (const p of paths) {
      const r = await validatePackage(p);
      reports.push(r);
      if (!r.valid) worst = 1;
      if (!json) {
        out.write(`${p}: ${r.valid ? 'valid' : 'INVALID'} (${r.errors} errors, ${r.warnings} warnings)\n`);
        for (const f of r.findings)
          out.write(`  ${f.level === 'error' ? 'ERROR' : 'warn '} ${f.id}${f.code ? ` [${f.code}]` : ''} ${f.mets ? `${f.mets}${f.line ? `:${f.line}` : ''} ` : ''}${f.message}\n`);
      }
    }
    if (json) out.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
    return worst;
  }
  err.write(`eark: unknown command ${cmd}\n${USAGE}`);
  return 2;
}
