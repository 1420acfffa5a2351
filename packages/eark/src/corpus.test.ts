// The official E-ARK CSIP test corpus: every implemented package of every requirement's testCase.xml.
// A valid package gives no error; an invalid one gives a finding naming that requirement, at the level
// (ERROR → error, WARNING → warning) its rule states.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseXml, validatePackage } from './index';
import { kid, kids, attr, descendants } from './xml';

const CORPUS = path.resolve(__dirname, '../../../../shared/fixtures/eark');

interface Case {
  requirement: string;
  rule: string;
  level: 'error' | 'warning';
  name: string;
  dir: string;
  valid: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const req of readdirSync(CORPUS).filter((d) => /^CSIP\d+$/.test(d))) {
    const tc = parseXml(readFileSync(path.join(CORPUS, req, 'testCase.xml')));
    const requirement = attr(kid(tc, 'id'), 'requirementId') ?? req;
    for (const rule of descendants(tc, 'rule')) {
      const level = attr(kid(rule, 'error'), 'level') === 'WARNING' ? 'warning' : 'error';
      for (const pkg of kids(kid(rule, 'corpusPackages'), 'package')) {
        const rel = kid(pkg, 'path')?.text.trim() ?? '';
        if (!rel) continue;
        const candidates = [path.join(CORPUS, req, rel), path.join(CORPUS, req, `${rel}.zip`)];
        const dir = candidates.find((c) => existsSync(c) && (statSync(c).isDirectory() || c.endsWith('.zip')));
        if (!dir) continue; // the corpus lists packages it has not made yet (isImplemented="FALSE")
        out.push({
          requirement,
          rule: attr(rule, 'id') ?? '',
          level,
          name: attr(pkg, 'name') ?? rel,
          dir,
          valid: attr(pkg, 'isValid') === 'TRUE',
        });
      }
    }
  }
  return out;
}

const all = cases();

describe('E-ARK CSIP corpus', () => {
  it('has the corpus cases in place', () => {
    expect(all.filter((c) => !c.valid).length).toBeGreaterThan(60);
    expect(all.filter((c) => c.valid).length).toBeGreaterThan(30);
  });
  for (const c of all) {
    const label = `${c.requirement} rule ${c.rule}: ${c.valid ? 'valid' : 'invalid'} ${path.relative(CORPUS, c.dir)}`;
    it(label, async () => {
      const report = await validatePackage(c.dir);
      if (c.valid) {
        expect(report.findings.filter((f) => f.level === 'error')).toEqual([]);
      } else {
        const named = report.findings.filter((f) => f.id === c.requirement);
        expect(
          named.map((f) => f.level),
          JSON.stringify(report.findings, null, 1),
        ).toContain(c.level);
      }
    });
  }
});
